/*
 * cli/guest_opts.c - the shared command line of trace and run (see
 * cli/guest_opts.h).
 *
 * getopt_long() takes one table, so the shared options and the command's
 * own are copied into one, the shared ones first.  Their codes do not
 * collide: the command's are characters, the shared ones 0x100 and up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/guest_opts.h"

#define OPT_BACKEND 0x110
#define OPT_HELP    0x111

static const struct option shared[] = {
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "keys", required_argument, NULL, MACHINE_OPT_KEYS },
	{ "console", required_argument, NULL, MACHINE_OPT_CONSOLE },
	{ "vga", required_argument, NULL, MACHINE_OPT_VGA },
	{ "display", required_argument, NULL, MACHINE_OPT_DISPLAY },
	{ "help", no_argument, NULL, OPT_HELP },
};
#define SHARED_COUNT (sizeof(shared) / sizeof(shared[0]))

/* The shared options, then the command's own, then the zero entry;
 * NULL when out of memory (caller frees). */
static struct option *one_table(const struct option *own)
{
	size_t n = 0;
	struct option *table;

	while (own[n].name)
		n++;
	table = calloc(SHARED_COUNT + n + 1, sizeof(*table));
	if (!table)
		return NULL;
	memcpy(table, shared, sizeof(shared));
	memcpy(table + SHARED_COUNT, own, n * sizeof(*own));
	return table;
}

static int usage(const struct guest_cmd *cmd, FILE *out, int status)
{
	/* continuation lines start under the first option */
	int indent = (int)(strlen("usage: vmscope ") + strlen(cmd->name) + 1);

	fprintf(out, "usage: vmscope %s [--backend kvm|soft|auto] %s\n",
		cmd->name, cmd->usage[0]);
	for (size_t i = 1; cmd->usage[i]; i++)
		fprintf(out, "%*s%s\n", indent, "", cmd->usage[i]);
	fprintf(out, "%*s[--keys TEXT] [--console poll|irq] [--vga ram|mmio]\n"
		"%*s[--display none|sdl] GUEST\n", indent, "", indent, "");
	if (cmd->note)
		fprintf(out, "%s\n", cmd->note);
	fprintf(out, "GUEST is a built-in guest (vmscope guests) or an ELF "
		"file.\n");
	return status;
}

/* One option from the table: 0, GUEST_OPTS_HELP or EXIT_USAGE. */
static int one_opt(const struct guest_cmd *cmd, int c, struct guest_opts *o,
		   void *ctx)
{
	switch (c) {
	case OPT_BACKEND:
		o->backend = optarg;
		return 0;
	case OPT_HELP:
		usage(cmd, stdout, 0);
		return GUEST_OPTS_HELP;
	case MACHINE_OPT_KEYS: case MACHINE_OPT_CONSOLE:
	case MACHINE_OPT_VGA: case MACHINE_OPT_DISPLAY:
		return machine_opt(&o->machine, c, optarg, cmd->name);
	case '?':   /* getopt_long has said what was wrong */
		return usage(cmd, stderr, EXIT_USAGE);
	default:
		return cmd->own_opt(ctx, c, optarg);
	}
}

int guest_opts_parse(const struct guest_cmd *cmd, int argc, char **argv,
		     struct guest_opts *o, void *ctx)
{
	struct option *table = one_table(cmd->own);
	int c, status = 0;

	if (!table) {
		fprintf(stderr, "vmscope %s: out of memory\n", cmd->name);
		return EXIT_CRASH;
	}
	*o = (struct guest_opts){ .backend = "auto" };
	optind = 1;
	while (!status && (c = getopt_long(argc, argv, "", table, NULL)) != -1)
		status = one_opt(cmd, c, o, ctx);
	free(table);
	if (status)
		return status;
	if (optind != argc - 1)
		return usage(cmd, stderr, EXIT_USAGE);
	o->guest = argv[optind];
	return 0;
}
