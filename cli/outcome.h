/*
 * cli/outcome.h - how a run ended, as the front ends report it.
 *
 * `vmscope trace` and `vmscope run` end the same way: a note on stderr
 * saying how the guest ended, and the process exit status the README
 * promises (the guest's own status, 0 when it halted or was stopped, 128 +
 * the signal's number when a signal stopped it: 130 after Ctrl-C, 143
 * after SIGTERM).  A crash is the caller's to report: each front end has
 * its own report (the tracer's registers, the view's saved screen).
 */
#ifndef CLI_OUTCOME_H
#define CLI_OUTCOME_H

#include <stdbool.h>

#include "core/vm.h"

/* For state EXITED, HALTED or STOPPED: print the note, return the status. */
int outcome_status(enum vm_state state, int exit_status, const char *reason);

#endif /* CLI_OUTCOME_H */
