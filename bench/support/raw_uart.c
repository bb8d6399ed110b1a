/*
 * bench/support/raw_uart.c - a bare loop's COM1 (see raw_uart.h).
 */
#include <string.h>
#include <unistd.h>

#include "bench/support/raw_uart.h"
#include "devices/uart16550.h"
#include "guest/abi/machine.h"

void raw_uart_io(struct raw_uart *u, uint16_t port, bool out, uint8_t *data,
		 size_t len)
{
	if (out) {
		if (port == PORT_COM1 + UART_LCR)
			u->dlab = data[0] & UART_LCR_DLAB;
		if (port == PORT_COM1 + UART_THR && !u->dlab &&
		    write(1, data, 1) < 0) {
			/* nobody reads: the byte is lost */
		}
		return;
	}
	memset(data, 0xff, len);
	if (port == PORT_COM1 + UART_LSR)
		data[0] = UART_LSR_THRE | UART_LSR_TEMT;
}
