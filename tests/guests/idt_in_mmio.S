/*
 * tests/guests/idt_in_mmio.S - a hostile guest: its IDT lies in the MMIO
 * window, where no RAM is, and it raises #BP.  Delivering the event means
 * reading the gate from MMIO in the middle of an event, which neither
 * backend can turn into an MMIO exit (the event would be half delivered):
 * the run stops with INTERNAL_ERROR at the int3.
 */
#define MMIO_WINDOW 0xd0000000

	.text
	.global _start
_start:
	lidt	idt_ptr(%rip)
	.global raise
raise:
	int3
	hlt
	.size	raise, . - raise

	.data
idt_ptr:
	.word	256 * 16 - 1
	.quad	MMIO_WINDOW

	.section .note.GNU-stack, "", @progbits
