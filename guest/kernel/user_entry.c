/*
 * guest/kernel/user_entry.c - start_program() for ring-3 programs: the drop
 * from the kernel into the user program.
 *
 * The CPU enters ring 3 only by "returning" to it: iretq pops RIP, CS,
 * RFLAGS, RSP and SS, and the RPL of the new CS (3) becomes the privilege
 * level.  So the kernel pushes a frame as if ring 3 had been interrupted
 * just before user_start (the libc's crt0) and returns into it, with the
 * user stack at USER_STACK_TOP and IOPL 0, so `in` and `out` in ring 3
 * fault.  Interrupts are off (RFLAGS = 0x2: bit 1 is always 1, IF = 0)
 * unless the interrupt hardware is already up (a console booted with
 * BOOT_FLAG_CONSOLE_IRQ); otherwise the first read() or times() turns
 * them on (syscall.c).  %rbp is zeroed last, as for a new process under
 * the System V ABI: the user program starts with no frame record, and no
 * call chain read from it can lead into the kernel's stack.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/interrupts.h"
#include "guest/kernel/program.h"

#define RPL_USER       3
#define RFLAGS_USER    0x2ULL  /* reserved bit 1 set; IF = 0, IOPL = 0 */

/* The user program's entry point (guest/libc/crt0.S). */
void user_start(void);

void start_program(void)
{
	uint64_t rflags = RFLAGS_USER;

	if (interrupts_started())
		rflags |= RFLAGS_IF;
	__asm__ volatile("pushq %[ss]\n\t"
			 "pushq %[rsp]\n\t"
			 "pushq %[rflags]\n\t"
			 "pushq %[cs]\n\t"
			 "pushq %[rip]\n\t"
			 "xorl %%ebp, %%ebp\n\t"
			 "iretq"
			 : : [ss] "i"(SEL_USER_DATA | RPL_USER),
			   [rsp] "i"(USER_STACK_TOP),
			   [rflags] "r"(rflags),
			   [cs] "i"(SEL_USER_CODE | RPL_USER),
			   [rip] "r"((uint64_t)user_start)
			 : "memory");
	__builtin_unreachable();
}
