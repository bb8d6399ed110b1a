/*
 * tests/guests/deep_calls.S - a call chain deeper than the unwinder walks.
 *
 * _start calls `descend` 40 times deep, each call with a frame-pointer
 * prologue, then the innermost writes a byte to the POST port (an IO exit)
 * and writes 0 to the exit port.  At the POST exit the chain has more
 * frames than UNWIND_MAX_FRAMES (32): `trace --stack` and the TUI's Flow
 * panel both show it cut, starting "... > ".
 */
#define PORT_POST  0x80
#define PORT_EXIT  0xf4

	.text
	.global _start
_start:
	xor %ebp, %ebp
	mov $40, %ecx
	call descend
	.size _start, . - _start

	.global descend
descend:
	push %rbp
	mov %rsp, %rbp
	dec %ecx
	jz 1f
	call descend
	jmp 2f
1:	out %al, $PORT_POST
	xor %eax, %eax
	out %al, $PORT_EXIT
2:	pop %rbp
	ret
	.size descend, . - descend

	.section .note.GNU-stack, "", @progbits
