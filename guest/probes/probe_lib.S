/*
 * guest/probes/probe_lib.S - the ring-0 machinery both probe guests share.
 *
 * probe_setup installs what a CPU needs before ring 3 can run and come back:
 * a GDT with user segments and a TSS (whose RSP0 is the stack for traps
 * from ring 3), an IDT, and the SYSCALL MSRs.  probe_enter_ring3 drops to
 * ring 3, on the user stack kept here.  Ring-3 code reports with OUT, so it
 * gets both permissions x86 has for that: IOPL 3 in RFLAGS, and a TSS I/O
 * bitmap that allows every port up to PORT_PROBE.  Hardware honours
 * either; PVM only the bitmap (measured: with IOPL 3 and no bitmap, a
 * ring-3 OUT raised #GP).
 *
 * Every IDT handler reports PROBE_EV_VECTOR with the vector and the CPL of
 * the interrupted code and PROBE_EV_VECTOR_RIP with its RIP, then:
 *   #UD on "int $0x80" or "syscall"  skips the instruction and returns
 *                                    (trap-and-emulate, as on PVM the
 *                                    teaching kernel does),
 *   #PF at syscall_entry             (a syscall that stayed in ring 3 and
 *                                    could not fetch the supervisor page)
 *                                    returns to after the syscall (RCX),
 *   int $0x80, #BP                   returns,
 *   #DB                              returns with TF clear and RF set, so
 *                                    a debug trap meant for vmscope that
 *                                    reached the guest cannot repeat,
 *   anything else                    reports PROBE_EV_FATAL, exit status 1.
 *
 * Descriptors: Intel SDM vol. 3A 3.4.5 (segment), 8.2.3 (64-bit TSS
 * descriptor), 6.14.1 (64-bit IDT gate); TSS layout: figure 8-11; SYSCALL
 * MSRs: SDM vol. 2 "SYSCALL" and vol. 4 table 2-2.
 */
#include "guest/abi/machine.h"
#include "guest/probes/probe_abi.h"
#include "guest/probes/probe_asm.h"

/* Segment descriptor bits */
#define DESC_LIMIT     0x000f00000000ffff /* limit 0xfffff (ignored in 64-bit) */
#define DESC_TYPE_DATA (0x2 << 40)        /* data, read/write */
#define DESC_TYPE_CODE (0xa << 40)        /* code, execute/read */
#define DESC_TYPE_TSS  (0x9 << 40)        /* system: available 64-bit TSS */
#define DESC_S         (1 << 44)          /* code or data, not system */
#define DESC_DPL3      (3 << 45)          /* descriptor privilege level 3 */
#define DESC_P         (1 << 47)          /* present */
#define DESC_L         (1 << 53)          /* 64-bit code */
#define DESC_DB        (1 << 54)          /* 32-bit default size */
#define DESC_G         (1 << 55)          /* limit in 4 KiB pages */
#define DESC_FLAT      (DESC_LIMIT | DESC_S | DESC_P | DESC_G)

/* IDT gate: type/attribute byte (byte 5) */
#define GATE_INTERRUPT 0x8e               /* present, 64-bit interrupt gate */
#define GATE_DPL3      (3 << 5)           /* "int n" allowed from ring 3 */
#define IDT_VECTORS    256

/* The TSS I/O bitmap covers ports 0 .. IOMAP_BYTES * 8 - 1 */
#define IOMAP_BYTES    ((PORT_PROBE + 8) / 8)

/* MSRs and their bits */
#define MSR_EFER       0xc0000080
#define EFER_SCE       (1 << 0)           /* SYSCALL/SYSRET enabled */
#define MSR_STAR       0xc0000081         /* 47:32 syscall CS, 63:48 sysret base */
#define MSR_LSTAR      0xc0000082         /* 64-bit syscall entry point */
#define MSR_FMASK      0xc0000084         /* RFLAGS bits syscall clears */
#define FMASK_BITS     0x700              /* TF, IF, DF */
/* sysret loads CS = base + 16 (0x23) and SS = base + 8 (0x1b) */
#define STAR_SYSRET_BASE SEL_KERNEL_DATA

/* RFLAGS */
#define RFLAGS_TF      (1 << 8)
#define RFLAGS_RF      (1 << 16)
#define RFLAGS_USER    0x3002             /* IOPL 3, interrupts off */

/* The interrupt frame after trap_common's four pushes */
#define TF_SAVED_RCX   16
#define TF_VECTOR      32
#define TF_RIP         48
#define TF_CS          56
#define TF_RFLAGS      64

#define VEC_DB         1
#define VEC_BP         3
#define VEC_UD         6
#define VEC_DF         8
#define VEC_GP         13
#define VEC_PF         14
#define VEC_INT80      0x80
#define VEC_OTHER      0xff               /* any vector without its own stub */

