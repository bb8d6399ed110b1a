/*
 * devices/uart16550.c - the 16550A UART, the PC's serial port.
 *
 * Behaviour follows the National Semiconductor (TI) PC16550D datasheet;
 * the register map is in devices/uart16550.h.  The shape follows kvmtool's
 * hw/serial.c and xv6's uart.c: private state, static register handlers,
 * one init that claims the eight ports.
 *
 * What is modelled and what is not:
 *   - The transmitter is infinitely fast: the host sink takes each byte as
 *     it is written, so LSR.THRE and LSR.TEMT are always set and a THR
 *     write re-arms the THR-empty interrupt at once.
 *   - The receiver holds 16 bytes with FIFOs on (FCR bit 0) and 1 byte
 *     without, as the chip does in 16450 mode.  The host feeds it with
 *     uart16550_receive().  No line corrupts the bytes, so only the overrun
 *     error (OE) can ever appear; PE, FE, BI and FIFOERR stay 0.
 *   - The FIFO trigger level is not modelled: the received-data interrupt
 *     is raised for the first byte.  A real 16550 does that at trigger
 *     level 1, and at higher levels its character timeout (IIR 0x0c) does
 *     it a few character times later - here there is no time to wait.
 *   - Baud rate, word length and parity (divisor latch, LCR) are stored
 *     and read back but change nothing: the host side has no line speed.
 *   - MCR.OUT2, which gates the IRQ onto the ISA bus on a PC, is not a
 *     gate here (QEMU does the same): the IRQ follows IER and IIR alone.
 *   - Accesses wider than a byte are treated as a byte access to the
 *     first register they touch: a write uses the low byte, a read returns
 *     the register zero-extended.  The chip has no wider registers.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "devices/uart16550.h"

struct uart16550 {
	struct serial_sink sink;
	void (*set_irq)(void *opaque, int level);
	void *irq_opaque;
	int irq_level;           /* what set_irq was last told */

	uint8_t ier;
	uint8_t lcr;
	uint8_t mcr;
	uint8_t msr;             /* line bits 4-7 and sticky deltas 0-3 */
	uint8_t scr;
	uint8_t dll, dlm;
	uint8_t lsr_errors;      /* sticky LSR error bits, cleared by a read */
	bool fifo_enabled;       /* FCR bit 0 */
	bool thr_ipending;       /* the THR-empty interrupt condition */

	uint8_t rx_fifo[UART_FIFO_SIZE];
	unsigned rx_head;        /* index of the oldest byte */
	unsigned rx_count;

	struct uart16550_counters counters;
};

/*
 * The pending interrupt with the highest priority, as IIR bits 0-3 report
 * it (datasheet table IV): line status, then received data, then THR
 * empty, then modem status.  Each counts only if IER enables it.
 */
static uint8_t uart_pending(const struct uart16550 *u)
{
	if ((u->ier & UART_IER_ELSI) && u->lsr_errors)
		return UART_IIR_RLSI;
	if ((u->ier & UART_IER_ERBFI) && u->rx_count > 0)
		return UART_IIR_RDI;
	if ((u->ier & UART_IER_ETBEI) && u->thr_ipending)
		return UART_IIR_THRI;
	if ((u->ier & UART_IER_EDSSI) && (u->msr & UART_MSR_DELTAS))
		return UART_IIR_MSI;
	return UART_IIR_NO_INT;
}

/* Call after every state change that can change uart_pending(). */
static void uart_update_irq(struct uart16550 *u)
{
	int level = uart_pending(u) != UART_IIR_NO_INT;

	if (level == u->irq_level)
		return;
	u->irq_level = level;
	if (u->set_irq)
		u->set_irq(u->irq_opaque, level);
}

static unsigned uart_rx_capacity(const struct uart16550 *u)
{
	return u->fifo_enabled ? UART_FIFO_SIZE : 1;
}

