# Two frames deep with RBP chains, an exit in the innermost: the unwinder
# walks main <- main.  answers: 00
	push %rbp
	mov %rsp, %rbp
	call 1f
	leave
	hlt
1:	push %rbp
	mov %rsp, %rbp
	sub $16, %rsp
	out %al, $0x80
	in $0x80, %al
	leave
	ret
