/*
 * guest/kernel/syscall.h - system call dispatch, and how a kernel file of
 * its own (a lab's) adds a system call to the table.
 */
#ifndef GUEST_KERNEL_SYSCALL_H
#define GUEST_KERNEL_SYSCALL_H

#include <stdint.h>

#include "guest/abi/trapframe.h"

/* A system call's handler: the arguments from %rdi, %rsi, %rdx; the
 * result (a negative errno on failure) goes back in %rax. */
typedef int64_t syscall_fn(uint64_t a0, uint64_t a1, uint64_t a2);

/*
 * One more entry of the system call table, from another file than
 * syscall.c.  The kernel's own calls sit in syscall.c's syscalls[]; a file
 * adds one without touching that table by placing an entry in the section
 * .syscall_extra, which the linker gathers from every kernel file into one
 * array (guest/kernel/kernel.ld):
 *
 *     __attribute__((used, section(".syscall_extra")))
 *     static const struct syscall_entry getpid_entry = {
 *             SYS_getpid, sys_getpid,
 *     };
 *
 * (`used` keeps gcc from dropping an object nothing names.)  A number that
 * syscalls[] has is the kernel's: an extra entry cannot replace it.
 */
struct syscall_entry {
	uint64_t number;            /* guest/abi/syscall.h */
	syscall_fn *handler;
};

/*
 * Run the system call numbered tf->rax with the arguments in tf->rdi,
 * tf->rsi, tf->rdx (guest/abi/syscall.h) and put its result in tf->rax.
 * tf->rip must already point past the `int $0x80`.
 */
void syscall_entry(struct trapframe *tf);

#endif /* GUEST_KERNEL_SYSCALL_H */
