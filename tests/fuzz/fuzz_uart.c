/*
 * tests/fuzz/fuzz_uart.c - fuzz target: the 16550 UART
 * (devices/uart16550.c) at COM1, through the bus.
 *
 * The guest programs the registers in any order, at any size; the host
 * side meanwhile types bytes into the receive FIFO (event 0) or resets the
 * machine (event 1).  The IRQ output must stay a level (0 or 1).
 * The input format is fuzz_bus.h's.
 */
#include <stdlib.h>

#include "devices/uart16550.h"
#include "guest/abi/machine.h"
#include "tests/fuzz/support/fuzz_bus.h"

static void count_byte(void *opaque, uint8_t byte)
{
	(void)byte;
	++*(unsigned long *)opaque;
}

static void host_event(void *opaque, unsigned event, struct fuzz_input *in)
{
	struct uart16550 *uart = opaque;

	if (event % 2 == 0)
		uart16550_receive(uart, fuzz_u8(in));
	else
		uart16550_reset(uart);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long transmitted = 0;
	struct serial_sink sink = { count_byte, &transmitted };
	struct fuzz_input in;
	struct bus bus;
	struct uart16550 *uart;

	bus_init(&bus);
	if (uart16550_init(&uart, &bus, PORT_COM1, &sink) < 0)
		abort();
	uart16550_set_irq(uart, fuzz_irq_line, NULL);
	fuzz_input_init(&in, data, size);
	fuzz_bus_run(&in, &(struct fuzz_device){ &bus, PORT_COM1,
				UART_NR_PORTS, host_event, uart });
	uart16550_free(uart);
	return 0;
}
