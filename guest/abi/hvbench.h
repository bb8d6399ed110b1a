/*
 * guest/abi/hvbench.h - what the nesting benchmark's L1 (guest/hv/
 * hvbench.c) and its driver (bench/nested_cost.c) agree on.
 *
 * L1 runs ROUNDS rounds of five phases, one after another, and writes the
 * phase's number to HVBENCH_PORT_MARK (an exit of L1's) before each, and
 * HVBENCH_PHASE_END after the last: the driver notes its CPU time at each
 * mark, so each phase's time is the difference of two marks.
 */
#ifndef GUEST_ABI_HVBENCH_H
#define GUEST_ABI_HVBENCH_H

#define HVBENCH_PORT_MARK 0x84   /* L1: the phase that begins (a DMA page
				    register on a PC; nothing here) */
#define HVBENCH_PORT_DONE 0x81   /* L2: its phase is over (L1 intercepts) */
#define HVBENCH_ROUNDS    11
#define HVBENCH_EXITS     20000  /* port writes per exit phase */
#define HVBENCH_PAGES     512    /* L2-physical pages per touch phase */

enum hvbench_phase {
	HVBENCH_PHASE_SINGLE = 1,    /* L1 writes PORT_POST: single-level */
	HVBENCH_PHASE_REFLECTED,     /* L2 writes PORT_POST, L1 intercepts
					it: reflected, L1 resumes L2 */
	HVBENCH_PHASE_L0,            /* L2 writes PORT_POST, L1 does not
					intercept it: L0's device alone */
	HVBENCH_PHASE_TOUCH_NEW,     /* L2 reads one byte of each of PAGES
					pages L0's shadow lacks */
	HVBENCH_PHASE_TOUCH_AGAIN,   /* ... the same pages, now shadowed */
	HVBENCH_PHASE_END,
};

#endif /* GUEST_ABI_HVBENCH_H */
