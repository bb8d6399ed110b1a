/*
 * tests/guests/irq_storm.S - a hostile guest: an interrupt storm with the
 * line held high, and a handler that lets it in again at once.
 *
 * The PICs are set to level-triggered inputs with automatic EOI (ICW1 LTIM,
 * ICW4 AEOI), only IRQ 4 unmasked.  The UART's THR-empty interrupt (IER
 * ETBEI) holds IRQ 4 high for as long as nobody reads IIR or writes THR -
 * and nobody does.  The handler for vector 0x24 only executes `sti` and
 * spins: no EOI is needed (AEOI), so between an injection and the next one
 * the guest makes no exit at all.  The interrupt still pending after an
 * injection must therefore be let in through an interrupt window that
 * vmscope asked for at the injection itself; otherwise it waits forever.
 *
 * Every injection pushes a 64-bit interrupt frame on the one stack, which
 * starts at 0x2000, just above page 0 (not present).  Frame 1 takes 40
 * bytes, each later one 48 (the CPU aligns RSP down to 16 first): frame k
 * ends at 0x1fd8 - 48 (k - 1), so frames 1-85 fit above 0x1000 and the
 * 86th push runs into page 0: #PF, whose gate is empty, so #GP, a double
 * fault, whose gate is empty too: a triple fault, SHUTDOWN.  Exactly 86
 * injections of vector 0x24, each through its own interrupt window.
 *
 * The stack overwrites the boot GDT at 0x1000, so the guest loads its own
 * GDT first (same selectors: 0x08 code, 0x10 data).
 */
#define STACK_TOP        0x2000      /* page 0 below is not present */
#define VECTOR           0x24        /* master base 0x20 + IRQ 4 */
#define PIC_MASTER       0x20
#define PIC_SLAVE        0xa0
#define ICW1_LEVEL_IC4   0x19        /* init, level-triggered, ICW4 follows */
#define ICW4_8086_AEOI   0x03        /* 8086 mode, automatic EOI */
#define COM1_IER         0x3f9
#define IER_ETBEI        0x02        /* interrupt while THR is empty */

	.text
	.global _start
_start:
	lgdt	gdt_ptr(%rip)
	lidt	idt_ptr(%rip)
	mov	$STACK_TOP, %rsp

	/* the gate of vector 0x24: handler address split over the 16 bytes */
	lea	storm_handler(%rip), %rax
	lea	idt + VECTOR * 16(%rip), %rdi
	call	set_gate

	/* both PICs: level-triggered, AEOI; master 0x20, slave 0x28 */
	mov	$ICW1_LEVEL_IC4, %al
	out	%al, $PIC_MASTER
	mov	$0x20, %al
	out	%al, $PIC_MASTER + 1
	mov	$0x04, %al              /* slave on IR2 */
	out	%al, $PIC_MASTER + 1
	mov	$ICW4_8086_AEOI, %al
	out	%al, $PIC_MASTER + 1
	mov	$ICW1_LEVEL_IC4, %al
	out	%al, $PIC_SLAVE
	mov	$0x28, %al
	out	%al, $PIC_SLAVE + 1
	mov	$0x02, %al              /* slave ID 2 */
	out	%al, $PIC_SLAVE + 1
	mov	$ICW4_8086_AEOI, %al
	out	%al, $PIC_SLAVE + 1
	mov	$0xef, %al              /* only IRQ 4 */
	out	%al, $PIC_MASTER + 1
	mov	$0xff, %al
	out	%al, $PIC_SLAVE + 1

	/* the UART raises IRQ 4 and keeps it high */
	mov	$COM1_IER, %dx
	mov	$IER_ETBEI, %al
	out	%al, %dx
	sti
1:	jmp	1b

	.global storm_handler
storm_handler:
	sti
	.global storm_spin
storm_spin:
	jmp	storm_spin
	.size storm_handler, . - storm_handler

	.include "tests/guests/lib.inc"

	.data
	.balign 8
gdt:
	.quad	0
	.quad	0x00af9a000000ffff      /* 0x08: 64-bit code, DPL 0 */
	.quad	0x00cf92000000ffff      /* 0x10: data, DPL 0 */
gdt_end:
gdt_ptr:
	.word	gdt_end - gdt - 1
	.quad	gdt
	idt_table VECTOR

	.section .note.GNU-stack, "", @progbits
