/*
 * tests/guests/own_link.S - a guest of one's own, linked the ordinary way
 * (docs/GUEST.md, "A guest of your own"): `ld -Ttext=0x100000` with no
 * -N, so the image has a header-only PT_LOAD a page below the text, and
 * separate text, rodata and bss segments.  It prints one line on the
 * UART, counts in its bss, and ends the run with the count (1) as status.
 */
	.text
	.global _start
_start:
	lea msg(%rip), %rsi
	mov $msg_len, %ecx
	mov $0x3f8, %dx            /* COM1's transmit register */
1:	lodsb
	out %al, %dx
	dec %ecx
	jnz 1b
	incq counter(%rip)         /* the bss starts zeroed */
	mov counter(%rip), %al
	mov $0xf4, %dx             /* the exit port: status in %al */
	out %al, %dx
	hlt

	.section .rodata
msg:	.ascii "Hello from a guest of my own\n"
	.set msg_len, . - msg

	.bss
counter: .quad 0

	.section .note.GNU-stack, "", @progbits
