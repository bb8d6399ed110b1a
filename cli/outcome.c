/*
 * cli/outcome.c - the note and exit status for how a run ended.
 */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/outcome.h"
#include "cli/signals.h"

int outcome_status(enum vm_state state, int exit_status, const char *reason)
{
	fprintf(stderr, "vmscope: %s\n", reason);
	if (state == VM_EXITED)
		return exit_status;
	if (state == VM_STOPPED && signals_caught())
		return signals_status();
	return 0;
}
