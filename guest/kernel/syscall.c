/*
 * guest/kernel/syscall.c - the system call table and the system calls.
 *
 * As in xv6, one table maps each number of guest/abi/syscall.h to its
 * handler; syscall_entry() looks the number up and calls it with the
 * arguments from the trap frame.  A number the table lacks is looked up
 * among the extra entries other kernel files add (a lab's system call:
 * syscall.h says how), then it is -ENOSYS.  A program's pointers are never trusted:
 * a buffer must lie inside the user region, [USER_BASE, USER_STACK_TOP).
 *
 * read() and times() are the calls that need the interrupt hardware (a
 * key, a timer tick), so they are what starts it (interrupts.c).  From
 * then on the program runs with interrupts enabled: syscall_entry sets IF
 * in the RFLAGS image that `iretq` restores on the way back to ring 3.
 */
#include <stddef.h>
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/abi/syscall.h"
#include "guest/abi/trapframe.h"
#include "guest/kernel/interrupts.h"
#include "guest/kernel/pit.h"
#include "guest/kernel/shutdown.h"
#include "guest/kernel/syscall.h"
#include "guest/kernel/tty.h"
#include "guest/kernel/tty_line.h"

#define EBADF  9    /* Linux errno values, returned negated */
#define EFAULT 14
#define EINVAL 22
#define ENOSYS 38

#define FD_STDIN  0
#define FD_STDOUT 1
#define FD_STDERR 2

/* Is [addr, addr + len) inside the memory a user program may use? */
static int user_range_ok(uint64_t addr, uint64_t len)
{
	return addr >= USER_BASE && addr <= USER_STACK_TOP &&
	       len <= USER_STACK_TOP - addr;
}

/*
 * read(fd, buf, len): fd 0 is the console's tty.  Waits for a whole line
 * (tty_line.c) and returns up to len bytes of it; 0 is end of file.
 */
static int64_t sys_read(uint64_t fd, uint64_t buf, uint64_t len)
{
	if (fd != FD_STDIN)
		return -EBADF;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	if (len == 0)
		return 0;
	interrupts_start();
	return (int64_t)tty_read((char *)buf, len);
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

/*
 * times(buf): timer ticks (TIMER_HZ a second) since the timer started,
 * which is the first read() or times() call, or boot with an
 * interrupt-driven console.  There are no per-process CPU times to fill
 * in, so buf must be NULL.
 */
static int64_t sys_times(uint64_t buf, uint64_t unused1, uint64_t unused2)
{
	(void)unused1;
	(void)unused2;
	if (buf != 0)
		return -EINVAL;
	interrupts_start();
	return (int64_t)pit_ticks();
}

/* reboot(): restart the machine through the keyboard controller. */
static int64_t sys_reboot(uint64_t unused0, uint64_t unused1, uint64_t unused2)
{
	(void)unused0;
	(void)unused1;
	(void)unused2;
	reboot();
}

static syscall_fn *const syscalls[] = {
	[SYS_read] = sys_read,
	[SYS_write] = sys_write,
	[SYS_exit] = sys_exit,
	[SYS_times] = sys_times,
	[SYS_reboot] = sys_reboot,
};

#define NSYSCALLS (sizeof syscalls / sizeof syscalls[0])

/* The .syscall_extra entries, gathered by the linker (kernel.ld). */
extern const struct syscall_entry syscall_extra_start[];
extern const struct syscall_entry syscall_extra_end[];

/* The handler of num: the table's, else an extra entry's, else NULL. */
static syscall_fn *syscall_find(uint64_t num)
{
	const struct syscall_entry *e;

	if (num < NSYSCALLS && syscalls[num] != NULL)
		return syscalls[num];
	for (e = syscall_extra_start; e < syscall_extra_end; e++)
		if (e->number == num)
			return e->handler;
	return NULL;
}

void syscall_entry(struct trapframe *tf)
{
	syscall_fn *handler = syscall_find(tf->rax);

	if (handler == NULL) {
		tf->rax = (uint64_t)-ENOSYS;
		return;
	}
	tf->rax = (uint64_t)handler(tf->rdi, tf->rsi, tf->rdx);
	if (interrupts_started())
		tf->rflags |= RFLAGS_IF;
}
