# Writes and reads of each size in the MMIO window: an exit each.
# answers: 11 22 33 44 55 66 77 88 11 22 33 44
	mov $0xd0000000, %rax
	movb $1, (%rax)
	movw $2, 2(%rax)
	movl $3, 4(%rax)
	movq $4, 8(%rax)
	mov 16(%rax), %rbx
	mov 24(%rax), %ecx
	hlt
