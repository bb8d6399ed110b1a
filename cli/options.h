/*
 * cli/options.h - the option table: one description of every option a
 * command takes, from which its getopt_long() array, its --help, its
 * error messages and the lists the bash completion reads are all made.
 * An option therefore cannot be accepted without being documented, and
 * every command behaves the same way:
 *
 *   -h, --help        the usage, every option with its argument and
 *                     default, on stdout; status 0
 *   a usage mistake   "vmscope CMD: what is wrong" and the usage line on
 *                     stderr; status 2 (EXIT_USAGE)
 *
 * A command lists its tables in its struct cmd_spec (its own options
 * first, then the ones it shares, e.g. guest_opts_table); -h/--help is
 * added to every command here, so no command can lack it.
 */
#ifndef CLI_OPTIONS_H
#define CLI_OPTIONS_H

#include <stdint.h>
#include <stdio.h>

struct opt_spec {
	const char *name;     /* "max-exits" for --max-exits; NULL ends a table */
	int code;             /* what the command's handler is given */
	/* the argument: its name ("N", "FILE") or the words it may be
	 * ("kvm|soft|auto", which the completion offers); NULL: a flag */
	const char *arg;
	/* what holds without the option ("auto", "no limit"); required
	 * when arg is set, NULL for a flag (off by default) */
	const char *deflt;
	const char *help;     /* what it does, one sentence, no full stop */
};

struct cmd_spec {
	const char *name;     /* "trace"; NULL for vmscope itself */
	const char *operands; /* as the usage names them: "GUEST", "" */
	int min_operands, max_operands;
	const char *summary;  /* one line: what the command does */
	/* the option tables, NULL-ended; NULL: none but --help */
	const struct opt_spec *const *tables;
	const char *const *notes;   /* lines after the options, NULL-ended */
	/* printed between the summary and the options (vmscope's own list
	 * of commands), or NULL */
	void (*print_more)(FILE *out);
	/* options only before the first operand (vmscope's own, so that
	 * `vmscope trace --json` leaves --json to trace) */
	int options_first;
};

/* options_parse's "--help was given, the help is printed" */
#define OPTIONS_HELP (-1)

/* One option of the command (its code, its argument or NULL): 0, or
 * EXIT_USAGE after saying why on stderr (options_number does). */
typedef int options_fn(void *ctx, int code, const char *arg);

/*
 * Parse argv (argv[0] is the command's name) against cmd's tables,
 * handing each option to fn.  0 with *first the index of the first
 * operand (between min_operands and max_operands of them follow);
 * OPTIONS_HELP after printing the help on stdout; EXIT_USAGE after
 * saying what is wrong on stderr, or fn's non-zero answer.  fn may be
 * NULL for a command without option tables (only --help).
 */
int options_parse(const struct cmd_spec *cmd, int argc, char **argv,
		  options_fn *fn, void *ctx, int *first);

/* The help, as -h/--help prints it. */
void options_help(const struct cmd_spec *cmd, FILE *out);
/* "vmscope CMD: " + message + the usage line, on stderr; EXIT_USAGE. */
int options_usage_error(const struct cmd_spec *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* One line per option, "--name ARG" or "--name", for the completion. */
void options_list(const struct cmd_spec *cmd, FILE *out);

/*
 * A numeric option's value through core/number.c: 0 with *out in
 * [min, max], or EXIT_USAGE after "vmscope CMD: --OPT 'ARG': why".
 */
int options_number(const char *cmd, const char *opt, const char *arg,
		   uint64_t min, uint64_t max, uint64_t *out);

#endif /* CLI_OPTIONS_H */
