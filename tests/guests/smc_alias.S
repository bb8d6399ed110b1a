/*
 * tests/guests/smc_alias.S - a hostile guest: self-modifying code written
 * through a second virtual address of the same page.
 *
 * The guest maps its code page a second time, at 1 GiB (its own PD and PT
 * under PDPT[1]), and runs the instruction pair at `site` three times:
 *     mov $N, %al ; out %al, $PORT
 * After each run it increments N and PORT through the alias - never through
 * the address it executes from - and jumps (SDM Vol. 3A 8.1.3: a jump after
 * the store is enough for the new bytes to execute).  A CPU that caches
 * decoded instructions by virtual address, or misses a write to a code
 * page made through another mapping, runs stale code.  Exits: OUT of 1 to
 * port 0x80, 2 to 0x81, 3 to 0x82, then the exit port with the patched
 * immediate, 4.
 */
#define BOOT_PDPT 0x11000
#define ONE_GIB   0x40000000
#define PORT_EXIT 0xf4

	.text
	.global _start
_start:
	lea	site(%rip), %rax          /* PT[0]: the code page */
	and	$~0xfff, %rax
	or	$3, %rax
	mov	%rax, alias_pt(%rip)
	lea	alias_pt(%rip), %rax      /* PD[0]: that PT */
	or	$3, %rax
	mov	%rax, alias_pd(%rip)
	lea	alias_pd(%rip), %rax      /* PDPT[1]: that PD */
	or	$3, %rax
	mov	%rax, BOOT_PDPT + 8
	mov	%cr3, %rax
	mov	%rax, %cr3
	lea	site(%rip), %rbx          /* %rbx: site's alias */
	and	$0xfff, %rbx
	add	$ONE_GIB, %rbx
	mov	$3, %ecx
	.global site
site:
	mov	$1, %al                   /* b0 01 */
	out	%al, $0x80                /* e6 80 */
	incb	1(%rbx)                   /* the immediate, through the alias */
	incb	3(%rbx)                   /* the port, through the alias */
	jmp	1f
1:	dec	%ecx
	jnz	site
	.size	site, . - site
	movzbl	site + 1, %eax
	out	%al, $PORT_EXIT
	hlt

	.bss
	.balign	4096
alias_pd:	.skip	4096
alias_pt:	.skip	4096

	.section .note.GNU-stack, "", @progbits
