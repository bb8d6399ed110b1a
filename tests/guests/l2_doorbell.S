/*
 * tests/guests/l2_doorbell.S - a guest that rings the nesting stage's run
 * doorbell (port 0x510) as if it were a hypervisor, though it runs as L2
 * at --nested 1: "a\n" on COM1, the doorbell with the address 1 (L1 turns
 * it down: CF), "b\n", then the exit port with status 0.  Its later runs
 * must stay L2's: exits shown at level 2 and counted in L2's rows
 * (tests/integration/test_nested_l2_doorbell.sh).
 */
	.text
	.global _start
_start:
	mov	$0x3f8, %dx
	mov	$'a', %al
	out	%al, %dx
	mov	$'\n', %al
	out	%al, %dx
	mov	$1, %eax          /* no block: L1 refuses the address */
	mov	$0x510, %dx       /* NESTED_PORT_RUN */
	out	%eax, %dx
	mov	$0x3f8, %dx
	mov	$'b', %al
	out	%al, %dx
	mov	$'\n', %al
	out	%al, %dx
	xor	%eax, %eax
	out	%al, $0xf4        /* the exit port: status 0 */
	hlt
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
