/*
 * cli/cmd_guests.c - `vmscope guests`: the built-in guests and what each
 * shows, one a line, the name first (the bash completion reads it).  The
 * doctor's probe guests are left out: they are not lessons.
 */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/guests.h"

const struct cmd_spec cmd_guests_spec = {
	.name = "guests",
	.operands = "",
	.min_operands = 0,
	.max_operands = 0,
	.summary = "list the built-in guests",
};

int cmd_guests(int argc, char **argv)
{
	int first, status = options_parse(&cmd_guests_spec, argc, argv, NULL,
					  NULL, &first);

	if (status)
		return status == OPTIONS_HELP ? 0 : status;
	for (const struct builtin_guest *g = builtin_guests; g->name; g++)
		if (!g->is_probe)
			printf("%-10s %s\n", g->name, g->summary);
	return 0;
}
