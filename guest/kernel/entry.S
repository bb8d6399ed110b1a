/*
 * guest/kernel/entry.S - the first instructions of the kernel.
 *
 * vmscope enters here in 64-bit mode with paging on, interrupts off,
 * RSP = BOOT_STACK_TOP and RDI = BOOT_INFO (guest/abi/machine.h).  _start
 * moves to the kernel's own stack, zeroes RBP so that a stack unwinder stops
 * at this frame, and calls kmain(boot_info), which never returns.
 *
 * .bss is not cleared here: the ELF loader zero-fills every segment past its
 * file bytes, which is what the ELF format promises.
 */
#define KERNEL_STACK_SIZE 16384

	.text
	.global _start
	.type _start, @function
_start:
	mov	$kernel_stack_top, %rsp
	xor	%ebp, %ebp
	call	kmain
1:	hlt			/* not reached: kmain does not return */
	jmp	1b
	.size _start, . - _start

	.bss
	.balign 16
kernel_stack:
	.skip	KERNEL_STACK_SIZE
	.global kernel_stack_top
kernel_stack_top:

	.section .note.GNU-stack, "", @progbits