#define INSN_INT80     0x80cd             /* bytes cd 80, read as a word */
#define INSN_SYSCALL   0x050f             /* bytes 0f 05 */

	.text
/* void probe_setup(void): GDT, segments, TSS, IDT, SYSCALL MSRs. */
	.global probe_setup
	.type probe_setup, @function
probe_setup:
	lea	tss(%rip), %rax           /* the TSS base, into its descriptor */
	mov	%ax, gdt_tss+2(%rip)
	shr	$16, %rax
	mov	%al, gdt_tss+4(%rip)
	mov	%ah, gdt_tss+7(%rip)
	shr	$16, %rax
	mov	%eax, gdt_tss+8(%rip)
	lgdt	gdt_ptr(%rip)
	pushq	$SEL_KERNEL_CODE          /* reload CS with a far return */
	lea	1f(%rip), %rax
	push	%rax
	lretq
1:	mov	$SEL_KERNEL_DATA, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	$SEL_TSS, %ax
	ltr	%ax
	call	build_idt
	lidt	idt_ptr(%rip)
	call	setup_syscall
	ret
	.size probe_setup, . - probe_setup

/* GATE vec, handler, attr: one IDT entry (set_gate below). */
	.macro GATE vec, handler, attr
	mov	$\vec, %ecx
	lea	\handler(%rip), %rax
	mov	$\attr, %edx
	call	set_gate
	.endm

/* Point every vector at trap_other, then the ones the probes expect. */
	.type build_idt, @function
build_idt:
	xor	%ecx, %ecx
1:	lea	trap_other(%rip), %rax
	xor	%edx, %edx
	call	set_gate
	inc	%ecx
	cmp	$IDT_VECTORS, %ecx
	jb	1b
	GATE	VEC_DB, trap_db, 0
	GATE	VEC_BP, trap_bp, 0
	GATE	VEC_UD, trap_ud, 0
	GATE	VEC_DF, trap_df, 0
	GATE	VEC_GP, trap_gp, 0
	GATE	VEC_PF, trap_pf, 0
	GATE	VEC_INT80, trap_int80, GATE_DPL3
	ret
	.size build_idt, . - build_idt

/* set_gate: vector %ecx -> handler %rax, extra attribute bits %edx. */
	.type set_gate, @function
set_gate:
	mov	%ecx, %esi
	shl	$4, %esi
	lea	idt(%rip), %rdi
	add	%rsi, %rdi
	mov	%ax, (%rdi)                /* offset 15:0 */
	movw	$SEL_KERNEL_CODE, 2(%rdi)  /* selector */
	movb	$0, 4(%rdi)                /* IST: none */
	or	$GATE_INTERRUPT, %edx
	mov	%dl, 5(%rdi)               /* type, DPL, present */
	shr	$16, %rax
	mov	%ax, 6(%rdi)               /* offset 31:16 */
	shr	$16, %rax
	mov	%eax, 8(%rdi)              /* offset 63:32 */
	movl	$0, 12(%rdi)
	ret
	.size set_gate, . - set_gate

	.type setup_syscall, @function
setup_syscall:
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_SCE, %eax
	wrmsr
	mov	$MSR_STAR, %ecx
	xor	%eax, %eax
	mov	$((STAR_SYSRET_BASE << 16) | SEL_KERNEL_CODE), %edx
	wrmsr
	mov	$MSR_LSTAR, %ecx
	lea	syscall_entry(%rip), %rax
	mov	%rax, %rdx
	shr	$32, %rdx
	wrmsr
	mov	$MSR_FMASK, %ecx
	mov	$FMASK_BITS, %eax
	xor	%edx, %edx
	wrmsr
	ret
	.size setup_syscall, . - setup_syscall

/* noreturn probe_enter_ring3(entry %rdi): ring 3 at entry, on the user
 * stack below. */
	.global probe_enter_ring3
	.type probe_enter_ring3, @function
probe_enter_ring3:
	pushq	$(SEL_USER_DATA | 3)
	lea	probe_ustack_top(%rip), %rax
	push	%rax
	pushq	$RFLAGS_USER
	pushq	$(SEL_USER_CODE | 3)
	push	%rdi
	iretq
	.size probe_enter_ring3, . - probe_enter_ring3

/* The SYSCALL entry: report the CPL it runs at, then sysret to the
 * instruction after the syscall (RCX).  Where syscall jumps here without
 * leaving ring 3 (PVM), fetching this supervisor page faults instead:
 * trap_common recognises that #PF. */
	.type syscall_entry, @function
syscall_entry:
	mov	%rcx, %r8
	CPL_TO_ECX
	REPORT	PROBE_EV_LSTAR
	mov	%r8, %rcx
	sysretq
	.size syscall_entry, . - syscall_entry

