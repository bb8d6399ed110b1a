/*
 * guest/hostile/hostile.c - a guest that misbehaves, for lesson `hostile`.
 *
 * A ring-0 program linked into the kernel in place of user_entry.c (it
 * provides start_program()), like guest/exits/exits.c.  It reads a port no
 * device answers, writes 0xff to every register of the UART, and finally
 * points the CPU at an IDT with no entries and raises an exception.  A
 * device model is code the guest drives with any values it likes: vmscope
 * must answer each access as the hardware would, and stop the machine
 * cleanly when the CPU gives up - never crash itself.
 *
 * Its console lines, in order (lesson `hostile` matches them):
 *
 *   IN: port 0x2f8, where no device is (no COM2 is fitted)
 *   OUT: 0xff to every UART register, then uart_init sets it up again
 *   LIDT: an IDT with no entries, then int3: #GP, #DF, a triple fault
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/console.h"
#include "guest/kernel/io.h"
#include "guest/kernel/program.h"
#include "guest/kernel/table_pointer.h"
#include "guest/kernel/tty.h"
#include "guest/kernel/uart.h"

#define PORT_COM2 0x2f8   /* a PC's second serial port: not in vmscope's PC */

void start_program(void)
{
	static const struct table_pointer empty_idt = { .limit = 0, .base = 0 };

	console_puts("IN: port 0x2f8, where no device is (no COM2 is fitted)\n");
	(void)inb(PORT_COM2);

	console_puts("OUT: 0xff to every UART register, then uart_init sets it up again\n");
	for (uint16_t reg = 1; reg < 8; reg++)
		outb(PORT_COM1 + reg, 0xff);
	uart_init();

	console_puts("LIDT: an IDT with no entries, then int3: #GP, #DF, a triple fault\n");
	tty_drain();
	__asm__ volatile("lidt %0\n\tint3" : : "m"(empty_idt) : "memory");
	for (;;)
		hlt();
}
