/*
 * cli/main.c - the vmscope command line.
 *
 *   vmscope run [options] GUEST     watch the guest in a full-screen view
 *   vmscope trace [options] GUEST   trace every VM exit, one line each
 *   vmscope guests                  list the built-in guests
 *   vmscope doctor [--json]         what this host's KVM is and can do
 *
 * The table below is the whole list; each command lives in its own file.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/output.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "run", cmd_run, "watch a guest's exits live, full screen "
			  "(--batch: as text)" },
	{ "trace", cmd_trace, "run a guest, printing every VM exit" },
	{ "guests", cmd_guests, "list the built-in guests" },
	{ "doctor", cmd_doctor, "probe this host's KVM: flavour, "
				"capabilities, exit cost" },
	{ NULL, NULL, NULL },
};

static int usage(FILE *out, int status)
{
	fprintf(out, "usage: vmscope COMMAND [options]\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-8s %s\n", c->name, c->summary);
	fprintf(out, "\n`vmscope COMMAND --help` for a command's options.\n");
	return status;
}

int main(int argc, char **argv)
{
	output_std_fds_safe();   /* before anything opens a file */
	if (argc < 2)
		return usage(stderr, EXIT_USAGE);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)
		return usage(stdout, 0);
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "vmscope: unknown command '%s'\n", argv[1]);
	return usage(stderr, EXIT_USAGE);
}
