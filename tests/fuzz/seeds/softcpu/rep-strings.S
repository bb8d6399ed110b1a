# REP MOVSB, STOSQ backwards, CMPSB and SCASB over a few bytes in RAM.
# answers:
	lea msg(%rip), %rsi
	mov $0x200000, %rdi
	mov $16, %ecx
	rep movsb
	std
	mov $0x200100, %rdi
	mov $4, %ecx
	rep stosq
	cld
	lea msg(%rip), %rsi
	mov $0x200000, %rdi
	mov $16, %ecx
	repe cmpsb
	mov $'o', %al
	lea msg(%rip), %rdi
	mov $16, %ecx
	repne scasb
	hlt
msg:	.ascii "hello, softcpu!\n"
