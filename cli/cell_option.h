/*
 * cli/cell_option.h - `--cell FILE` of `vmscope trace` and `vmscope run`:
 * instead of one GUEST, every cell of a configuration (docs/PARTITIONING.md),
 * checked first as `vmscope cells` checks it.
 *
 * A cell is the machine its file describes, so with --cell a command takes
 * no GUEST and none of the options that shape one guest's machine
 * (--keys, --console, --vga, --display, --nested, --hypervisor, --net,
 * --net-path); each is refused by name.
 */
#ifndef CLI_CELL_OPTION_H
#define CLI_CELL_OPTION_H

#include "cli/guest_opts.h"
#include "cli/options.h"
#include "core/backend.h"
#include "core/cells.h"

/*
 * After guest_opts_parse() of cmd with --cell file: the checked
 * configuration in *cfg (free() it) and the backend in *ops (said on
 * stderr when chosen by `auto`).  0, or the process status after saying
 * why on stderr: 2 for usage (a GUEST too, an option for one guest, a
 * wrong file: "file:line: what is wrong"), 1 when no backend can run.
 */
int cell_option_load(const struct cmd_spec *cmd, const struct guest_opts *g,
		     const char *file, struct cells_config **cfg,
		     const struct backend_ops **ops);

#endif /* CLI_CELL_OPTION_H */
