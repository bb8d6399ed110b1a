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
 * clears; a reserved bit of the field fails too.  L2's program is
 * hvhostile_events.c's with its handler on vector 2: the handler writes
 * 0x30 to COM1 then returns, L2's own code writes 0x4d.
 */
#include <stdint.h>

#include "guest/hv/hvhostile.h"
#include "guest/kernel/console.h"

#define NMI       (2u | NESTED_INTR_NMI | NESTED_INTR_VALID)

/* "name: exit 30, RAX 0x30, interruptibility 0x8", or the check. */
static void run(const char *name)
{
	if (!hvh_run_say(name))
		return;
	console_puts(", interruptibility ");
	console_puthex(hvh_block.interruptibility);
	console_puts("\n");
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
	hvh_event_program(2);
	hvh_block.interruptibility = 1;   /* blocking by STI: reserved here */
	run("interruptibility with blocking by STI");
}