/* Put a byte into the receive FIFO; a full FIFO is an overrun. */
static int uart_rx_push(struct uart16550 *u, uint8_t byte)
{
	if (u->rx_count >= uart_rx_capacity(u)) {
		u->lsr_errors |= UART_LSR_OE;
		u->counters.overruns++;
		uart_update_irq(u);
		return -EAGAIN;
	}
	u->rx_fifo[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = byte;
	u->rx_count++;
	uart_update_irq(u);
	return 0;
}

/* An empty FIFO reads as 0. */
static uint8_t uart_rx_pop(struct uart16550 *u)
{
	uint8_t byte;

	if (u->rx_count == 0)
		return 0;
	byte = u->rx_fifo[u->rx_head];
	u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
	u->rx_count--;
	uart_update_irq(u);
	return byte;
}

static void uart_rx_clear(struct uart16550 *u)
{
	u->rx_head = 0;
	u->rx_count = 0;
}

/*
 * The modem-status input lines.  In loopback the outputs are wired back
 * to the inputs inside the chip (datasheet, MCR bit 4): RTS -> CTS,
 * DTR -> DSR, OUT1 -> RI, OUT2 -> DCD.  Otherwise a terminal is connected
 * and ready: CTS, DSR and DCD are on, the phone is not ringing.
 */
static uint8_t uart_modem_lines(const struct uart16550 *u)
{
	uint8_t lines = 0;

	if (!(u->mcr & UART_MCR_LOOP))
		return UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD;
	if (u->mcr & UART_MCR_RTS)
		lines |= UART_MSR_CTS;
	if (u->mcr & UART_MCR_DTR)
		lines |= UART_MSR_DSR;
	if (u->mcr & UART_MCR_OUT1)
		lines |= UART_MSR_RI;
	if (u->mcr & UART_MCR_OUT2)
		lines |= UART_MSR_DCD;
	return lines;
}

/* Latch the delta bits for every line that changed; RI only counts on
 * its trailing edge (1 -> 0), hence TERI. */
static void uart_update_msr(struct uart16550 *u)
{
	uint8_t old = u->msr;
	uint8_t lines = uart_modem_lines(u);
	uint8_t changed = (old ^ lines) & ~UART_MSR_DELTAS;
	uint8_t deltas = old & UART_MSR_DELTAS;

	if (changed & UART_MSR_CTS)
		deltas |= UART_MSR_DCTS;
	if (changed & UART_MSR_DSR)
		deltas |= UART_MSR_DDSR;
	if ((old & UART_MSR_RI) && !(lines & UART_MSR_RI))
		deltas |= UART_MSR_TERI;
	if (changed & UART_MSR_DCD)
		deltas |= UART_MSR_DDCD;
	u->msr = lines | deltas;
	uart_update_irq(u);
}

/* THR: to the host, or in loopback straight back into the receiver. */
static void uart_write_thr(struct uart16550 *u, uint8_t byte)
{
	if (u->mcr & UART_MCR_LOOP) {
		uart_rx_push(u, byte);
	} else {
		u->counters.tx_bytes++;
		if (u->sink.write)
			u->sink.write(u->sink.opaque, byte);
	}
	/* Writing THR clears the THR-empty interrupt; the byte leaves at
	 * once, THR is empty again, and the interrupt is due again. */
	u->thr_ipending = true;
	uart_update_irq(u);
}

/* Enabling ETBEI while THR is empty (always, here) raises the THR-empty
 * interrupt at once; Linux's 8250 driver tests for exactly that. */
static void uart_write_ier(struct uart16550 *u, uint8_t val)
{
	uint8_t old = u->ier;

	u->ier = val & UART_IER_MASK;
	if ((u->ier ^ old) & UART_IER_ETBEI)
		u->thr_ipending = (u->ier & UART_IER_ETBEI) != 0;
	uart_update_irq(u);
}

/* Reading IIR is what acknowledges a THR-empty interrupt. */
static uint8_t uart_read_iir(struct uart16550 *u)
{
	uint8_t id = uart_pending(u);

	if (id == UART_IIR_THRI) {
		u->thr_ipending = false;
		uart_update_irq(u);
	}
	return id | (u->fifo_enabled ? UART_IIR_FIFOS : 0);
}

/*
 * FCR: switching the FIFOs on or off empties them (datasheet, FCR bit 0);
 * the reset bits act only with bit 0 set.  The transmit FIFO never holds a
 * byte here, so resetting it has nothing to do.  DMA mode and the trigger
 * level are not modelled (see the top of the file).
 */
static void uart_write_fcr(struct uart16550 *u, uint8_t val)
{
	bool enable = (val & UART_FCR_ENABLE) != 0;

	if (enable != u->fifo_enabled)
		uart_rx_clear(u);
	u->fifo_enabled = enable;
	if (enable && (val & UART_FCR_CLEAR_RX))
		uart_rx_clear(u);
	uart_update_irq(u);
}

/* LSR: reading it clears the error bits it reports. */
static uint8_t uart_read_lsr(struct uart16550 *u)
{
	uint8_t lsr = UART_LSR_THRE | UART_LSR_TEMT | u->lsr_errors;

	if (u->rx_count > 0)
		lsr |= UART_LSR_DR;
	u->lsr_errors = 0;
	uart_update_irq(u);
	return lsr;
}

/* MSR: reading it clears the delta bits. */
static uint8_t uart_read_msr(struct uart16550 *u)
{
	uint8_t msr = u->msr;

	u->msr &= ~UART_MSR_DELTAS;
	uart_update_irq(u);
	return msr;
}

static bool uart_dlab(const struct uart16550 *u)
{
	return (u->lcr & UART_LCR_DLAB) != 0;
}

static uint8_t uart_read(struct uart16550 *u, uint64_t offset)
{
	bool dlab = uart_dlab(u);

	switch (offset) {
	case UART_RBR:
		return dlab ? u->dll : uart_rx_pop(u);
	case UART_IER:
		return dlab ? u->dlm : u->ier;
	case UART_IIR:
		return uart_read_iir(u);
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		return uart_read_lsr(u);
	case UART_MSR:
		return uart_read_msr(u);
	default:   /* UART_SCR, the last of the eight */
		return u->scr;
	}
}

/* LSR and MSR are read-only: the datasheet reserves writes to them for
 * factory testing, and they are ignored here. */
static void uart_write(struct uart16550 *u, uint64_t offset, uint8_t val)
{
	bool dlab = uart_dlab(u);

	switch (offset) {
	case UART_THR:
		if (dlab)
			u->dll = val;
		else
			uart_write_thr(u, val);
		break;
	case UART_IER:
		if (dlab)
			u->dlm = val;
		else
			uart_write_ier(u, val);
		break;
	case UART_FCR:
		uart_write_fcr(u, val);
		break;
	case UART_LCR:
		u->lcr = val;
		break;
	case UART_MCR:
		u->mcr = val & UART_MCR_MASK;
		uart_update_msr(u);
		break;
	case UART_SCR:
		u->scr = val;
		break;
	default:   /* UART_LSR, UART_MSR */
		break;
	}
}

/* The bus handler: offset is 0..7 within the eight claimed ports. */
static void uart_access(void *opaque, uint64_t offset, unsigned size,
			bool is_write, uint64_t *data)
{
	struct uart16550 *u = opaque;

	(void)size;   /* every access is a byte access, see the top */
	if (is_write)
		uart_write(u, offset, (uint8_t)*data);
	else
		*data = uart_read(u, offset);
}

/* Datasheet table II, by offset: [read/write][offset]; offsets 0 and 1
 * with DLAB set are the divisor latch instead. */
static const char *const uart_reg_names[2][UART_NR_PORTS] = {
	{ "RBR", "IER", "IIR", "LCR", "MCR", "LSR", "MSR", "SCR" },
	{ "THR", "IER", "FCR", "LCR", "MCR", "LSR", "MSR", "SCR" },
};
static const char *const uart_latch_names[2] = { "DLL", "DLM" };

const char *uart16550_reg_name(const struct uart16550 *uart,
			       unsigned offset, bool is_write, bool *data)
{
	bool latch = offset <= UART_DLM && uart_dlab(uart);

	*data = offset == UART_THR && !latch;
	if (offset >= UART_NR_PORTS)
		return NULL;
	return latch ? uart_latch_names[offset] : uart_reg_names[is_write][offset];
}

int uart16550_init(struct uart16550 **out, struct bus *bus, uint16_t base,
		   const struct serial_sink *sink)
{
	struct uart16550 *u = calloc(1, sizeof(*u));
	int err;

	if (!u)
		return -ENOMEM;
	if (sink)
		u->sink = *sink;
	uart16550_reset(u);
	err = bus_register_pio(bus, base, UART_NR_PORTS, "uart16550",
			       uart_access, u);
	if (err)
		goto err_free;
	*out = u;
	return 0;

err_free:
	free(u);
	return err;
}

/* Reset state (datasheet table III) is all zeros but for the modem lines;
 * the divisor latch is undefined after reset, 0 here.  The sink, the IRQ
 * connection and the counters stay. */
void uart16550_reset(struct uart16550 *uart)
{
	struct serial_sink sink = uart->sink;
	void (*set_irq)(void *opaque, int level) = uart->set_irq;
	void *irq_opaque = uart->irq_opaque;
	struct uart16550_counters counters = uart->counters;
	int irq_level = uart->irq_level;

	*uart = (struct uart16550){ .sink = sink, .set_irq = set_irq,
				    .irq_opaque = irq_opaque,
				    .irq_level = irq_level,
				    .counters = counters };
	uart->msr = uart_modem_lines(uart);
	uart_update_irq(uart);
}

void uart16550_free(struct uart16550 *uart)
{
	free(uart);
}

void uart16550_set_irq(struct uart16550 *uart,
		       void (*set_irq)(void *opaque, int level), void *opaque)
{
	uart->set_irq = set_irq;
	uart->irq_opaque = opaque;
	uart->irq_level = uart_pending(uart) != UART_IIR_NO_INT;
	if (set_irq)
		set_irq(opaque, uart->irq_level);
}

/* The receiver is cut off from the line in loopback (datasheet, MCR
 * bit 4), so a host byte cannot get in then. */
int uart16550_receive(struct uart16550 *uart, uint8_t byte)
{
	int err;

	if (uart->mcr & UART_MCR_LOOP)
		return -EAGAIN;
	err = uart_rx_push(uart, byte);
	if (!err)
		uart->counters.rx_bytes++;
	return err;
}

void uart16550_get_counters(const struct uart16550 *uart,
			    struct uart16550_counters *out)
{
	*out = uart->counters;
}
