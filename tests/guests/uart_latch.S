/*
 * tests/guests/uart_latch.S - a guest that sets COM1's divisor to 0x30
 * (2400 baud), a byte that reads as '0' where it is a character, and
 * then writes '0' to the data register.
 *
 * With LCR.DLAB set (LCR = 0x80) port 0x3f8 is the divisor latch's low
 * byte, DLL, and 0x3f9 its high byte, DLM (PC16550D, table II): the
 * first 0x30 is a number; only the second, with DLAB clear, goes out of
 * the transmitter as text.  Ends the run with status 0.
 */
	.text
	.global _start
_start:
	mov	$0x3fb, %dx              /* LCR: DLAB */
	mov	$0x80, %al
	out	%al, %dx
	mov	$0x3f8, %dx              /* DLL */
	mov	$0x30, %al
	out	%al, %dx
	mov	$0x3f9, %dx              /* DLM */
	mov	$0x00, %al
	out	%al, %dx
	mov	$0x3fb, %dx              /* LCR: 8N1, DLAB clear */
	mov	$0x03, %al
	out	%al, %dx
	mov	$0x3f8, %dx              /* THR */
	mov	$0x30, %al
	out	%al, %dx
	mov	$0xf4, %dx
	mov	$0, %al
	out	%al, %dx
	hlt
	.size _start, . - _start
