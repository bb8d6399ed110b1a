/*
 * cli/signals.h - Ctrl-C, SIGTERM and SIGHUP stop the guest, and the run
 * says which one did, with the shell's status for it (128 + the number:
 * 130, 143, 129).
 *
 * The handlers are installed with sigaction() and without SA_RESTART: a
 * read() waiting at the --step prompt returns EINTR instead of silently
 * waiting on, so a signal ends every wait.  Other threads (the waker's
 * timer, the SDL display, the TUI's vCPU thread) must never take these
 * signals, or a wait on the main thread would go on: signals_block()
 * before they are created makes them inherit a mask that blocks them, and
 * the waker's timer, started later (by the first deadline, after
 * signals_catch()), blocks every signal itself (core/waker.c).
 *
 * Threading: signals_block(), signals_catch() and signals_release() on the
 * main thread; the handler runs there too.
 */
#ifndef CLI_SIGNALS_H
#define CLI_SIGNALS_H

#include <stdbool.h>

#include "core/vm.h"

/* Block SIGINT, SIGTERM and SIGHUP in this thread and the threads it
 * will create.  Before the VM and its threads exist. */
void signals_block(void);
/* From now on each stops vm (vm_request_stop_why) and is remembered;
 * unblocks them in this thread (one that arrived meanwhile is taken
 * now).  vm may be NULL: remembered only. */
void signals_catch(struct vm *vm);
/* Main thread, after signals_catch(): wait until fd has input (or its
 * end) - true - or a stop signal comes - false, also when one came
 * before.  A signal just before the wait cannot slip past it. */
bool signals_wait_readable(int fd);
/* The VM is going away: a late signal is only remembered. */
void signals_release(void);
/* The last signal caught, or 0. */
int signals_caught(void);
/* What the last signal caught did, as a run's end says it ("stopped by
 * SIGTERM"); a string constant. */
const char *signals_reason(void);
/* The process status for a run a signal ended: 128 + its number. */
int signals_status(void);

#endif /* CLI_SIGNALS_H */
