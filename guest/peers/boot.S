/*
 * guest/peers/boot.S - the first sector of the peers' disk image: from the
 * BIOS's real mode straight into 64-bit long mode, for QEMU and Bochs
 * (bench/peers.c).  vmscope starts its guests in long mode already; a PC
 * emulator starts where a PC does, at 0x7c00 in real mode, with the boot
 * drive in %dl.
 *
 *   1. read the rest of the image (PEER_SECTORS sectors) to 0x7e00 with
 *      the BIOS's extended disk read (int 0x13, ah=0x42), so the image
 *      lies in memory as it is linked (guest/peers/peer.ld: at 0x7c00);
 *   2. open the A20 gate (the "fast A20" bit of port 0x92);
 *   3. identity-map the first GiB with 2 MiB pages (PML4 at 0x1000, PDPT
 *      at 0x2000, PD at 0x3000), set CR4.PAE, CR3, EFER.LME, then CR0.PE
 *      and CR0.PG together: real mode to long mode in one step (Intel SDM
 *      Vol. 3A, 10.8.5 "Initializing IA-32e Mode"), and a far jump into
 *      the 64-bit code segment;
 *   4. call peer_main() (guest/peers/peer.c) on a stack below 0x80000.
 *
 * The run's parameters (which loop, how many times) sit at the end of
 * this sector, before the boot signature: the benchmark writes them into
 * its copy of the image (struct peer_params in peer.c).
 */
#define PEER_SECTORS 64

	.section .boot, "ax"
	.code16
	.globl _boot
_boot:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $0x7c00, %sp
	mov $dap, %si
	mov $0x42, %ah
	int $0x13
	jc .Lstuck
	in $0x92, %al
	or $2, %al
	and $0xfe, %al
	out %al, $0x92
	/* the three tables, zeroed, then linked and the 512 PD entries */
	mov $0x1000, %di
	mov $0x1800, %cx
	xor %ax, %ax
	rep stosw
	movl $0x2003, 0x1000
	movl $0x3003, 0x2000
	mov $0x3000, %di
	mov $0x83, %eax            /* present, writable, 2 MiB page */
	mov $512, %cx
1:	mov %eax, (%di)
	add $0x200000, %eax
	add $8, %di
	loop 1b
	lgdt gdt_ptr
	mov $0x1000, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $0x20, %eax             /* PAE */
	mov %eax, %cr4
	mov $0xc0000080, %ecx      /* EFER */
	rdmsr
	or $0x100, %eax            /* LME */
	wrmsr
	mov %cr0, %eax
	or $0x80000001, %eax       /* PG, PE */
	mov %eax, %cr0
	ljmpl $0x08, $long_mode
.Lstuck:
	hlt
	jmp .Lstuck

	.code64
long_mode:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $0x80000, %rsp
	call peer_main
2:	hlt
	jmp 2b

	.p2align 3
gdt:
	.quad 0
	.quad 0x00af9a000000ffff   /* 0x08: 64-bit code, ring 0 */
	.quad 0x00cf92000000ffff   /* 0x10: data */
gdt_ptr:
	.word gdt_ptr - gdt - 1
	.long gdt
dap:                               /* the disk address packet */
	.byte 0x10, 0
	.word PEER_SECTORS
	.word 0x7e00, 0            /* offset, segment */
	.quad 1                    /* from the second sector */

	.org 0x1e0
	.globl peer_params
peer_params:
	.quad 0                    /* the loop: 0 ALU, 1 CRC-32, 2 copy */
	.quad 0                    /* its iterations or rounds */
	.org 0x1fe
	.word 0xaa55
	.section .note.GNU-stack, "", @progbits
