/*
 * tests/guests/hostile_page_tables.S - a hostile guest: page tables that
 * are cleared, in a loop, in the MMIO window and beyond RAM.
 *
 * The boot page tables map the first 4 GiB; the entry PDPT[1] (at
 * BOOT_PDPT + 8) covers 1-2 GiB.  Each case points it at another page
 * directory, flushes the TLB (CR3 reload), sets %rbp to 1 GiB - so that
 * vmscope's unwinder (trace --stack) walks the same tables - and loads a
 * quadword from 1 GiB:
 *
 *   1  a page of zeros: the PDE is not present          #PF, error 0
 *   2  a page whose entry 0 points at itself: as PDE
 *      and then as PTE it maps its own page, so the load
 *      reads the entry back, accessed bit (0x20) set      value loop_pd|0x23
 *   3  the MMIO window 0xd0000000 (no RAM there)          #PF, error 0
 *   4  1 GiB, beyond the 64 MiB of RAM                    #PF, error 0
 *
 * Each case reports on the POST port 0x80 (nothing answers) with two
 * 32-bit writes: first (case << 16) | 0x0e00 | error code after a #PF, or
 * (case << 16) | 0xff00 after a load, then CR2 or the loaded value's low
 * half.  Then case 5 loads CR3 with a cleared PML4: the next fetch faults,
 * the #PF cannot be delivered (the IDT is no longer mapped), nor the #DF:
 * a triple fault, SHUTDOWN, at the instruction after the CR3 load.
 */
#define BOOT_PDPT   0x11000
#define ONE_GIB     0x40000000
#define MMIO_WINDOW 0xd0000000
#define PORT_POST   0x80

	.macro CASE n, pd
	mov	$\n, %r12d
	lea	1f(%rip), %rax
	mov	%rax, resume(%rip)
	mov	\pd, %rax
	or	$3, %rax                 /* present, writable */
	mov	%rax, BOOT_PDPT + 8
	mov	%cr3, %rax
	mov	%rax, %cr3
	mov	$ONE_GIB, %rbp
	mov	(%rbp), %rbx             /* the load */
	mov	%r12d, %eax
	shl	$16, %eax
	or	$0xff00, %eax
	jmp	report
1:
	.endm

	.text
	.global _start
_start:
	lea	stack_top(%rip), %rsp
	lea	pf_handler(%rip), %rax   /* the gate of vector 14 */
	lea	idt + 14 * 16(%rip), %rdi
	call	set_gate
	lidt	idt_ptr(%rip)
	lea	loop_pd(%rip), %rax      /* entry 0 points at its own page */
	or	$3, %rax
	mov	%rax, loop_pd(%rip)

	CASE	1, $zero_pd
	CASE	2, $loop_pd
	CASE	3, $MMIO_WINDOW
	CASE	4, $ONE_GIB

	lea	zero_pml4(%rip), %rax    /* case 5 */
	mov	%rax, %cr3
	.global after_cr3
after_cr3:
	nop
	hlt
	.size	after_cr3, . - after_cr3

/* A #PF: report the error code and CR2, then go on with the next case. */
	.global pf_handler
pf_handler:
	mov	(%rsp), %rbx             /* the error code */
	mov	%r12d, %eax
	shl	$16, %eax
	or	$0x0e00, %eax
	or	%bl, %al
	mov	%cr2, %rbx
	lea	stack_top(%rip), %rsp
	jmp	report
	.size	pf_handler, . - pf_handler

/* %eax: what happened; %ebx: CR2 or the value. */
	.global report
report:
	out	%eax, $PORT_POST
	mov	%ebx, %eax
	out	%eax, $PORT_POST
	jmp	*resume(%rip)
	.size	report, . - report

	.include "tests/guests/lib.inc"

	.data
	idt_table 14
	.balign	8
resume:	.quad	0

	.bss
	.balign	4096
	.global zero_pd, loop_pd
zero_pd:	.skip	4096
loop_pd:	.skip	4096
zero_pml4:	.skip	4096
	.balign	16
		.skip	4096
stack_top:

	.section .note.GNU-stack, "", @progbits
