# A read of page 0 (not present): #PF through gate 14 into a handler that
# reads CR2, pops the error code and skips the faulting instruction.
# answers:
	jmp start
	.org 14 * 16
	mov %cr2, %rax
	add $8, %rsp
	addq $2, (%rsp)
	iretq
	.org 0x40 * 16
start:	xor %ebx, %ebx
	mov (%rbx), %eax
	mov $0x300000, %rcx
	invlpg (%rcx)
	mov %cr3, %rax
	mov %rax, %cr3
	hlt
