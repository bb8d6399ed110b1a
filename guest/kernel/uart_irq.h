/*
 * guest/kernel/uart_irq.h - the console's UART, interrupt-driven: a
 * transmit ring emptied by IRQ 4, and received bytes fed to the tty.
 * Used when vmscope boots the guest with BOOT_FLAG_CONSOLE_IRQ; otherwise
 * the console stays on the polled driver (uart.h).
 */
#ifndef GUEST_KERNEL_UART_IRQ_H
#define GUEST_KERNEL_UART_IRQ_H

#include <stdbool.h>
#include <stddef.h>

/* Switch the console's UART to interrupts (the PIC must be set up). */
void uart_irq_start(void);

/* Has uart_irq_start() run? */
bool uart_irq_active(void);

/* Queue len bytes for sending and make sure the transmitter runs. */
void uart_irq_write(const char *buf, size_t len);

/* Send every queued byte now, by polling: before the machine stops. */
void uart_irq_drain(void);

#endif /* GUEST_KERNEL_UART_IRQ_H */
