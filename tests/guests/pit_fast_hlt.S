/*
 * tests/guests/pit_fast_hlt.S - a hostile guest: the PIT at its fastest
 * rate, taken with `sti; hlt`.
 *
 * Counter 0 in mode 2 with count 2 (a tick every 1.676 us), IRQ 0 the only
 * input open.  The main loop waits in `sti; hlt`; the handler counts the
 * tick, sends the EOI and returns - and at the 1000th tick writes 42 to
 * the exit port instead.  (It ends the run itself: ticks come faster than
 * any exit is handled, so after the first one the CPU, as a real one
 * would, takes the next interrupt right after each IRETQ and never gets
 * back to the loop.)  Most ticks are coalesced; the run must end after
 * exactly 1000 injections, each costing a bounded number of exits (the
 * EOI's OUT, a window or a HLT), and no kick for a tick the PIC would not
 * pass on.
 */
	.set	TICKS, 1000

	.text
pit_start:
	jmp	pit_fastest

	.include "tests/guests/tick_loop.inc"
