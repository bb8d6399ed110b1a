/*
 * cli/guest_opts.h - the command line of a command that runs a guest
 * (trace, run): one parser for the options they share, and each
 * command's own options beside them.
 *
 *   vmscope CMD [--backend kvm|soft|auto] [CMD's own options]
 *               [--keys TEXT] [--console poll|irq] [--vga ram|mmio]
 *               [--display none|sdl] GUEST
 *
 * The shared options land in struct guest_opts (--backend, GUEST, and the
 * machine options of cli/machine_opts.h); --help prints the usage.  A
 * command describes its own options (a getopt_long table, the usage
 * lines) and gets each one it is given through its own_opt function.
 */
#ifndef CLI_GUEST_OPTS_H
#define CLI_GUEST_OPTS_H

#include <getopt.h>

#include "cli/machine_opts.h"

#define GUEST_OPTS_HELP (-1)   /* --help: usage printed on stdout, exit 0 */

struct guest_opts {
	const char *backend;          /* kvm, soft, auto (the default) */
	const char *guest;            /* the one argument */
	struct machine_opts machine;
};

struct guest_cmd {
	const char *name;             /* "trace": in the usage and messages */
	/* its own options, ended by a zero entry; their getopt codes are
	 * characters (below the MACHINE_OPT_* codes) */
	const struct option *own;
	/* its own options' usage lines, ended by NULL: the first follows
	 * [--backend ...] on the "usage:" line, the rest line up below */
	const char *const *usage;
	const char *note;             /* printed after the usage, or NULL */
	/* One of the command's own options (code, its argument or NULL):
	 * 0, or EXIT_USAGE after saying why on stderr. */
	int (*own_opt)(void *ctx, int code, const char *arg);
};

/*
 * Parse argv (argv[0] is the command's name): 0 with o filled in,
 * GUEST_OPTS_HELP after --help, EXIT_USAGE after saying why on stderr
 * (the usage, for an unknown option or a missing GUEST), or EXIT_CRASH
 * when out of memory.  ctx goes to cmd->own_opt.
 */
int guest_opts_parse(const struct guest_cmd *cmd, int argc, char **argv,
		     struct guest_opts *o, void *ctx);

#endif /* CLI_GUEST_OPTS_H */
