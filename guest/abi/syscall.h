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

#define SYS_read  0   /* read(fd, buf, len) -> bytes read: one line from
			 the tty (waits for Enter), 0 never */
#define SYS_write 1   /* write(fd, buf, len) -> bytes written */
#define SYS_getpid 39 /* getpid() -> the process id: not in the kernel
			 until a lab adds it (labs/syscall) */
#define SYS_exit  60  /* exit(status): the run ends with that status */
#define SYS_times 100 /* times(NULL) -> timer ticks (100 Hz) since boot */
#define SYS_reboot 169 /* reboot(): restart the machine (i8042 pulse) */

#endif /* GUEST_ABI_SYSCALL_H */
