/*
 * guest/kernel/syscall.c - the system call table and the system calls.
 *
 * As in xv6, one table maps each number of guest/abi/syscall.h to its
 * handler; syscall_entry() looks the number up and calls it with the
 * arguments from the trap frame.  A program's pointers are never trusted:
 * a buffer must lie inside the user region, [USER_BASE, USER_STACK_TOP).
 */
#include <stddef.h>
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/abi/syscall.h"
#include "guest/abi/trapframe.h"
#include "guest/kernel/shutdown.h"
#include "guest/kernel/syscall.h"
#include "guest/kernel/tty.h"

#define EBADF  9    /* Linux errno values, returned negated */
#define EFAULT 14
#define ENOSYS 38

#define FD_STDOUT 1
#define FD_STDERR 2

typedef int64_t syscall_fn(uint64_t a0, uint64_t a1, uint64_t a2);

/* Is [addr, addr + len) inside the memory a user program may use? */
static int user_range_ok(uint64_t addr, uint64_t len)
{
	return addr >= USER_BASE && addr <= USER_STACK_TOP &&
	       len <= USER_STACK_TOP - addr;
}

/* write(fd, buf, len): both stdout and stderr are the console. */
static int64_t sys_write(uint64_t fd, uint64_t buf, uint64_t len)
{
	if (fd != FD_STDOUT && fd != FD_STDERR)
		return -EBADF;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	return (int64_t)tty_write((const char *)buf, len);
}

/* exit(status): the low byte of status becomes vmscope's exit status. */
static int64_t sys_exit(uint64_t status, uint64_t unused1, uint64_t unused2)
{
	(void)unused1;
	(void)unused2;
	shutdown((uint8_t)status);
}

static syscall_fn *const syscalls[] = {
	[SYS_write] = sys_write,
	[SYS_exit] = sys_exit,
};

#define NSYSCALLS (sizeof syscalls / sizeof syscalls[0])

void syscall_entry(struct trapframe *tf)
{
	uint64_t num = tf->rax;

	if (num >= NSYSCALLS || syscalls[num] == NULL) {
		tf->rax = (uint64_t)-ENOSYS;
		return;
	}
	tf->rax = (uint64_t)syscalls[num](tf->rdi, tf->rsi, tf->rdx);
}
