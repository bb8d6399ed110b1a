/*
 * tests/guests/unclaimed_ports.S - a driver looking for hardware the PC
 * here does not have: COM2 (0x2f8) and the parallel port (0x378) and LPT's
 * status port, then the exit port with status 0.  Each access is an IO
 * exit no device claims: reads give all ones, writes vanish, and the
 * trace's summary and the TUI's Stats panel count them with the ports.
 */
	.text
	.global _start
_start:
	mov	$0x2f8, %dx
	in	%dx, %al          /* COM2's RBR: 0xff */
	in	%dx, %al
	out	%al, %dx          /* COM2's THR */
	mov	$0x378, %dx
	out	%al, %dx          /* LPT1's data */
	inc	%dx
	in	%dx, %al          /* LPT1's status */
	mov	$0x2fd, %dx
	in	%dx, %al          /* COM2's LSR */
	mov	$0x3e8, %dx
	in	%dx, %al          /* COM3: a fifth port, beyond the first four */
	xor	%eax, %eax
	out	%al, $0xf4        /* the exit port: status 0 */
	hlt
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
