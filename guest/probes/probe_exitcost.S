/*
 * guest/probes/probe_exitcost.S - the cost of one port-I/O exit.
 *
 * PROBE_RUNS timed runs of PROBE_RUN_OUTS back-to-back OUTs in ring 0, then
 * the same in ring 3 (guest/probes/probe_asm.h, TIMED_RUNS).  vmscope
 * (kvm/probe_guests.c) takes the time between each run's RUN_BEGIN and
 * RUN_END exits, divides by the exits in between and prints the median:
 * on hardware KVM the two rings cost about the same; on PVM ring 0 pays for
 * KVM emulating the OUT too.
 */
#include "guest/abi/machine.h"
#include "guest/probes/probe_abi.h"
#include "guest/probes/probe_asm.h"

	.text
	.global _start
	.type _start, @function
_start:
	call	probe_setup
	xor	%ecx, %ecx
	REPORT	PROBE_EV_START
	TIMED_RUNS
	lea	user_main(%rip), %rdi
	jmp	probe_enter_ring3
	.size _start, . - _start

	.section .user.text, "ax"
	.type user_main, @function
user_main:
	TIMED_RUNS
	xor	%ecx, %ecx
	REPORT	PROBE_EV_DONE
	PROBE_EXIT 0
	.size user_main, . - user_main
