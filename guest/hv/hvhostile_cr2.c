/*
 * guest/hv/hvhostile_cr2.c - L2's CR2 in the block.
 *
 * The block keeps L2's CR2 in its guest state, as the VMCB's state save
 * area does (VMX keeps CR2 out of the VMCS: the hypervisor loads and
 * saves it around each entry itself).  L1 that injects a #PF puts the
 * faulting address there; L2's #PF handler reads it.  A #PF of L2's own
 * that L1's exception bitmap intercepts leaves CR2 as it was and gives
 * the address in exit_qualification (VMX's exit qualification, SVM's
 * EXITINFO2); L1 that reflects it into L2 - as KVM reflects a #PF to its
 * guest - writes that address into CR2 and injects the #PF with the
 * exit's error code, and L2's handler sees the address it faulted on.
 */
#include <stdint.h>

#include "guest/hv/hvhostile.h"
#include "guest/kernel/console.h"

#define VEC_PF 14

/* "name: exit R, RAX X, cr2 C, exit_intr_info I, error E, qualification Q" */
static void run(const char *name)
{
	if (!hvh_run_say(name))
		return;
	console_puts(", cr2 ");
	console_puthex(hvh_block.cr2);
	console_puts(", exit_intr_info ");
	console_puthex(hvh_block.exit_intr_info);
	console_puts(", error ");
	console_puthex(hvh_block.exit_intr_error);
	console_puts(", qualification ");
	console_puthex(hvh_block.exit_qualification);
	console_puts("\n");
}

void hvh_cr2_cases(void)
{
	hvh_inject_program(0);
	hvh_block.cr2 = 0x5000;
	hvh_inject(NESTED_INTR_HW_EXCEPTION, VEC_PF, 0x2, 0);
	run("L1 injects #PF(0x2) with CR2 0x5000; L2's handler reads CR2");
	hvh_inject_program(0);
	hvh_block.cr2 = 0x777;
	hvh_block.rip = hvh_inject_read0_rip();
	hvh_block.exception_bitmap = 1u << VEC_PF;
	run("L2 reads 0x10, #PF in L1's exception bitmap");
	hvh_block.cr2 = hvh_block.exit_qualification;
	hvh_inject(NESTED_INTR_HW_EXCEPTION, VEC_PF,
		   hvh_block.exit_intr_error, 0);
	hvh_block.exception_bitmap = 0;
	run("... L1 reflects it: CR2 from the qualification, #PF injected");
}
