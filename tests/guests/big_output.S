/*
 * tests/guests/big_output.S - a hostile guest: 1 MiB of console output,
 * every byte value included (NUL, control characters, 0x80-0xff).
 *
 * Byte i (0 <= i < 1,048,576) is (7 i + i / 256) mod 256, written to COM1's
 * transmit register with one `out` each, without polling LSR (the 16550
 * model's transmitter is always ready).  Then status 0 on the exit port:
 * 1,048,577 IO exits, and the console must hold exactly these bytes.
 */
#define BYTES     0x100000
#define COM1      0x3f8
#define PORT_EXIT 0xf4

	.text
	.global _start
_start:
	xor	%ecx, %ecx
	mov	$COM1, %dx
	.global emit
emit:
	imul	$7, %ecx, %eax
	mov	%ecx, %ebx
	shr	$8, %ebx
	add	%ebx, %eax
	out	%al, %dx
	inc	%ecx
	cmp	$BYTES, %ecx
	jne	emit
	.size	emit, . - emit
	xor	%eax, %eax
	out	%al, $PORT_EXIT
	hlt

	.section .note.GNU-stack, "", @progbits