/* One stub per vector: an error code of 0 where the CPU pushes none, then
 * the vector, so trap_common sees one frame layout. */
	.macro TRAP name, vec, errcode
	.type \name, @function
\name:
	.if \errcode == 0
	pushq	$0
	.endif
	pushq	$\vec
	jmp	trap_common
	.size \name, . - \name
	.endm

	TRAP	trap_db, VEC_DB, 0
	TRAP	trap_bp, VEC_BP, 0
	TRAP	trap_ud, VEC_UD, 0
	TRAP	trap_df, VEC_DF, 1
	TRAP	trap_gp, VEC_GP, 1
	TRAP	trap_pf, VEC_PF, 1
	TRAP	trap_int80, VEC_INT80, 0
	TRAP	trap_other, VEC_OTHER, 0

	.type trap_common, @function
trap_common:
	push	%rax
	push	%rcx
	push	%rdx
	push	%rsi
	mov	TF_CS(%rsp), %eax
	and	$3, %eax
	shl	$PROBE_VECTOR_CPL_SHIFT, %eax
	mov	TF_VECTOR(%rsp), %ecx
	or	%eax, %ecx
	REPORT	PROBE_EV_VECTOR
	mov	TF_RIP(%rsp), %ecx
	and	$PROBE_ARG_MASK, %ecx
	REPORT	PROBE_EV_VECTOR_RIP
	mov	TF_VECTOR(%rsp), %rax
	cmp	$VEC_INT80, %rax
	je	trap_return
	cmp	$VEC_BP, %rax
	je	trap_return
	cmp	$VEC_DB, %rax
	je	trap_debug
	cmp	$VEC_PF, %rax
	je	trap_page_fault
	cmp	$VEC_UD, %rax
	jne	trap_fatal
	mov	TF_RIP(%rsp), %rsi         /* #UD: is it one we emulate? */
	cmpw	$INSN_INT80, (%rsi)
	je	trap_skip2
	cmpw	$INSN_SYSCALL, (%rsi)
	jne	trap_fatal
trap_skip2:
	addq	$2, TF_RIP(%rsp)
	jmp	trap_return
trap_page_fault:                           /* a ring-3 syscall at LSTAR? */
	lea	syscall_entry(%rip), %rax
	cmp	%rax, TF_RIP(%rsp)
	jne	trap_fatal
	mov	TF_SAVED_RCX(%rsp), %rax   /* where syscall came from */
	mov	%rax, TF_RIP(%rsp)
	jmp	trap_return
trap_debug:
	andq	$~RFLAGS_TF, TF_RFLAGS(%rsp)
	orq	$RFLAGS_RF, TF_RFLAGS(%rsp)
trap_return:
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rax
	add	$16, %rsp                  /* vector and error code */
	iretq
trap_fatal:
	mov	TF_VECTOR(%rsp), %ecx
	REPORT	PROBE_EV_FATAL
	PROBE_EXIT 1
	.size trap_common, . - trap_common

	.data
	.balign 16
gdt:
	.quad	0                                           /* null */
	.quad	DESC_FLAT | DESC_TYPE_CODE | DESC_L         /* 0x08 kernel code */
	.quad	DESC_FLAT | DESC_TYPE_DATA | DESC_DB        /* 0x10 kernel data */
	.quad	DESC_FLAT | DESC_TYPE_DATA | DESC_DB | DESC_DPL3 /* 0x18 user data */
	.quad	DESC_FLAT | DESC_TYPE_CODE | DESC_L | DESC_DPL3  /* 0x20 user code */
gdt_tss:                                   /* 0x28: base filled in at run time */
	.quad	(tss_end - tss - 1) | DESC_TYPE_TSS | DESC_P
	.quad	0
gdt_end:
gdt_ptr:
	.word	gdt_end - gdt - 1
	.quad	gdt
idt_ptr:
	.word	IDT_VECTORS * 16 - 1
	.quad	idt

	.balign 16
tss:                                       /* 64-bit TSS, figure 8-11 */
	.long	0
	.quad	probe_kstack_top                   /* RSP0 */
	.quad	0, 0                               /* RSP1, RSP2 */
	.quad	0
	.fill	7, 8, 0                            /* IST1-7: unused */
	.quad	0
	.word	0
	.word	tss_iomap - tss                    /* I/O permission bitmap */
tss_iomap:                                 /* one bit per port, 0: allowed */
	.fill	IOMAP_BYTES, 1, 0
	.byte	0xff                               /* end marker, inside the limit */
tss_end:

	.bss
	.balign 16
idt:
	.skip	IDT_VECTORS * 16
	.balign 16
probe_kstack:
	.skip	8192
probe_kstack_top:

	.section .user.bss, "aw", @nobits     /* at USER_BASE: user pages */
	.balign 16
probe_ustack:
	.skip	4096
probe_ustack_top:
