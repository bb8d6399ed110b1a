/*
 * guest/libc/syscalls.c - the system calls, as `int $0x80`.
 *
 * Number in %rax, arguments in %rdi, %rsi, %rdx, result in %rax
 * (guest/abi/syscall.h); the kernel preserves every other register.
 *
 * syscall3() is inlined into each wrapper, so the `int $0x80` lies inside
 * write(), read(), ...: a stack walk from the trap frame names the call
 * (main > printf > vfprintf > write | int 0x80).  The frame address is an
 * unused asm operand so that gcc keeps these leaf functions' frame
 * records, which vmscope's unwinder walks (see guest/kernel/io.h).
 */
#include <stddef.h>
#include <stdint.h>

#include <stdlib.h>
#include <sys/reboot.h>
#include <sys/times.h>
#include <unistd.h>

#include "guest/abi/syscall.h"

static inline __attribute__((always_inline)) int64_t
syscall3(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2)
{
	int64_t ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(num), "D"(a0), "S"(a1), "d"(a2),
			   "r"(__builtin_frame_address(0))
			 : "memory");
	return ret;
}

__attribute__((noinline)) ssize_t read(int fd, void *buf, size_t n)
{
	return syscall3(SYS_read, (uint64_t)(int64_t)fd, (uint64_t)buf, n);
}

__attribute__((noinline)) ssize_t write(int fd, const void *buf, size_t n)
{
	return syscall3(SYS_write, (uint64_t)(int64_t)fd, (uint64_t)buf, n);
}

void exit(int status)
{
	syscall3(SYS_exit, (uint64_t)(int64_t)status, 0, 0);
	for (;;)
		;   /* not reached: the kernel does not return from exit */
}

clock_t times(struct tms *buf)
{
	return syscall3(SYS_times, (uint64_t)buf, 0, 0);
}

int reboot(void)
{
	return (int)syscall3(SYS_reboot, 0, 0, 0);
}
