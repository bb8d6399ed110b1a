# INT3 and an injected vector 0x21 each through the IDT (gate v leads to
# KERNEL_BASE + 16 v) into a handler that exits and returns with IRETQ.
# answers: 21
	jmp start
	.org 3 * 16
	out %al, $0x80
	iretq
	.org 0x21 * 16
	out %al, $0x80
	iretq
	.org 0x40 * 16
start:	int3
	sti
	hlt
	cli
	hlt
