/*
 * guest/kernel/tty.c - the console tty, output side (tty_line.c is the
 * input side).
 *
 * Every byte written goes to two places: the serial line (the UART on
 * COM1) and the screen (the VGA text buffer).  A real tty does output
 * processing too ("\n" -> "\r\n"); this one passes every byte through
 * unchanged, so one byte written by the program is exactly one `out` to
 * the UART: the trace can be checked byte for byte against what the
 * program printed.  The UART bytes go first - they are what the trace and
 * the terminal show - then the screen, then one update of the screen's
 * cursor per write.
 *
 * By default the UART is polled (uart_putc).  A guest booted with
 * BOOT_FLAG_CONSOLE_IRQ sends through the interrupt-driven driver instead
 * (uart_irq.c), whose bytes may still be queued when tty_write returns;
 * tty_drain() waits for them.
 */
#include "guest/kernel/tty.h"
#include "guest/kernel/uart.h"
#include "guest/kernel/uart_irq.h"
#include "guest/kernel/vga.h"

__attribute__((noinline)) size_t tty_write(const char *buf, size_t len)
{
	if (uart_irq_active()) {
		uart_irq_write(buf, len);
	} else {
		for (size_t i = 0; i < len; i++)
			uart_putc(buf[i]);
	}
	vga_write(buf, len);
	vga_update_cursor();
	return len;
}

void tty_drain(void)
{
	if (uart_irq_active())
		uart_irq_drain();
}
