/*
 * devices/uart16550.h - the 16550A UART (the PC's COM port).
 *
 * Register map from the National Semiconductor (now TI) PC16550D
 * datasheet, "Universal Asynchronous Receiver/Transmitter with FIFOs",
 * table II (register summary).  Offsets are from the port base (0x3f8 for
 * COM1).  Two registers share offsets 0 and 1: with LCR.DLAB = 1 they are
 * the divisor latch, with DLAB = 0 the data and interrupt-enable registers.
 * Offset 2 is IIR when read and FCR when written.
 *
 * The state is private to devices/uart16550.c; the map is here so tests
 * and front ends (a register view) name the registers the way the
 * datasheet does.
 *
 * Threading: every function runs on the vCPU thread (the bus handler and
 * uart16550_receive alike); the device takes no lock.
 */
#ifndef DEVICES_UART16550_H
#define DEVICES_UART16550_H

#include <stdbool.h>
#include <stdint.h>

#include "core/bus.h"
#include "core/vm.h"

#define UART_NR_PORTS    8

/* Register offsets */
#define UART_RBR         0    /* receiver buffer (read, DLAB = 0) */
#define UART_THR         0    /* transmitter holding (write, DLAB = 0) */
#define UART_DLL         0    /* divisor latch, low byte (DLAB = 1) */
#define UART_IER         1    /* interrupt enable (DLAB = 0) */
#define UART_DLM         1    /* divisor latch, high byte (DLAB = 1) */
#define UART_IIR         2    /* interrupt identification (read) */
#define UART_FCR         2    /* FIFO control (write) */
#define UART_LCR         3    /* line control */
#define UART_MCR         4    /* modem control */
#define UART_LSR         5    /* line status */
#define UART_MSR         6    /* modem status */
#define UART_SCR         7    /* scratch */

/* IER: which conditions may interrupt (bits 4-7 are always 0) */
#define UART_IER_ERBFI   0x01 /* received data available */
#define UART_IER_ETBEI   0x02 /* transmitter holding register empty */
#define UART_IER_ELSI    0x04 /* receiver line status */
#define UART_IER_EDSSI   0x08 /* modem status */
#define UART_IER_MASK    0x0f

/* IIR: the highest-priority pending interrupt, in bits 0-3 */
#define UART_IIR_NO_INT  0x01 /* bit 0 = 1: nothing pending */
#define UART_IIR_MSI     0x00 /* modem status (lowest priority) */
#define UART_IIR_THRI    0x02 /* transmitter holding register empty */
#define UART_IIR_RDI     0x04 /* received data available */
#define UART_IIR_RLSI    0x06 /* receiver line status (highest) */
#define UART_IIR_FIFOS   0xc0 /* bits 6-7: FIFOs enabled (FCR bit 0) */

/* FCR */
#define UART_FCR_ENABLE  0x01 /* enable both FIFOs */
#define UART_FCR_CLEAR_RX 0x02 /* reset the receive FIFO (self-clearing) */
#define UART_FCR_CLEAR_TX 0x04 /* reset the transmit FIFO (self-clearing) */
#define UART_FCR_DMA     0x08 /* DMA mode select */
#define UART_FCR_TRIGGER 0xc0 /* receive FIFO trigger level: 1/4/8/14 */

/* LCR */
#define UART_LCR_WLEN    0x03 /* word length: 5 + value bits */
#define UART_LCR_STOP    0x04 /* 2 stop bits (1.5 for 5-bit words) */
#define UART_LCR_PARITY  0x08 /* parity enable */
#define UART_LCR_EPS     0x10 /* even parity select */
#define UART_LCR_SPAR    0x20 /* stick parity */
#define UART_LCR_SBC     0x40 /* set break */
#define UART_LCR_DLAB    0x80 /* divisor latch access bit */

/* MCR */
#define UART_MCR_DTR     0x01 /* data terminal ready */
#define UART_MCR_RTS     0x02 /* request to send */
#define UART_MCR_OUT1    0x04 /* user output 1 */
#define UART_MCR_OUT2    0x08 /* user output 2 (gates the IRQ on a PC) */
#define UART_MCR_LOOP    0x10 /* local loopback */
#define UART_MCR_MASK    0x1f

