/*
 * tests/guests/pit_fast_hlt.S - a hostile guest: the PIT at its fastest
 * rate, taken with `sti; hlt`.
 *
 * Counter 0 in mode 2 with count 2 (a tick every 1.676 us), IRQ 0 the only
 * input open.  The main loop waits in `sti; hlt`; the handler counts the
 * tick, sends the EOI and returns - and at the 1000th tick writes 42 to
 * the exit port instead.  (It ends the run itself: ticks come faster than
 * any exit is handled, so after the first one the CPU, as a real one
 * would, takes the next interrupt right after each IRETQ and never gets
 * back to the loop.)  Most ticks are coalesced; the run must end after
 * exactly 1000 injections, each costing a bounded number of exits (the
 * EOI's OUT, a window or a HLT), and no kick for a tick the PIC would not
 * pass on.
 */
#define EXIT_PORT        0xf4
#define TICKS            1000
#define VECTOR           0x20        /* IRQ 0 */

	.text
	.global _start
_start:
	lea	tick_handler(%rip), %rax
	lea	idt + VECTOR * 16(%rip), %rdi
	call	set_gate
	lidt	idt_ptr(%rip)
	call	pic_init
	call	pit_fastest

	.global wait_loop
wait_loop:
	sti
	hlt
	jmp	wait_loop

	.global tick_handler
tick_handler:
	incl	ticks(%rip)
	cmpl	$TICKS, ticks(%rip)
	jae	enough
	push	%rax
	mov	$0x20, %al               /* non-specific EOI */
	out	%al, $0x20
	pop	%rax
	iretq
enough:
	mov	$42, %al
	out	%al, $EXIT_PORT
	hlt

	.include "tests/guests/lib.inc"

	.data
	.balign 4
ticks:
	.long	0
	idt_table VECTOR

	.section .note.GNU-stack, "", @progbits
