/*
 * guest/hv/hvhostile_vector.c - a delivery an exit to L1 cuts short.
 *
 * L1 leaves a page out of its nested table that the delivery of an event
 * to L2 needs: the stack the frame goes on, or the IDT the gate is read
 * from.  The delivery stops at an EPT violation (48) L1 must see, and
 * the event would be lost - VMX clears the entry's event at every exit -
 * were it not in the exit's IDT-vectoring information (VMCB EXITINTINFO):
 * vector, type, error code, and for a software interrupt the instruction
 * length in exit_insn_len.  L1 maps the page and injects the event again
 * from those fields (hv_requeue_event(), as KVM's
 * vmx_complete_interrupts() does), and L2's handler finds the frame it
 * would have found had nothing stopped it.  The same holds for an NMI -
 * whose delivery, cut short, has not blocked NMIs yet, so the entry
 * that injects it again passes its check - and for an exception L2
 * raised itself: a UD2 whose #UD has no stack.
 */
#include <stdint.h>

#include "guest/hv/hvhostile.h"

#define PAGE_2M    0x200000ULL
#define ADDR_MASK  0x000ffffffffff000ULL
#define RSP        4
#define VEC_UD     6
#define VEC_GP     13
/* L2's stack for these cases: the top of the 2 MiB page after the one
 * with L2's code and IDT (HVH_L2_CODE, HVH_L2_IDT) */
#define STACK_TOP  0x1c00000ULL

uint64_t *hvh_nested_entry(uint64_t l2_gpa)
{
	const uint64_t *pml4 = (const uint64_t *)(uintptr_t)hvh_block.nested_root;
	const uint64_t *pdpt = (const uint64_t *)(uintptr_t)(pml4[0] & ADDR_MASK);
	uint64_t *pd = (uint64_t *)(uintptr_t)(pdpt[0] & ADDR_MASK);

	return &pd[l2_gpa / PAGE_2M];
}

/* Run L2 with the 2 MiB at l2_gpa missing from the nested table, print
 * the exit, then put them back, inject the event again and print what
 * L2's handler found.  (A page made present needs no invalidate: L0's
 * shadow holds only translations that succeeded, as a TLB does.) */
static void cut_short(const char *name, uint64_t l2_gpa)
{
	uint64_t *entry = hvh_nested_entry(l2_gpa), saved = *entry;

	*entry = 0;
	hvh_inject_report(name);
	*entry = saved;
	hv_requeue_event(&hvh_block);
	hvh_inject_report("... L1 maps it and injects the event again");
}

void hvh_vector_cases(void)
{
	hvh_inject_program(0);
	hvh_block.gpr[RSP] = STACK_TOP;
	hvh_inject(NESTED_INTR_HW_EXCEPTION, VEC_GP, 0x18, 0);
	cut_short("#GP(0x18) injected, L2's stack not in the nested table",
		  STACK_TOP - 1);
	hvh_inject_program(0);
	hvh_inject(NESTED_INTR_SW_INT, 0x80, 0, 2);
	cut_short("INT 0x80 of 2 bytes injected, L2's IDT not in the nested "
		  "table", HVH_L2_IDT);
	hvh_inject_program(0);
	hvh_block.gpr[RSP] = STACK_TOP;
	hvh_inject(NESTED_INTR_NMI, 2, 0, 0);
	cut_short("an NMI injected, L2's stack not in the nested table",
		  STACK_TOP - 1);
	hvh_inject_program(0);
	hvh_block.gpr[RSP] = STACK_TOP;
	hvh_block.rip = hvh_inject_ud2_rip();
	cut_short("L2's own UD2, its stack not in the nested table",
		  STACK_TOP - 1);
}
