/*
 * guest/probes/probe_ring3.S - what this host's KVM does with ring 3.
 *
 * `vmscope doctor` (kvm/probe_guests.c) runs this guest and watches its
 * reports (guest/probes/probe_abi.h) and its exits.  In order:
 *
 *   ring 0  START              vmscope sets hardware breakpoints on
 *                              probe_bp_kernel and probe_bp_user
 *           probe_bp_kernel    a KVM_EXIT_DEBUG here if they work
 *           BP_PASSED
 *           SS_BEGIN, 4 nops, SS_END   vmscope single-steps in between
 *   ring 3  RING3              the CPL the code at USER_BASE runs at
 *           probe_bp_user, BP_PASSED, SS_BEGIN, 4 nops, SS_END  as above
 *           int $0x80          VECTOR 0x80 from the DPL-3 gate, or VECTOR
 *                              6 (#UD, which probe_lib.S steps over)
 *           AFTER_INT80
 *           syscall            LSTAR from syscall_entry (and its CPL), or
 *                              nothing at all
 *           AFTER_SYSCALL, DONE, exit status 0
 */
#include "guest/abi/machine.h"
#include "guest/probes/probe_abi.h"
#include "guest/probes/probe_asm.h"

/* SS_BEGIN, PROBE_SS_NOPS instructions to step through, SS_END. */
	.macro STEP_REGION
	CPL_TO_ECX
	REPORT	PROBE_EV_SS_BEGIN
	.rept	PROBE_SS_NOPS
	nop
	.endr
	CPL_TO_ECX
	REPORT	PROBE_EV_SS_END
	.endm

	.text
	.global _start
	.type _start, @function
_start:
	call	probe_setup
	xor	%ecx, %ecx
	REPORT	PROBE_EV_START
	.global probe_bp_kernel
	.type probe_bp_kernel, @function
probe_bp_kernel:
	nop
	.size probe_bp_kernel, . - probe_bp_kernel
	CPL_TO_ECX
	REPORT	PROBE_EV_BP_PASSED
	STEP_REGION
	lea	user_main(%rip), %rdi
	jmp	probe_enter_ring3
	.size _start, . - _start

	.section .user.text, "ax"
	.type user_main, @function
user_main:
	CPL_TO_ECX
	REPORT	PROBE_EV_RING3
	.global probe_bp_user
	.type probe_bp_user, @function
probe_bp_user:
	nop
	.size probe_bp_user, . - probe_bp_user
	CPL_TO_ECX
	REPORT	PROBE_EV_BP_PASSED
	STEP_REGION
	int	$0x80
	CPL_TO_ECX
	REPORT	PROBE_EV_AFTER_INT80
	syscall
	CPL_TO_ECX
	REPORT	PROBE_EV_AFTER_SYSCALL
	xor	%ecx, %ecx
	REPORT	PROBE_EV_DONE
	PROBE_EXIT 0
	.size user_main, . - user_main
