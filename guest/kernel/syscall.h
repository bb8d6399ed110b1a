/*
 * guest/kernel/syscall.h - system call dispatch.
 */
#ifndef GUEST_KERNEL_SYSCALL_H
#define GUEST_KERNEL_SYSCALL_H

#include "guest/abi/trapframe.h"

/*
 * Run the system call numbered tf->rax with the arguments in tf->rdi,
 * tf->rsi, tf->rdx (guest/abi/syscall.h) and put its result in tf->rax.
 * tf->rip must already point past the `int $0x80`.
 */
void syscall_entry(struct trapframe *tf);

#endif /* GUEST_KERNEL_SYSCALL_H */
