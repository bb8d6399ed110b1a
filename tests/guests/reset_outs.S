/*
 * tests/guests/reset_outs.S - a guest that pulses the reset line with a
 * string OUT (outsb), which KVM runs in its instruction emulator.
 *
 * Each boot writes 'B' to COM1, then outsb sends the i8042 its "pulse
 * reset" command (0xfe) from memory.  A reset is a fresh machine: the
 * next instruction is _start's, and the guest boots again - 'B', 'B', ...
 * On KVM the outsb is still pending in KVM when vmscope resets the vCPU;
 * unless vmscope lets KVM finish it first, KVM's emulator writes the old
 * RIP (after the outsb), RSI and RCX over the fresh state at the next
 * KVM_RUN, and the guest runs on past the outsb: it then writes 'X' and
 * ends the run with status 3.
 */
	.text
	.global _start
_start:
	mov	$0x3f8, %dx
	mov	$'B', %al
	out	%al, %dx
	mov	$0x64, %dx
	lea	pulse_reset(%rip), %rsi
	.size _start, . - _start
	.global reset_here
reset_here:
	outsb
	.size reset_here, . - reset_here
	.global after_reset
after_reset:
	mov	$0x3f8, %dx
	mov	$'X', %al
	out	%al, %dx
	mov	$0xf4, %dx
	mov	$3, %al
	out	%al, %dx
	hlt
	.size after_reset, . - after_reset

	.data
pulse_reset:
	.byte	0xfe

	.section .note.GNU-stack, "", @progbits
