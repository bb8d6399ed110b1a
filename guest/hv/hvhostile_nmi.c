/*
 * guest/hv/hvhostile_nmi.c - blocking by NMI, as VMX keeps it in the
 * guest interruptibility state.
 *
 * The delivery of an NMI blocks further NMIs until the handler's IRET
 * (SDM Vol. 3A, 6.7.1).  L0 keeps that for L2 in the block's
 * interruptibility (bit 3, blocking by NMI, as the VMCS field): set when
 * an NMI L1 injected has gone through L2's IDT, written back at every
 * exit while L2's handler runs, cleared by its IRETQ.  An NMI L1 injects
 * while the bit is set fails the entry (VMX's check on the guest's
 * non-register state), so a VMX hypervisor holds it until the bit
 * clears - or asks for the NMI window (NESTED_INTERCEPT_NMI_WINDOW, exit
 * 8 where L2 can take one) and injects it there.  An IRET that ends the
 * blocking and then exits says so in bit 12, and L1 blocks NMIs again
 * before it resumes L2 at the IRET.  L2's program is hvhostile_events.c's
 * with its handler on vector 2: the handler writes 0x30 to COM1 then
 * returns, L2's own code writes 0x4d.
 */
#include <stdint.h>

#include "guest/hv/hvhostile.h"
#include "guest/kernel/console.h"

#define NMI       (2u | NESTED_INTR_NMI | NESTED_INTR_VALID)
#define RAX       0
#define RCX       1
#define RDX       2
#define RSP       4
#define RSI       6
#define VEC_UD    6
#define VEC_GP    13
#define SEL_CODE  0x8         /* the boot GDT's code and data selectors */
#define SEL_DATA  0x10
#define STACK_TOP 0x1c00000ULL  /* a 2 MiB page of its own */
#define L0_IO     (HVH_L2_CODE + 0x140)  /* L2's I/O at a port of L0's */

/* "name: exit 30, RAX 0x30, interruptibility 0x8", or the check. */
static void run(const char *name)
{
	if (!hvh_run_say(name))
		return;
	console_puts(", interruptibility ");
	console_puthex(hvh_block.interruptibility);
	console_puts("\n");
}

/* L1 injects an NMI into hvhostile_events.c's program, L2's stack at
 * rsp: its handler's OUT exits, and L1 steps past it to the IRETQ. */
static void nmi_handler_runs(const char *name, uint64_t rsp)
{
	hvh_event_program(2);
	hvh_block.gpr[RSP] = rsp;
	hvh_block.entry_intr_info = NMI;
	hvh_run_blocking(name);
	hvh_block.entry_intr_info = 0;
	hvh_block.rip += hvh_block.exit_insn_len;
}

/* The NMI window asked at an entry into hvhostile_events.c's program
 * (its handler on #UD's vector) with that blocking and event. */
static void window(const char *name, uint32_t blocking, uint32_t event)
{
	hvh_event_program(VEC_UD);
	hvh_block.intercepts |= NESTED_INTERCEPT_NMI_WINDOW;
	hvh_block.interruptibility = blocking;
	hvh_block.entry_intr_info = event;
	hvh_run_blocking(name);
}

/* The NMI window asked at an entry in a MOV SS shadow, where the
 * instruction it covers is an OUT to port 0x80, an IN from it, or a REP
 * OUTSB to it with three bytes from the last byte of a page (the CPU
 * moves one, the rest after) - not in L1's I/O bitmap, so L0's device
 * takes it and L2 goes on: the window opens after the OUT or the IN, RIP
 * past it, no shadow left, an IN's data in RAX; in the REP OUTSB's
 * repetitions, RIP still at it, after the one byte L0's device took (RSI
 * one up, RCX one down); the NMI L1 injects there goes in (L2's
 * handler writes 0x30). */
static void after_l0_io(const char *name, uint8_t byte0, uint8_t byte1)
{
	uint8_t *to = hvh_l2_bytes(L0_IO);

	hvh_event_program(2);
	to[0] = byte0;
	to[1] = byte1;
	to[2] = 0xf4;                   /* hlt */
	hvh_block.rip = L0_IO;
	hvh_block.gpr[RAX] = 0x11;
	hvh_block.gpr[RCX] = 3;
	hvh_block.gpr[RDX] = 0x80;
	hvh_block.gpr[RSI] = HVH_L2_CODE + 0xfff;
	hvh_block.intercepts |= NESTED_INTERCEPT_NMI_WINDOW;
	hvh_block.interruptibility = NESTED_BLOCK_BY_MOV_SS;
	if (hvh_run_blocking(name)) {
		hv_say("... RSI ");
		console_puthex(hvh_block.gpr[RSI]);
		console_puts(", RCX ");
		console_puthex(hvh_block.gpr[RCX]);
		console_puts("\n");
	}
	hvh_block.intercepts &= ~NESTED_INTERCEPT_NMI_WINDOW;
	hvh_block.entry_intr_info = NMI;
	hvh_run_blocking("... the window is open: L1 injects the NMI");
}

