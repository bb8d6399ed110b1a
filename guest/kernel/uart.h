/*
 * guest/kernel/uart.h - the polled 16550 UART driver on COM1 (no IRQs;
 * uart_irq.h is the interrupt-driven transmitter).
 */
#ifndef GUEST_KERNEL_UART_H
#define GUEST_KERNEL_UART_H

/* Program 115200 baud, 8N1, FIFOs on, interrupts off. */
void uart_init(void);

/* Send one byte: wait until the transmitter holding register is empty. */
void uart_putc(char c);

#endif /* GUEST_KERNEL_UART_H */
