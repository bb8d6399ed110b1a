/*
 * guest/kernel/uart.c - a polled driver for the 16550 UART on COM1.
 *
 * Register map: uart_regs.h (TI PC16550D datasheet, SLLS057).
 *
 * This driver never uses interrupts (uart_irq.c is the interrupt-driven
 * one, for a console booted with BOOT_FLAG_CONSOLE_IRQ): before each byte
 * it reads LSR once and writes THR when THRE says the transmitter can
 * take it.  A real 16550 at
 * 115200 baud needs about 87 us per byte; vmscope's UART is always ready, so
 * each byte costs exactly two exits - one `in` from LSR, one `out` to THR -
 * and a student sees both in the trace.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/io.h"
#include "guest/kernel/uart.h"
#include "guest/kernel/uart_regs.h"

#define UART_DIVISOR_115200 1 /* 1.8432 MHz clock / (16 * 115200) */

void uart_init(void)
{
	outb(PORT_COM1 + UART_IER, 0);
	outb(PORT_COM1 + UART_LCR, LCR_DLAB);
	outb(PORT_COM1 + UART_DLL, UART_DIVISOR_115200 & 0xff);
	outb(PORT_COM1 + UART_DLM, UART_DIVISOR_115200 >> 8);
	outb(PORT_COM1 + UART_LCR, LCR_WORD_8BIT);
	outb(PORT_COM1 + UART_FCR, FCR_ENABLE | FCR_CLEAR_RX | FCR_CLEAR_TX);
	outb(PORT_COM1 + UART_MCR, MCR_DTR | MCR_RTS);
}

/*
 * Weak, so that a lab can supply its own uart_putc (labs/uart: the student
 * writes this function; `make lab` links the student's in its place).
 */
__attribute__((noinline, weak)) void uart_putc(char c)
{
	while (!(inb(PORT_COM1 + UART_LSR) & LSR_THRE))
		;
	outb(PORT_COM1 + UART_THR, (uint8_t)c);
}
