# Six bytes out of COM1 and its line status read back: OUT and IN exits
# in a loop.  answers: 60 60 60 60 60 60
	mov $0x3f8, %dx
	mov $6, %ecx
1:	mov $'A', %al
	out %al, %dx
	add $5, %dx
	in %dx, %al
	sub $5, %dx
	dec %ecx
	jnz 1b
	hlt
