/*
 * guest/exits/exits.c - one of each VM exit a student meets first.
 *
 * A ring-0 program linked into the kernel in place of user_entry.c: it
 * provides start_program().  Each step announces on the console what it is
 * about to do, then does it with exactly one instruction.  The console
 * lines, in order (integration tests match them):
 *
 *   OUT: writing 0xa5 to the UART scratch register, port 0x3ff
 *   IN: reading it back from port 0x3ff
 *   MMIO write: 0x12345678 to 0xd0000000, where no RAM is
 *   MMIO read: 4 bytes from 0xd0000000
 *   CPUID: KVM answers it inside the kernel, no exit reaches vmscope
 *   HLT: with interrupts off nothing can wake the CPU, so the run ends here
 *
 * The announcements themselves are port writes to the UART, so between the
 * steps the trace shows the LSR reads and THR writes of each line.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/console.h"
#include "guest/kernel/io.h"
#include "guest/kernel/program.h"
#include "guest/kernel/tty.h"
#include "guest/kernel/uart_regs.h"

#define SCRATCH_VALUE 0xa5
#define MMIO_VALUE 0x12345678u

/* The CPU gives its vendor string for leaf 0; the values are not used. */
static void cpuid_leaf0(void)
{
	uint32_t eax = 0, ebx, ecx = 0, edx;

	__asm__ volatile("cpuid"
			 : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
}

void start_program(void)
{
	volatile uint32_t *mmio = (volatile uint32_t *)MMIO_WINDOW;

	console_puts("OUT: writing 0xa5 to the UART scratch register, port 0x3ff\n");
	outb(PORT_COM1 + UART_SCR, SCRATCH_VALUE);

	console_puts("IN: reading it back from port 0x3ff\n");
	(void)inb(PORT_COM1 + UART_SCR);

	console_puts("MMIO write: 0x12345678 to 0xd0000000, where no RAM is\n");
	*mmio = MMIO_VALUE;

	console_puts("MMIO read: 4 bytes from 0xd0000000\n");
	(void)*mmio;

	console_puts("CPUID: KVM answers it inside the kernel, no exit reaches vmscope\n");
	cpuid_leaf0();

	console_puts("HLT: with interrupts off nothing can wake the CPU, so the run ends here\n");
	tty_drain();   /* an interrupt-driven console sends its last bytes */
	cli();
	for (;;)
		hlt();
}
