/*
 * tests/guests/unsupported.S - an instruction the software CPU does not
 * implement: x87's fninit (DB E3).  The soft backend must stop with
 * INTERNAL_ERROR and name the bytes and the instruction, never execute it
 * wrongly; hardware runs it and the guest halts.
 */
	.text
	.global _start
_start:
	.global use_x87
use_x87:
	fninit
	hlt
	.size use_x87, . - use_x87

	.section .note.GNU-stack, "", @progbits
