/*
 * scripts/guest_blobs.S - the built-in guest images, linked into vmscope.
 *
 * Each GUEST line puts one ELF file from build/guest/ into .rodata between
 * the symbols guest_<name>_start and guest_<name>_end, which core/guests.c
 * lists in its table.
 */
	.macro GUEST name
	.section .rodata
	.balign 16
	.global guest_\name\()_start, guest_\name\()_end
guest_\name\()_start:
	.incbin "\name\().elf"
guest_\name\()_end:
	.endm

	GUEST hello
	GUEST fault
	GUEST exits
	GUEST portloop
	GUEST rt
	GUEST noise
	GUEST cpuloops
	GUEST echo
	GUEST shell
	GUEST hostile
	GUEST hv
	GUEST hvhostile
	GUEST hvbench
	GUEST netrx
	GUEST netecho
	GUEST probe_ring3
	GUEST probe_exitcost

	.section .note.GNU-stack, "", @progbits