/* L1 holds an NMI while L2 is blocked and asks for the NMI window: the
 * exit comes right after the handler's IRETQ, where L1 injects it.  The
 * window without blocking opens before L2's first instruction; in a MOV
 * SS shadow after it; an STI shadow does not hold it here.  With an
 * event injected at the same entry, it opens after the event's delivery,
 * before the handler's first instruction. */
static void window_cases(void)
{
	nmi_handler_runs("L1 injects an NMI again", 0x80000);
	hvh_block.intercepts |= NESTED_INTERCEPT_NMI_WINDOW;
	hvh_run_blocking("... L1 holds another and asks for the NMI window");
	hvh_block.intercepts &= ~NESTED_INTERCEPT_NMI_WINDOW;
	hvh_block.entry_intr_info = NMI;
	hvh_run_blocking("... the window is open: L1 injects it");
	window("the NMI window, nothing blocking", 0, 0);
	window("the NMI window, L2 in a MOV SS shadow", NESTED_BLOCK_BY_MOV_SS,
	       0);
	window("the NMI window, L2 in an STI shadow", NESTED_BLOCK_BY_STI, 0);
	window("the NMI window with #UD injected", 0,
	       VEC_UD | NESTED_INTR_HW_EXCEPTION | NESTED_INTR_VALID);
	after_l0_io("the NMI window in a MOV SS shadow over an OUT L0 handles",
		    0xe6, 0x80);                /* out %al, $0x80 */
	after_l0_io("... over an IN L0 handles", 0xe4, 0x80);
	after_l0_io("... over a REP OUTSB L0 handles", 0xf3, 0x6e);
}

/* An IRET that unblocked NMIs and then exited: bit 12 of exit_intr_info
 * (a #GP L1 intercepts: the frame's SS a code segment) or of the EPT
 * violation's qualification (the stack unmapped).  Blocking by NMI is
 * clear in the block; L1 sets it again before it resumes L2 at the
 * IRETQ (SDM Vol. 3C, "Resuming Guest Software after Handling an
 * Exception"), which then ends it. */
static void iret_cases(void)
{
	uint64_t *entry, saved, *ss;

	nmi_handler_runs("L1 injects an NMI, L2's stack at 0x1c00000",
			 STACK_TOP);
	entry = hvh_nested_entry(STACK_TOP - 1);
	saved = *entry;
	*entry = 0;
	hvh_invalidate();
	hvh_run_blocking("... L1 unmaps the stack: the handler's IRETQ");
	*entry = saved;
	hvh_block.interruptibility |= NESTED_BLOCK_BY_NMI;
	hvh_run_blocking("... L1 maps it, blocks NMIs again: the IRETQ");
	nmi_handler_runs("L1 injects an NMI", 0x80000);
	ss = (uint64_t *)hvh_l2_bytes(hvh_block.gpr[RSP] + 32);
	*ss = SEL_CODE;
	hvh_block.exception_bitmap = 1u << VEC_GP;
	hvh_run_blocking("... L1 makes the frame's SS a code segment: the "
			 "IRETQ");
	*ss = SEL_DATA;
	hvh_block.interruptibility |= NESTED_BLOCK_BY_NMI;
	hvh_run_blocking("... L1 mends it, blocks NMIs again: the IRETQ");
}

void hvh_nmi_cases(void)
{
	hvh_event_program(2);
	hvh_block.entry_intr_info = NMI;
	run("L1 injects an NMI; L2's handler writes COM1");
	hvh_block.entry_intr_info = NMI;
	run("... another NMI while the handler runs");
	hvh_block.entry_intr_info = 0;
	hvh_block.rip += hvh_block.exit_insn_len;
	run("... none: the handler's IRETQ, then L2's own code");
	hvh_block.entry_intr_info = NMI;
	run("... an NMI after the IRETQ");
	window_cases();
	iret_cases();
}
