/*
 * guest/libc/syscalls.c - the two system calls, as `int $0x80`.
 *
 * Number in %rax, arguments in %rdi, %rsi, %rdx, result in %rax
 * (guest/abi/syscall.h); the kernel preserves every other register.
 *
 * The frame address is an unused asm operand so that gcc keeps these leaf
 * functions' frame records, which vmscope's unwinder walks from the trap
 * frame (see guest/kernel/io.h).
 */
#include <stddef.h>
#include <stdint.h>

#include <stdlib.h>
#include <unistd.h>

#include "guest/abi/syscall.h"

__attribute__((noinline)) ssize_t write(int fd, const void *buf, size_t n)
{
	ssize_t ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"((uint64_t)SYS_write), "D"((int64_t)fd), "S"(buf),
			   "d"(n), "r"(__builtin_frame_address(0))
			 : "memory");
	return ret;
}

void exit(int status)
{
	__asm__ volatile("int $0x80"
			 : : "a"((uint64_t)SYS_exit), "D"((int64_t)status),
			     "r"(__builtin_frame_address(0))
			 : "memory");
	for (;;)
		;   /* not reached: the kernel does not return from exit */
}
