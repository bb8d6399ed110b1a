/*
 * labs/syscall/sys_getpid.c - LAB: a system call of your own, end to end.
 *
 * The user program (program.c, given) executes `int $0x80` with 39,
 * SYS_getpid, in %rax.  The CPU enters the kernel through the IDT's gate
 * 0x80 (guest/kernel/trap_entry.S), trap() hands the trap frame to
 * syscall_entry() (guest/kernel/syscall.c), which looks the number up in
 * the system call table and calls the handler with %rdi, %rsi, %rdx; what
 * the handler returns goes back to ring 3 in %rax.  Today the table has no
 * entry 39, so the program gets -38 (-ENOSYS).
 *
 * Write, in this file:
 *
 *   1. the handler, as the kernel's own are written (sys_write in
 *      syscall.c): static int64_t sys_getpid(uint64_t a0, uint64_t a1,
 *      uint64_t a2), which ignores its arguments and returns the process
 *      id.  The teaching kernel runs one process, the first: its id is 1.
 *      Name it sys_getpid: the lesson sets a breakpoint there.
 *   2. its entry in the system call table: a struct syscall_entry with the
 *      number SYS_getpid and your handler, placed in the section
 *      .syscall_extra, which the linker adds to the table.
 *      guest/kernel/syscall.h shows how.
 *
 * Build and check it with
 *
 *     make lab LAB=labs/syscall
 *     build/vmscope lesson --check --guest build/guest/lab_labs_syscall.elf labs/syscall/syscall.lesson
 *
 * and watch the call go by with
 *
 *     build/vmscope trace --stack build/guest/lab_labs_syscall.elf
 */
#include <stdint.h>

#include "guest/abi/syscall.h"
#include "guest/kernel/syscall.h"

/* your code here */
