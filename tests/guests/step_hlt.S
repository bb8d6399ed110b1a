/*
 * tests/guests/step_hlt.S - a guest to single-step over HLT.
 *
 * Three instructions: nop, cli, hlt.  Under `trace --step-insn` every
 * backend must give the same exits: DEBUG after the nop, DEBUG after the
 * cli, then HLT (not a DEBUG exit for it) - and with interrupts off that
 * HLT ends the run.  On PVM the step over the HLT comes back as a DEBUG
 * exit; vmscope's KVM backend reports it as the HLT it is.
 */
	.text
	.global _start
_start:
	nop
	cli
	.size _start, . - _start
	.global halt_here
halt_here:
	hlt
	.size halt_here, . - halt_here

	.section .note.GNU-stack, "", @progbits
