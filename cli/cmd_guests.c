/*
 * cli/cmd_guests.c - `vmscope guests`: the built-in guests and what each
 * shows.  The doctor's probe guests are left out: they are not lessons.
 */
#include <stdio.h>

#include "cli/commands.h"
#include "core/guests.h"

int cmd_guests(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "usage: vmscope guests\n");
		return EXIT_USAGE;
	}
	for (const struct builtin_guest *g = builtin_guests; g->name; g++)
		if (!g->is_probe)
			printf("%-10s %s\n", g->name, g->summary);
	return 0;
}
