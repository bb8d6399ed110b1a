/*
 * tests/guests/triple_fault.S - a hostile guest: it triple-faults.
 *
 * It loads an empty IDT (limit 0), then executes ud2.  #UD cannot be
 * delivered (no IDT entry: #GP), the #GP cannot be delivered (#DF), the
 * double fault cannot either: the CPU shuts down, and KVM reports
 * KVM_EXIT_SHUTDOWN.  vmscope must stop cleanly, exit 1, and name the
 * reason and the last RIP.
 */
	.text
	.global _start
_start:
	lidt	empty_idt
	.global crash_here
crash_here:
	ud2
	.size crash_here, . - crash_here

	.data
empty_idt:
	.word	0
	.quad	0

	.section .note.GNU-stack, "", @progbits
