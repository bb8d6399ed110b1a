/*
 * guest/kernel/uart_regs.h - the 16550 UART's registers, for the polled
 * driver (uart.c), the interrupt-driven one (uart_irq.c) and the exits
 * guest (its scratch-register OUT and IN).
 *
 * Register map from the TI PC16550D datasheet (SLLS057), "Register
 * Description"; offsets are from the base port (PORT_COM1).  Registers 0
 * and 1 mean something else while LCR.DLAB is set: the two bytes of the
 * baud divisor.  Offset 2 is IIR when read and FCR when written.
 */
#ifndef GUEST_KERNEL_UART_REGS_H
#define GUEST_KERNEL_UART_REGS_H

#define UART_RBR 0  /* receiver buffer register (read, DLAB = 0) */
#define UART_THR 0  /* transmitter holding register (write, DLAB = 0) */
#define UART_DLL 0  /* divisor latch, low byte (DLAB = 1) */
#define UART_IER 1  /* interrupt enable register (DLAB = 0) */
#define UART_DLM 1  /* divisor latch, high byte (DLAB = 1) */
#define UART_IIR 2  /* interrupt identification register (read) */
#define UART_FCR 2  /* FIFO control register (write) */
#define UART_LCR 3  /* line control register */
#define UART_MCR 4  /* modem control register */
#define UART_LSR 5  /* line status register */
#define UART_MSR 6  /* modem status register */
#define UART_SCR 7  /* scratch register: holds any byte */

#define IER_ERBFI      0x01 /* interrupt when received data is available */
#define IER_ETBEI      0x02 /* interrupt when the transmitter is empty */

#define IIR_NO_INT     0x01 /* bit 0 set: no interrupt pending */
#define IIR_ID_MASK    0x0f /* bits 3-0: which one (bits 7-6: FIFOs on) */
#define IIR_MSI        0x00 /* modem status changed (lowest priority) */
#define IIR_THRI       0x02 /* transmitter holding register empty */
#define IIR_RDI        0x04 /* received data available */
#define IIR_RLSI       0x06 /* receiver line status (highest priority) */

#define LCR_WORD_8BIT  0x03 /* 8 data bits; no parity, 1 stop bit: "8N1" */
#define LCR_DLAB       0x80 /* divisor latch access bit */
#define FCR_ENABLE     0x01 /* enable both FIFOs */
#define FCR_CLEAR_RX   0x02 /* empty the receive FIFO */
#define FCR_CLEAR_TX   0x04 /* empty the transmit FIFO */
#define MCR_DTR        0x01 /* data terminal ready */
#define MCR_RTS        0x02 /* request to send */
#define MCR_OUT2       0x08 /* user output 2: on a PC it gates the IRQ */
#define LSR_THRE       0x20 /* transmitter holding register empty */

/* With FIFOs on, a THR-empty interrupt means the whole transmit FIFO is
 * empty: it takes this many bytes without another look at LSR. */
#define UART_TX_FIFO_SIZE 16

#endif /* GUEST_KERNEL_UART_REGS_H */
