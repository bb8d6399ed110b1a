/*
 * tests/guests/tick_busy.S - the PIT's ticks taken while the guest runs:
 * where each tick lands is the clock's doing.
 *
 * Counter 0 in mode 2 with count 119 (a tick every 99.7 us), IRQ 0 the
 * only input open, interrupts on; the main loop counts in %rbx and never
 * exits or halts.  Each tick's handler writes the loop's count and the
 * TSC's low half to the POST port 0x80 (two 32-bit OUTs), sends the EOI
 * and returns - and at the TICKS-th tick writes 42 to the exit port.
 *
 * On host time (--clock host) a tick comes when the host's alarm rings,
 * at whatever instruction the CPU is at: the counts differ from run to
 * run.  With --clock insn (core/vm_clock.h) each tick ends the run at the
 * same instruction every time and the TSC reads the same values, so two
 * traces are the same byte for byte (tests/integration/test_clock_insn.sh).
 */
	.set	TICKS, 20
	.set	VECTOR, 0x20             /* IRQ 0 */
	.set	COUNT, 119               /* 1193182 / 119 = 10027 Hz */

	.text
	.global _start
_start:
	lea	tick_handler(%rip), %rax
	lea	idt + VECTOR * 16(%rip), %rdi
	call	set_gate
	lidt	idt_ptr(%rip)
	call	pic_init
	mov	$COUNT, %ah
	call	pit_mode2
	xor	%ebx, %ebx
	sti

	.global busy_loop
busy_loop:
	inc	%rbx
	jmp	busy_loop

	.global tick_handler
tick_handler:
	push	%rax
	push	%rdx
	mov	%ebx, %eax
	out	%eax, $0x80              /* the loop's count */
	rdtsc
	out	%eax, $0x80              /* the TSC's low half */
	incl	ticks(%rip)
	cmpl	$TICKS, ticks(%rip)
	jae	enough
	mov	$0x20, %al               /* non-specific EOI */
	out	%al, $0x20
	pop	%rdx
	pop	%rax
	iretq
enough:
	mov	$42, %al
	out	%al, $0xf4               /* the exit port */
	hlt

	.include "tests/guests/lib.inc"

	.data
	.balign 4
ticks:
	.long	0
	idt_table VECTOR

	.section .note.GNU-stack, "", @progbits
