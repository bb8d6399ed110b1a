/*
 * guest/kernel/uart.c - a polled driver for the 16550 UART on COM1.
 *
 * Register map from the TI PC16550D datasheet (SLLS057), "Register
 * Description"; offsets are from the base port.  Registers 0 and 1 mean
 * something else while LCR.DLAB is set: the two bytes of the baud divisor.
 *
 * The driver never uses interrupts: before each byte it reads LSR once and
 * writes THR when THRE says the transmitter can take it.  A real 16550 at
 * 115200 baud needs about 87 us per byte; vmscope's UART is always ready, so
 * each byte costs exactly two exits - one `in` from LSR, one `out` to THR -
 * and a student sees both in the trace.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/io.h"
#include "guest/kernel/uart.h"

#define UART_THR 0  /* transmitter holding register (write, DLAB = 0) */
#define UART_DLL 0  /* divisor latch, low byte (DLAB = 1) */
#define UART_IER 1  /* interrupt enable register (DLAB = 0) */
#define UART_DLM 1  /* divisor latch, high byte (DLAB = 1) */
#define UART_FCR 2  /* FIFO control register (write) */
#define UART_LCR 3  /* line control register */
#define UART_MCR 4  /* modem control register */
#define UART_LSR 5  /* line status register */

#define LCR_WORD_8BIT  0x03 /* 8 data bits; no parity, 1 stop bit: "8N1" */
#define LCR_DLAB       0x80 /* divisor latch access bit */
#define FCR_ENABLE     0x01 /* enable both FIFOs */
#define FCR_CLEAR_RX   0x02 /* empty the receive FIFO */
#define FCR_CLEAR_TX   0x04 /* empty the transmit FIFO */
#define MCR_DTR        0x01 /* data terminal ready */
#define MCR_RTS        0x02 /* request to send */
#define LSR_THRE       0x20 /* transmitter holding register empty */

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

__attribute__((noinline)) void uart_putc(char c)
{
	while (!(inb(PORT_COM1 + UART_LSR) & LSR_THRE))
		;
	outb(PORT_COM1 + UART_THR, (uint8_t)c);
}
