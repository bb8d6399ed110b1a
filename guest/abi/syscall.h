/*
 * guest/abi/syscall.h - the teaching kernel's system call numbers.
 *
 * Shared by the kernel (guest/kernel/syscall.c, which dispatches on them) and
 * the tiny libc (guest/libc/unistd.c, which issues them).  The numbers are
 * Linux's x86-64 ones, so a student who knows `strace` recognises them.
 *
 * Calling convention, as i386 Linux and xv6 do it: `int $0x80` with the
 * number in %rax and the arguments in %rdi, %rsi, %rdx; the result comes back
 * in %rax (a negative errno on failure); every other register is preserved.
 */
#ifndef GUEST_ABI_SYSCALL_H
#define GUEST_ABI_SYSCALL_H

#define SYS_write 1   /* write(fd, buf, len) -> bytes written */
#define SYS_exit  60  /* exit(status): the run ends with that status */

#endif /* GUEST_ABI_SYSCALL_H */
