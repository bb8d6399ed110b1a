/*
 * guest/kernel/trap.h - the way into the kernel: exceptions, hardware
 * interrupts and system calls.
 *
 * The IDT points at the per-vector stubs of trap_entry.S; they build a struct
 * trapframe (guest/abi/trapframe.h) and call trap().
 */
#ifndef GUEST_KERNEL_TRAP_H
#define GUEST_KERNEL_TRAP_H

#include "guest/abi/trapframe.h"

/* Per-vector entry stubs (trap_entry.S): exceptions 0-31, then the PICs'
 * IRQ vectors 0x20-0x2f; and `int $0x80`. */
#define TRAP_NR_STUBS 48
extern void (*const trap_vectors[TRAP_NR_STUBS])(void);
void trap_vector_syscall(void);

/*
 * Handle one trap.  Whatever trap() leaves in *tf is what the interrupted
 * code resumes with (the system call result in rax, an advanced rip).
 */
void trap(struct trapframe *tf);

#endif /* GUEST_KERNEL_TRAP_H */
