/*
 * core/cells_ticks.c - the injection delay of each timer tick, from the
 * exit stream (see core/cells_ticks.h).
 *
 * The histogram's code is the guest's (guest/rt/rt_hist.c: freestanding C
 * over <stdint.h>), compiled into vmscope here - the one place it is, so
 * cli/rt_stats.c, which rebuilds the guest's printed histogram, uses it
 * from here too.
 */
#include "core/cells_ticks.h"
#include "guest/abi/machine.h"
#include "guest/rt/rt_hist.c"

bool cells_tick_delay(const struct exit_record *exit, uint64_t *ns)
{
	const struct exit_inject *in = &exit->injected;

	/* due_ns <= resume_ns always (the PIT caught up to resume_ns before
	 * the injection); the check keeps a broken record from wrapping */
	if (!in->valid || in->irq != IRQ_TIMER || in->due_ns == 0 ||
	    in->due_ns > exit->resume_ns)
		return false;
	*ns = exit->resume_ns - in->due_ns;
	return true;
}

void cells_ticks_add(struct cells_ticks *t, const struct exit_record *exit)
{
	uint64_t ns;

	t->exits++;
	if (exit->injected.valid && exit->injected.irq == IRQ_TIMER) {
		t->injected++;
		/* exits since an injection no HLT ended stay uncounted: a
		 * guest that works on between ticks makes them its work's */
		t->pending = 1;
	} else if (t->pending) {
		t->pending++;
	}
	if (exit->reason == EXIT_HLT) {
		t->tick_exits += t->pending;
		t->pending = 0;
	}
	if (cells_tick_delay(exit, &ns)) {
		rt_hist_add(&t->delay, ns);
		t->last_delay_ns = ns;
	}
}
