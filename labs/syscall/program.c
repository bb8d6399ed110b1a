/*
 * labs/syscall/program.c - the lab's user program (given: you need not
 * change it).  It runs in ring 3 and asks the kernel for its process id
 * with system call SYS_getpid (39, guest/abi/syscall.h), the way the
 * libc's write() asks for a write (guest/libc/syscalls.c): the number in
 * %rax, `int $0x80`, the result back in %rax.
 *
 * Until the kernel has the call, the answer is -38 (-ENOSYS) and the
 * program ends with status 1; with your sys_getpid it prints
 * "getpid() = 1" and ends with status 0.
 */
#include <stdint.h>
#include <stdio.h>

#include "guest/abi/syscall.h"

/* The user side of the system call.  The frame address is an unused
 * operand so that gcc keeps the frame record vmscope's unwinder walks. */
__attribute__((noinline)) static long getpid(void)
{
	long pid;

	__asm__ volatile("int $0x80"
			 : "=a"(pid)
			 : "a"((uint64_t)SYS_getpid),
			   "r"(__builtin_frame_address(0))
			 : "memory");
	return pid;
}

int main(void)
{
	long pid = getpid();

	printf("getpid() = %ld\n", pid);
	return pid == 1 ? 0 : 1;
}
