/*
 * guest/hv/hvhostile_iret.c - bit 12 of exit_intr_info (NMI unblocking
 * due to IRET) when the NMI's delivery, the handler and its IRET all run
 * in one run of L2's, and when a trap follows an IRET that completed.
 *
 * hvhostile_nmi.c's IRET cases stop first at the handler's OUT, so the
 * IRET always runs in a run of its own.  Here L1 injects the NMI and
 * L2's handler at once makes its frame's SS a code selector (or L1
 * already did) and runs IRETQ: the IRETQ ends the blocking by NMI, then
 * faults with #GP(0x8), which L1 intercepts - bit 12 set (SDM Vol. 3C,
 * 27.2.2), whether the handler's first instruction is the IRETQ, whether
 * L1 asked for the NMI window, whether L0's shadow of L2's pages is cold
 * (the first run stops at shadow faults before the IRETQ) or warm (it
 * does not; a breakpoint of vmscope's at a handler that the NMI reaches
 * first in such a run stops L2 there).  A single-step trap after an
 * IRETQ that completed is a #DB after it, no fault of it: bit 12 clear
 * (it is for a fault on the IRET, not a trap after it), RIP past the
 * IRETQ, and the blocking where L2 stands then.
 */
#include <stdint.h>

#include "guest/hv/hvhostile.h"

#define NMI       (2u | NESTED_INTR_NMI | NESTED_INTR_VALID)
#define RSP       4
#define VEC_DB    1
#define VEC_GP    13
#define RFLAGS_TF 0x100ULL
#define SEL_CODE  0x8          /* the boot GDT's code selector */
#define HANDLER   (HVH_L2_CODE + 0x100)
#define HANDLER_WARM (HVH_L2_CODE + 0x180) /* first reached by a delivery
					       with its page in L0's shadow:
					       `--until L2:*0x1800180`
					       stops there */

/* L2's NMI handler at at: with corrupt, `movq $8, 32(%rsp)` (its frame's
 * SS the code selector) before the IRETQ; else the IRETQ alone. */
static void handler(uint64_t at, int corrupt)
{
	static const uint8_t code[] = { 0x48, 0xc7, 0x44, 0x24, 0x20,
					0x08, 0x00, 0x00, 0x00, 0x48, 0xcf };
	const uint8_t *from = corrupt ? code : code + 9;
	uint8_t *to = hvh_l2_bytes(at);

	for (const uint8_t *p = from; p < code + sizeof(code); p++)
		*to++ = *p;
	hvh_l2_gate(2, at);
}

/* hvhostile_events.c's program with that NMI handler at HANDLER, #GP in
 * L1's exception bitmap, and intercepts more. */
static void program(int corrupt, uint32_t intercepts)
{
	hvh_event_program(2);
	handler(HANDLER, corrupt);
	hvh_block.exception_bitmap = 1u << VEC_GP;
	hvh_block.intercepts |= intercepts;
}

/* L1 injects the NMI at L2's first instruction, its stack at 0x80000. */
static void inject(const char *name)
{
	hvh_block.rip = HVH_L2_CODE;
	hvh_block.gpr[RSP] = 0x80000;
	hvh_block.interruptibility = 0;
	hvh_block.entry_intr_info = NMI;
	hvh_run_blocking(name);
}

static void same_run_cases(void)
{
	program(1, 0);
	inject("an NMI whose handler's IRETQ faults in the same run, shadow "
	       "cold");
	inject("... shadow warm");
	handler(HANDLER_WARM, 1);
	inject("... the handler where L2 never ran, in a page L0 has");
	program(1, NESTED_INTERCEPT_NMI_WINDOW);
	inject("... with the NMI window asked");
	program(0, NESTED_INTERCEPT_NMI_WINDOW);
	hvh_block.ss.selector = SEL_CODE;
	inject("the handler's first instruction the IRETQ, the NMI window "
	       "asked, shadow cold");
	inject("... shadow warm");
	hvh_block.intercepts &= ~NESTED_INTERCEPT_NMI_WINDOW;
	inject("... not asked");
}

/* L1 sets TF at the handler's OUT and intercepts #DB: the trap comes
 * after the IRETQ, at L2's own code. */
static void trap_case(void)
{
	hvh_event_program(2);
	hvh_block.entry_intr_info = NMI;
	hvh_run_blocking("L1 injects an NMI; the handler's OUT");
	hvh_block.entry_intr_info = 0;
	hvh_block.rip += hvh_block.exit_insn_len;
	hvh_block.rflags |= RFLAGS_TF;
	hvh_block.exception_bitmap = 1u << VEC_DB;
	hvh_run_blocking("... L1 sets TF, intercepts #DB: the trap after the "
			 "IRETQ");
}

void hvh_iret_cases(void)
{
	same_run_cases();
	trap_case();
}
