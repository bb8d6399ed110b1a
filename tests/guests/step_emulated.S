/*
 * tests/guests/step_emulated.S - a guest to single-step across an
 * instruction KVM runs in its emulator.
 *
 * outsb (string I/O: KVM always emulates it) to the POST port, where
 * nothing answers, then three more instructions and a HLT with interrupts
 * off.  Under `trace --step-insn` every instruction must stop: KVM's
 * emulator writes RFLAGS back without the trap flag it set for the step
 * (its copy reads RFLAGS with TF masked while KVM single-steps), and it
 * puts TF back only at the RIP where single-stepping was asked for - so
 * unless vmscope asks again before each run, the steps stop after the
 * outsb and the next exit is the HLT.
 */
	.text
	.global _start
_start:
	lea	post_byte(%rip), %rsi
	mov	$0x80, %dx
	.size _start, . - _start
	.global emulated
emulated:
	outsb
	.size emulated, . - emulated
	.global after
after:
	nop
	nop
	cli
	.size after, . - after
	.global halt_here
halt_here:
	hlt
	.size halt_here, . - halt_here

	.data
post_byte:
	.byte	0x5a

	.section .note.GNU-stack, "", @progbits
