/*
 * tests/guests/tick_hlt.S - a guest whose exits are known one by one:
 * the PIT's slowest rate, taken with `sti; hlt`.
 *
 * Counter 0 in mode 2 with count 0 (65536: a tick every 54.9 ms), IRQ 0
 * the only input open.  The main loop waits in `sti; hlt`; the handler
 * counts the tick, sends the EOI and returns - and at the TICKS-th tick
 * writes 42 to the exit port instead (tests/guests/tick_loop.inc).  Every
 * tick comes while the guest halts, so the exits are exactly: the 13 OUTs
 * of the set-up, then per tick a HLT and the OUT that ends the run the
 * injection began (the EOI, or the exit port's at the last).  The vCPU
 * thread waits for each tick in the waker (core/waker.c), which the timer
 * thread and its own timeout both end; no INTR exit belongs in this list.
 */
	.set	TICKS, 10

	.text
pit_start:
	jmp	pit_slowest

	.include "tests/guests/tick_loop.inc"
