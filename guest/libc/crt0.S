/*
 * guest/libc/crt0.S - where a user program starts.
 *
 * The kernel's start_program() "returns" here in ring 3 with RSP =
 * USER_STACK_TOP (16-byte aligned, as the C ABI wants before a call).
 * user_start zeroes RBP, so a stack unwinder stops at this outermost frame,
 * calls main() and passes its return value to exit().
 */
	.text
	.global user_start
	.type user_start, @function
user_start:
	xor	%ebp, %ebp
	call	main
	mov	%eax, %edi
	call	exit
	ud2			/* not reached: exit does not return */
	.size user_start, . - user_start

	.section .note.GNU-stack, "", @progbits
