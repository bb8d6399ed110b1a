/*
 * tests/guests/pit_fast_cli.S - a hostile guest: the PIT at its fastest
 * rate while interrupts stay off.
 *
 * Counter 0 in mode 2 with count 2 (the smallest mode 2 takes): a tick
 * every 1.676 us, IRQ 0 unmasked on an initialised PIC.  Then the guest
 * counts down a loop of 2 million instructions with IF = 0, making no exit,
 * and writes 42 to the exit port.  No tick can be delivered, and the first
 * one stays requested in the PIC (IRR) until the guest takes it: vmscope
 * must not kick the vCPU out for the ticks after it - at most one INTR exit
 * in the whole run, whatever the speed of the backend.
 */
#define EXIT_PORT        0xf4
#define LOOPS            1000000     /* two instructions each */

	.text
	.global _start
_start:
	call	pic_init
	call	pit_fastest

	mov	$LOOPS, %ecx
	.global busy_loop
busy_loop:
	dec	%ecx
	jnz	busy_loop

	mov	$42, %al
	out	%al, $EXIT_PORT
	hlt

	.include "tests/guests/lib.inc"

	.section .note.GNU-stack, "", @progbits
