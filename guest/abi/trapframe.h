/*
 * guest/abi/trapframe.h - the teaching kernel's trap frame, shared with vmscope.
 *
 * Every interrupt, exception and system call enters the kernel through one
 * assembly stub, trap_entry (guest/kernel/trap_entry.S).  The CPU pushes the
 * five-word interrupt frame (SS, RSP, RFLAGS, CS, RIP); the per-vector stub
 * pushes an error code (0 when the CPU gives none) and the vector number; the
 * common stub pushes the general-purpose registers.  The result, read from the
 * lowest address up, is struct trapframe.
 *
 * trap_entry then does "mov %rsp, %rdi; call trap" without touching %rbp, so
 * the C function trap() saves the interrupted code's %rbp in its frame record
 * and its return address points into trap_entry.  That is how vmscope's stack
 * unwinder (core/unwind.c) crosses from the kernel into the user program:
 *
 *   a frame record (saved rbp, return address) whose return address lies in
 *   the symbol TRAPFRAME_ENTRY_SYMBOL sits 16 bytes below a struct trapframe:
 *       trapframe address = frame record address + TRAPFRAME_OFFSET_FROM_RECORD
 *
 * This header is included by the guest (freestanding) and by vmscope (hosted);
 * it uses nothing but <stdint.h>.
 */
#ifndef GUEST_ABI_TRAPFRAME_H
#define GUEST_ABI_TRAPFRAME_H

#include <stdint.h>

#define TRAPFRAME_ENTRY_SYMBOL "trap_entry"
#define TRAPFRAME_OFFSET_FROM_RECORD 16

struct trapframe {
	/* pushed by trap_entry, last pushed first */
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	/* pushed by the per-vector stub */
	uint64_t vector;
	uint64_t error_code;
	/* pushed by the CPU on every interrupt or exception in long mode */
	uint64_t rip;
	uint64_t cs;
	uint64_t rflags;
	uint64_t rsp;
	uint64_t ss;
};

_Static_assert(sizeof(struct trapframe) == 22 * 8, "trap frame layout is ABI");

/* Vectors the kernel and vmscope both name. */
#define TRAP_DIVIDE_ERROR     0
#define TRAP_INVALID_OPCODE   6
#define TRAP_DOUBLE_FAULT     8
#define TRAP_GENERAL_PROTECT 13
#define TRAP_PAGE_FAULT      14
#define TRAP_SYSCALL       0x80

#endif /* GUEST_ABI_TRAPFRAME_H */
