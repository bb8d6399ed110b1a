/*
 * bench/support/raw_uart.h - the least of a COM1 a bare loop needs to let
 * a guest print (bench/raw_kvm_loop.c, raw_soft_loop.c): a byte written to
 * THR goes to stdout at once, a write(2) each (first_byte times the
 * first); LSR always says "ready to send"; any other port reads as all
 * ones and takes writes silently.  The line control register's DLAB bit
 * is followed, so the divisor the guest programs is not taken for a byte.
 */
#ifndef BENCH_SUPPORT_RAW_UART_H
#define BENCH_SUPPORT_RAW_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct raw_uart {
	bool dlab;
};

/* One port-I/O exit: size * count bytes at data, read or written. */
void raw_uart_io(struct raw_uart *u, uint16_t port, bool out, uint8_t *data,
		 size_t len);

#endif /* BENCH_SUPPORT_RAW_UART_H */
