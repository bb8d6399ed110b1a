/*
 * core/nested_boundary.c - the exits L0 makes between two instructions of
 * L2's, none of them an instruction's: an interrupt for L1 that L1
 * intercepts (VMX's external-interrupt exiting, exit 1) and L1's NMI
 * window (VMX's NMI-window exiting, exit 8).
 *
 * Each waits for a boundary where L2's blocking lets it through, as the
 * CPU's do (SDM Vol. 3C, chapter "VMX Non-Root Operation": "Other Causes
 * of VM Exits" and "Changes to Event Blocking"):
 *   - the NMI window opens where L2 could take an NMI: no blocking by
 *     NMI (an NMI handler runs: its IRET ends it) and none by MOV SS.
 *     The SDM lets a processor hold it in an STI shadow too; this one
 *     does not.  It comes before an interrupt for L1 (VMX's priority:
 *     NMI-window exits rank above external interrupts);
 *   - an interrupt for L1 exits where neither STI's nor MOV SS's shadow
 *     holds it: with external-interrupt exiting RFLAGS.IF does not block
 *     it, "an external interrupt that is not blocked for other reasons
 *     causes a VM exit".
 * Both come after an event being delivered (L1's at an entry, or one L0
 * delivers again): VMX delivers the entry's event first, and the exit
 * finds L2 at the handler's first instruction.  core/nested_run.c asks before each run of L2; a backend that can stop
 * L2 at every boundary (the software CPU) steps L2 while an exit is due
 * but held and stops at the boundary where it is not (n->at_boundary),
 * and the exit is made there.  Threading: the vCPU thread.
 */
#include <string.h>

#include "core/clock.h"
#include "core/nested.h"
#include "core/vm.h"
#include "devices/pic8259.h"

int nested_l1_waiting_irq(struct vm *vm)
{
	struct pic_regs master;
	unsigned bits;

	if (!pic_has_interrupt(vm->pic))
		return -1;
	pic_get_regs(vm->pic, 0, &master);
	bits = master.irr & ~master.imr & 0xffu;
	return bits ? __builtin_ctz(bits) : -1;
}

bool nested_boundary_wanted(const struct nested_l0 *n)
{
	uint32_t ic = n->controls.intercepts;

	return (ic & NESTED_INTERCEPT_NMI_WINDOW) ||
	       (n->l1_irq >= 0 && (ic & NESTED_INTERCEPT_EXTINT));
}

uint32_t nested_boundary_exit(const struct nested_l0 *n, uint32_t blocking)
{
	uint32_t ic = n->controls.intercepts;

	if (blocking & NESTED_HELD_BY_EVENT)
		return NESTED_EXIT_NONE;
	if ((ic & NESTED_INTERCEPT_NMI_WINDOW) &&
	    !(blocking & (NESTED_BLOCK_BY_NMI | NESTED_BLOCK_BY_MOV_SS)))
		return NESTED_EXIT_NMI_WINDOW;
	if (n->l1_irq >= 0 && (ic & NESTED_INTERCEPT_EXTINT) &&
	    !(blocking & (NESTED_BLOCK_BY_STI | NESTED_BLOCK_BY_MOV_SS)))
		return NESTED_EXIT_EXTINT;
	return NESTED_EXIT_NONE;
}

/*
 * The exit at L2's RIP, no instruction's (exit_insn_len 0).  For an
 * interrupt L0 does not acknowledge it for L1 (VMX's "acknowledge
 * interrupt on exit" off, exit_intr_info 0): it stays in L1's PIC, and L1
 * takes it through its own IDT when it sets IF.
 */
bool nested_make_boundary_exit(struct nested_l0 *n, struct exit_record *exit,
			       uint32_t blocking)
{
	uint32_t reason = nested_boundary_exit(n, blocking);

	if (reason == NESTED_EXIT_NONE)
		return false;
	memset(&exit->nest, 0, sizeof(exit->nest));
	exit->reason = EXIT_UNKNOWN;
	exit->hw_reason = reason;
	exit->hw_reason_known = true;
	exit->t_ns = clock_now_ns();
	exit->rip = n->l2_regs.rip;
	exit->cpl = n->l2_sregs.cs.dpl;
	exit->insn_len = 0;
	exit->nest.l2_reason = reason;
	if (reason == NESTED_EXIT_EXTINT)
		exit->nest.irq = (uint32_t)n->l1_irq;
	return true;
}
