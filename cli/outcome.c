/*
 * cli/outcome.c - the note and exit status for how a run ended.
 */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/outcome.h"

int outcome_status(enum vm_state state, int exit_status, const char *reason,
		   bool interrupted)
{
	fprintf(stderr, "vmscope: %s\n", reason);
	if (state == VM_EXITED)
		return exit_status;
	if (state == VM_STOPPED && interrupted)
		return EXIT_INTERRUPTED;
	return 0;
}
