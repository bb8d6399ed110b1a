/*
 * core/cells_ticks.h - vmscope's own view of a real-time cell's timer:
 * how long after each tick was due vmscope injected it, read from the
 * exit stream alone.
 *
 * The PIT raises IRQ 0 on host time; the vCPU thread notices (its waker's
 * alarm, or the next exit), the PIC acknowledges, and the backend injects
 * the vector just before the next run (KVM_INTERRUPT, or the soft CPU's
 * own delivery).  The exit record of that run carries the tick's deadline
 * (exit->injected.due_ns) and the run's start (exit->resume_ns), so the
 * injection delay of every tick is resume_ns - due_ns: the part of a
 * control loop's lateness that is vmscope's (and the host scheduler's),
 * before the guest's handler runs at all.  guest/rt measures the whole of
 * it from inside; the two sit side by side in `vmscope cells`.
 *
 * The delays go into the guest's own histogram (guest/rt/rt_hist.h), so
 * both bucket alike.  Threading: a cell's vCPU thread adds, the main
 * thread reads after joining it.
 */
#ifndef CORE_CELLS_TICKS_H
#define CORE_CELLS_TICKS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/exit.h"
#include "guest/rt/rt_hist.h"

struct cells_ticks {
	uint64_t exits;          /* exit records seen */
	uint64_t injected;       /* timer interrupts (IRQ 0) injected */
	uint64_t tick_exits;     /* exits from a tick's injection up to
				    the HLT after it: the tick's own cost
				    (what remains of a partitioned cell's
				    exits in steady state) */
	uint64_t pending;        /* exits since the last injection, no
				    HLT yet: the tick's once one comes */
	struct rt_hist delay;    /* each one's delay, for those whose
				    deadline is known */
	uint64_t last_delay_ns;  /* the newest of them */
};

/* The injection delay of the tick that went in before exit's run: true
 * with *ns set when that run began with IRQ 0 injected for a known
 * deadline, false for every other exit. */
bool cells_tick_delay(const struct exit_record *exit, uint64_t *ns);
/* Count one exit of the stream - as a tick's when it comes between a
 * timer injection and the HLT after it, that HLT included (a loop that
 * goes on to other work instead, such as printing its results, does not
 * make that work the tick's) - and its tick's delay if it has one. */
void cells_ticks_add(struct cells_ticks *t, const struct exit_record *exit);

#endif /* CORE_CELLS_TICKS_H */
