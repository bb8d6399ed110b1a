/*
 * tests/guests/gdt_in_mmio.S - a hostile guest: its GDT lies in the MMIO
 * window, where no RAM is, its IDT in RAM; then it raises #BP.  The gate
 * is read from RAM, but entering the handler loads CS (selector 0x08) from
 * the GDT: a descriptor read from MMIO in the middle of an event.  Neither
 * backend can make that an MMIO exit (the event would be half delivered):
 * the run stops with INTERNAL_ERROR at the int3.
 */
#define MMIO_WINDOW 0xd0000000

	.text
	.global _start
_start:
	lea	handler(%rip), %rax      /* the gate of vector 3 */
	lea	idt + 3 * 16(%rip), %rdi
	call	set_gate                 /* on the boot stack */
	lidt	idt_ptr(%rip)
	lgdt	gdt_ptr(%rip)
	.global raise
raise:
	int3
	hlt
	.size	raise, . - raise
handler:
	hlt

	.include "tests/guests/lib.inc"

	.data
	idt_table 3
	.balign	8
gdt_ptr:
	.word	3 * 8 - 1
	.quad	MMIO_WINDOW

	.section .note.GNU-stack, "", @progbits