/* LSR */
#define UART_LSR_DR      0x01 /* data ready: the receive FIFO has a byte */
#define UART_LSR_OE      0x02 /* overrun error: a byte was lost */
#define UART_LSR_PE      0x04 /* parity error */
#define UART_LSR_FE      0x08 /* framing error */
#define UART_LSR_BI      0x10 /* break interrupt */
#define UART_LSR_THRE    0x20 /* transmitter holding register empty */
#define UART_LSR_TEMT    0x40 /* transmitter empty (THR and shift reg.) */
#define UART_LSR_FIFOERR 0x80 /* a PE, FE or BI byte is in the FIFO */
#define UART_LSR_ERRORS  (UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | \
			  UART_LSR_BI)

/* MSR: bits 0-3 say a line changed since the last MSR read */
#define UART_MSR_DCTS    0x01 /* delta clear to send */
#define UART_MSR_DDSR    0x02 /* delta data set ready */
#define UART_MSR_TERI    0x04 /* trailing edge ring indicator */
#define UART_MSR_DDCD    0x08 /* delta data carrier detect */
#define UART_MSR_CTS     0x10 /* clear to send */
#define UART_MSR_DSR     0x20 /* data set ready */
#define UART_MSR_RI      0x40 /* ring indicator */
#define UART_MSR_DCD     0x80 /* data carrier detect */
#define UART_MSR_DELTAS  0x0f

#define UART_FIFO_SIZE   16

struct uart16550;

/* What the UART moved, for the stats. */
struct uart16550_counters {
	uint64_t tx_bytes;     /* bytes handed to the host sink */
	uint64_t rx_bytes;     /* bytes the host put into the receive FIFO */
	uint64_t overruns;     /* bytes refused: the receive FIFO was full */
};

/*
 * Create a UART and claim ports base .. base + 7 on bus.  Transmitted bytes
 * go to sink->write (the sink is copied; sink or its write may be NULL:
 * bytes are then counted and dropped).  Returns 0, -ENOMEM, or the bus's
 * error; nothing is left allocated on failure.
 */
int uart16550_init(struct uart16550 **out, struct bus *bus, uint16_t base,
		   const struct serial_sink *sink);
/* NULL is allowed.  The bus must not route accesses to it any more. */
void uart16550_free(struct uart16550 *uart);
/* Power-on state, for a machine reset (the line's level follows). */
void uart16550_reset(struct uart16550 *uart);
/*
 * Connect the interrupt output (optional).  set_irq is called with the
 * line's new level (0 or 1) each time it changes, and once right away with
 * the current level.  NULL disconnects.
 */
void uart16550_set_irq(struct uart16550 *uart,
		       void (*set_irq)(void *opaque, int level), void *opaque);
/*
 * A byte arrives from the host side (a key press).  Returns 0, or -EAGAIN
 * when the receive FIFO is full (1 byte in 16450 mode, 16 with FCR FIFOs
 * on): the UART then sets LSR.OE as the chip does and the byte is not
 * stored; the caller may offer it again later.  Also -EAGAIN, without OE,
 * while the guest has the UART in loopback: the line is disconnected.
 */
int uart16550_receive(struct uart16550 *uart, uint8_t byte);
void uart16550_get_counters(const struct uart16550 *uart,
			    struct uart16550_counters *out);

/*
 * The register an access at offset (0-7) reaches now, by the datasheet's
 * name: with LCR.DLAB set offsets 0 and 1 are the divisor latch (DLL,
 * DLM), with it clear offset 0 is RBR read and THR written, 1 is IER;
 * offset 2 is IIR read and FCR written.  data is set to whether the
 * register carries characters - RBR or THR - and not a number.  For
 * front ends, which name what the guest touched: an access at offset 0
 * or 1 never changes LCR, so asking right after it gives the register it
 * reached.  NULL for an offset past 7.
 */
const char *uart16550_reg_name(const struct uart16550 *uart,
			       unsigned offset, bool is_write, bool *data);

#endif /* DEVICES_UART16550_H */
