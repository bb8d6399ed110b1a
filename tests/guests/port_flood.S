/*
 * tests/guests/port_flood.S - a hostile guest: a million writes and a
 * million reads of ports nobody claims.
 *
 * Ports 0x100-0x1ff answer to no device on this machine.  Each of 1,000,000
 * rounds writes a byte to one of them and reads a dword back, walking the
 * 256 ports in turn; before the rounds one read of each size.  On a PC an
 * unclaimed port reads as all ones (the bus floats high), so every read
 * must give 0xff, 0xffff or 0xffffffff; the first that does not ends the
 * run with status 1 at once.  After the last round the guest writes 42 to
 * the exit port.  So: exactly 2,000,004 exits, status 42.
 */
#define ROUNDS     1000000
#define PORT_BASE  0x100
#define PORT_EXIT  0xf4

	.text
	.global _start
_start:
	mov	$PORT_BASE, %edx
	inb	%dx, %al
	cmp	$0xff, %al
	jne	bad
	inw	%dx, %ax
	cmp	$0xffff, %ax
	jne	bad
	inl	%dx, %eax
	cmp	$0xffffffff, %eax
	jne	bad
	mov	$ROUNDS, %ecx
	xor	%ebx, %ebx
	.global round
round:
	lea	PORT_BASE(%rbx), %edx
	mov	%bl, %al
	outb	%al, %dx
	inl	%dx, %eax
	cmp	$0xffffffff, %eax
	jne	bad
	inc	%bl                    /* the next of the 256 ports */
	dec	%ecx
	jnz	round
	.size	round, . - round
	mov	$42, %al
	jmp	done
bad:
	mov	$1, %al
done:
	out	%al, $PORT_EXIT
	hlt

	.section .note.GNU-stack, "", @progbits
