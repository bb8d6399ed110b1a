/*
 * cli/main.c - the vmscope command line.
 *
 *   vmscope run [options] GUEST     watch the guest in a full-screen view
 *   vmscope trace [options] GUEST   trace every VM exit, one line each
 *   vmscope guests                  list the built-in guests
 *   vmscope cells [options] FILE    guests side by side as static cells
 *   vmscope doctor [options]        what this host's KVM is and can do
 *   vmscope help [COMMAND]          the help of vmscope or of COMMAND
 *
 * The table below is the whole list; each command lives in its own file
 * and describes its options in a struct cmd_spec (cli/options.h), which
 * gives every command the same -h/--help and the same usage errors.
 * vmscope's own options come before the command: --version, and the
 * lists the bash completion reads (--list-commands, --list-options).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/output.h"
#include "cli/version.h"

struct command {
	const struct cmd_spec *spec;
	int (*run)(int argc, char **argv);
};

static int cmd_help(int argc, char **argv);

static const struct cmd_spec help_spec = {
	.name = "help",
	.operands = "[COMMAND]",
	.min_operands = 0,
	.max_operands = 1,
	.summary = "the help of vmscope, or of COMMAND (as COMMAND --help)",
};

static const struct command commands[] = {
	{ &cmd_run_spec, cmd_run },
	{ &cmd_trace_spec, cmd_trace },
	{ &cmd_guests_spec, cmd_guests },
	{ &cmd_lesson_spec, cmd_lesson },
	{ &cmd_lessons_spec, cmd_lessons },
	{ &cmd_cells_spec, cmd_cells },
	{ &cmd_doctor_spec, cmd_doctor },
	{ &help_spec, cmd_help },
	{ NULL, NULL },
};

/* vmscope's own options */
enum { OPT_VERSION = 1, OPT_LIST_COMMANDS, OPT_LIST_OPTIONS };

static const struct opt_spec vmscope_table[] = {
	{ "version", OPT_VERSION, NULL, NULL,
	  "print vmscope's version and exit" },
	{ "list-commands", OPT_LIST_COMMANDS, NULL, NULL,
	  "print the commands, one a line with what they take (for scripts "
	  "and the bash completion)" },
	{ "list-options", OPT_LIST_OPTIONS, "COMMAND", NULL,
	  "print COMMAND's options, one a line with their argument (for "
	  "scripts and the bash completion)" },
	{ NULL, 0, NULL, NULL, NULL },
};

static void print_commands(FILE *out)
{
	fprintf(out, "\ncommands:\n");
	for (const struct command *c = commands; c->spec; c++)
		fprintf(out, "  %-8s %s\n", c->spec->name, c->spec->summary);
}

static const struct opt_spec *const vmscope_tables[] = { vmscope_table, NULL };
static const char *const vmscope_notes[] = {
	"`vmscope COMMAND --help` lists a command's options; `man vmscope` "
	"has them all.",
	NULL,
};

static const struct cmd_spec vmscope_spec = {
	.name = NULL,
	.operands = "COMMAND [ARGS]",
	.min_operands = 0,
	.max_operands = INT_MAX,
	.summary = "run a small guest under KVM or a software x86-64 CPU and "
		   "watch its VM exits",
	.tables = vmscope_tables,
	.notes = vmscope_notes,
	.print_more = print_commands,
	.options_first = 1,
};

static const struct command *command_named(const char *name)
{
	for (const struct command *c = commands; c->spec; c++)
		if (strcmp(name, c->spec->name) == 0)
			return c;
	return NULL;
}

static int unknown_command(const char *name)
{
	return options_usage_error(&vmscope_spec, "unknown command '%s' "
				   "(vmscope --list-commands)", name);
}

static int cmd_help(int argc, char **argv)
{
	const struct command *c;
	int first, status = options_parse(&help_spec, argc, argv, NULL, NULL,
					  &first);

	if (status)
		return status == OPTIONS_HELP ? 0 : status;
	if (first == argc) {
		options_help(&vmscope_spec, stdout);
		return 0;
	}
	c = command_named(argv[first]);
	if (!c)
		return unknown_command(argv[first]);
	options_help(c->spec, stdout);
	return 0;
}

/* One of vmscope's own options: it does its job and ends the run. */
struct own_opt {
	int code;
	const char *arg;
};

static int own_opt(void *ctx, int code, const char *arg)
{
	struct own_opt *o = ctx;

	if (!o->code)
		*o = (struct own_opt){ code, arg };
	return 0;
}

static int do_own_opt(const struct own_opt *o)
{
	const struct command *c;

	switch (o->code) {
	case OPT_VERSION:
		printf("vmscope %s\n", VMSCOPE_VERSION);
		return 0;
	case OPT_LIST_COMMANDS:
		for (c = commands; c->spec; c++)
			printf("%s%s%s\n", c->spec->name,
			       c->spec->operands[0] ? " " : "",
			       c->spec->operands);
		return 0;
	default:   /* OPT_LIST_OPTIONS */
		c = command_named(o->arg);
		if (!c)
			return unknown_command(o->arg);
		options_list(c->spec, stdout);
		return 0;
	}
}

/*
 * What a command that went well printed must have reached stdout: a grade
 * (lesson --check), a report a script parses (doctor --json), a list.
 * stdout is flushed here, before exit() would flush it and drop the error,
 * and a failed write is said and makes the status 1.  A command that
 * failed keeps its own status; trace, run and cells report their own
 * lost output (cli/output.h) and fail with it, so it is said only once.
 */
static int stdout_reached(const char *cmd, int status)
{
	struct output std = { .f = stdout, .what = "its output",
			      .where = "stdout" };

	if (status)
		return status;
	return output_finish(&std, cmd, false);
}

static int run_command(int argc, char **argv)
{
	struct own_opt own = { 0 };
	const struct command *c;
	int first, status;

	status = options_parse(&vmscope_spec, argc, argv, own_opt, &own,
			       &first);
	if (status)
		return status == OPTIONS_HELP ? 0 : status;
	if (own.code)
		return do_own_opt(&own);
	if (first == argc) {
		fprintf(stderr, "vmscope: no command given\n");
		options_help(&vmscope_spec, stderr);
		return EXIT_USAGE;
	}
	c = command_named(argv[first]);
	if (!c)
		return unknown_command(argv[first]);
	return stdout_reached(argv[first], c->run(argc - first, argv + first));
}

int main(int argc, char **argv)
{
	output_std_fds_safe();   /* before anything opens a file */
	return stdout_reached("", run_command(argc, argv));   /* --version */
}
