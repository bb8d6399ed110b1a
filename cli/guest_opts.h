/*
 * cli/guest_opts.h - the command line of a command that runs a guest
 * (trace, run): the options they share, parsed in one place, beside each
 * command's own.
 *
 *   vmscope CMD [CMD's own options] [--backend kvm|soft|auto]
 *               [--keys TEXT] [--console poll|irq] [--vga ram|mmio]
 *               [--display none|sdl] GUEST
 *
 * A command's struct cmd_spec (cli/options.h) lists its own option table,
 * then guest_opts_table (--backend) and machine_opts_table (the machine's
 * shape, cli/machine_opts.h).  The shared options land in struct
 * guest_opts; the command gets each of its own through its own_opt.
 */
#ifndef CLI_GUEST_OPTS_H
#define CLI_GUEST_OPTS_H

#include "cli/machine_opts.h"
#include "cli/options.h"

#define GUEST_OPTS_HELP OPTIONS_HELP   /* --help: printed, exit 0 */

/* The note every such command's help ends with. */
#define GUEST_OPTS_NOTE \
	"GUEST is a built-in guest (vmscope guests) or an ELF file."

extern const struct opt_spec guest_opts_table[];

struct guest_opts {
	const char *backend;          /* kvm, soft, auto (the default) */
	const char *guest;            /* the one argument */
	struct machine_opts machine;
};

/*
 * Parse argv (argv[0] is the command's name) against cmd: 0 with o
 * filled in, GUEST_OPTS_HELP after --help, EXIT_USAGE after saying why
 * on stderr.  The command's own options go to own_opt(ctx, code, arg);
 * their codes are characters (below the MACHINE_OPT_* codes).
 */
int guest_opts_parse(const struct cmd_spec *cmd, options_fn *own_opt,
		     int argc, char **argv, struct guest_opts *o, void *ctx);

#endif /* CLI_GUEST_OPTS_H */
