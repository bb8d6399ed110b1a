/*
 * guest/kernel/trap_entry.S - the one way into the kernel.
 *
 * Three kinds of traps come this way: the CPU's exceptions (vectors 0-31),
 * the PIC's hardware interrupts (vectors 0x20-0x2f, IRQ 0-15: see pic.c)
 * and system calls (`int $0x80`).  On each the CPU switches to the kernel stack (RSP0 of
 * the TSS when ring 3 was running), aligns it to 16 bytes and pushes SS, RSP,
 * RFLAGS, CS and RIP; for some exceptions also an error code.  The stub of
 * that vector pushes a 0 when the CPU gave no error code, so every frame has
 * the same shape, then the vector number, and jumps to trap_entry.
 * trap_entry pushes the general-purpose registers: the stack now holds a
 * struct trapframe (guest/abi/trapframe.h), lowest address first.
 *
 * trap_entry calls trap(tf) without touching %rbp: trap() saves the
 * interrupted code's %rbp in its frame record, 16 bytes below the trap frame,
 * next to a return address inside trap_entry.  vmscope's unwinder recognises
 * that return address and continues from the registers in the trap frame -
 * from the kernel back into the program that trapped.
 *
 * The return path pops everything in reverse order and `iretq` resumes the
 * interrupted code with whatever trap() left in the frame.
 */

/* A stub for a vector where the CPU pushes no error code. */
	.macro TRAP_STUB vector
	.type trap_vector_\vector, @function
trap_vector_\vector:
	pushq	$0
	pushq	$\vector
	jmp	trap_entry
	.size trap_vector_\vector, . - trap_vector_\vector
	.endm

/* A stub for a vector where the CPU has pushed an error code. */
	.macro TRAP_STUB_ERRCODE vector
	.type trap_vector_\vector, @function
trap_vector_\vector:
	pushq	$\vector
	jmp	trap_entry
	.size trap_vector_\vector, . - trap_vector_\vector
	.endm

	.text
	/* Error codes: Intel SDM Vol. 3A, Table 6-1 "Exceptions and Interrupts". */
	TRAP_STUB 0		/* #DE divide error */
	TRAP_STUB 1		/* #DB debug */
	TRAP_STUB 2		/* NMI */
	TRAP_STUB 3		/* #BP breakpoint */
	TRAP_STUB 4		/* #OF overflow */
	TRAP_STUB 5		/* #BR bound range exceeded */
	TRAP_STUB 6		/* #UD invalid opcode */
	TRAP_STUB 7		/* #NM device not available */
	TRAP_STUB_ERRCODE 8	/* #DF double fault */
	TRAP_STUB 9		/* coprocessor segment overrun */
	TRAP_STUB_ERRCODE 10	/* #TS invalid TSS */
	TRAP_STUB_ERRCODE 11	/* #NP segment not present */
	TRAP_STUB_ERRCODE 12	/* #SS stack-segment fault */
	TRAP_STUB_ERRCODE 13	/* #GP general protection */
	TRAP_STUB_ERRCODE 14	/* #PF page fault */
	TRAP_STUB 15		/* reserved */
	TRAP_STUB 16		/* #MF x87 floating-point error */
	TRAP_STUB_ERRCODE 17	/* #AC alignment check */
	TRAP_STUB 18		/* #MC machine check */
	TRAP_STUB 19		/* #XM SIMD floating-point */
	TRAP_STUB 20		/* #VE virtualization */
	TRAP_STUB_ERRCODE 21	/* #CP control protection */
	TRAP_STUB 22		/* reserved */
	TRAP_STUB 23		/* reserved */
	TRAP_STUB 24		/* reserved */
	TRAP_STUB 25		/* reserved */
	TRAP_STUB 26		/* reserved */
	TRAP_STUB 27		/* reserved */
	TRAP_STUB 28		/* #HV hypervisor injection */
	TRAP_STUB_ERRCODE 29	/* #VC VMM communication */
	TRAP_STUB_ERRCODE 30	/* #SX security */
	TRAP_STUB 31		/* reserved */

	/* Hardware interrupts: IRQ n of the PICs arrives as vector 0x20 + n. */
	TRAP_STUB 32		/* IRQ 0: timer (PIT counter 0) */
	TRAP_STUB 33		/* IRQ 1: keyboard (i8042) */
	TRAP_STUB 34		/* IRQ 2: cascade (never delivered itself) */
	TRAP_STUB 35		/* IRQ 3: COM2 */
	TRAP_STUB 36		/* IRQ 4: COM1 (16550 UART) */
	TRAP_STUB 37		/* IRQ 5 */
	TRAP_STUB 38		/* IRQ 6: floppy */
	TRAP_STUB 39		/* IRQ 7: parallel port; the master's spurious */
	TRAP_STUB 40		/* IRQ 8: real-time clock */
	TRAP_STUB 41		/* IRQ 9 */
	TRAP_STUB 42		/* IRQ 10 */
	TRAP_STUB 43		/* IRQ 11 */
	TRAP_STUB 44		/* IRQ 12: PS/2 mouse */
	TRAP_STUB 45		/* IRQ 13: FPU */
	TRAP_STUB 46		/* IRQ 14: primary ATA */
	TRAP_STUB 47		/* IRQ 15: secondary ATA; the slave's spurious */

	.global trap_vector_syscall
	.type trap_vector_syscall, @function
trap_vector_syscall:		/* int $0x80: TRAP_SYSCALL */
	pushq	$0
	pushq	$0x80
	jmp	trap_entry
	.size trap_vector_syscall, . - trap_vector_syscall

	.global trap_entry
	.type trap_entry, @function
trap_entry:
	pushq	%rax		/* the order of struct trapframe, bottom up */
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld			/* the C ABI expects DF = 0 on entry */
	mov	%rsp, %rdi	/* trap(struct trapframe *tf) */
	call	trap
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	add	$16, %rsp	/* vector and error code */
	iretq
	.size trap_entry, . - trap_entry

	/* The stubs in vector order, for idt_init(). */
	.section .rodata
	.balign 8
	.global trap_vectors
	.type trap_vectors, @object
trap_vectors:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31, \
		32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.quad	trap_vector_\v
	.endr
	.size trap_vectors, . - trap_vectors

	.section .note.GNU-stack, "", @progbits
