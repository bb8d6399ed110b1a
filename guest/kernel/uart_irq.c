/*
 * guest/kernel/uart_irq.c - the 16550 UART driven by interrupts.
 *
 * The polled driver (uart.c) asks LSR before every byte.  This one lets
 * the UART say when it wants bytes: with IER.ETBEI set, the UART raises
 * its interrupt (IRQ 4 on a PC, through the MCR.OUT2 gate) whenever the
 * transmitter holding register is empty, and IIR then reads "THR empty".
 * With the FIFOs on that means the whole 16-byte transmit FIFO is empty,
 * so the handler writes up to 16 bytes without looking at LSR.
 *
 * Writers put bytes into a ring; the IRQ 4 handler takes them out:
 *
 *     tty_write -> uart_irq_write -> ring -> (IRQ 4) -> refill -> THR
 *
 * ETBEI is on only while the ring has bytes: writing it on while THR is
 * already empty raises the interrupt at once (the datasheet's rule, and
 * how Linux's 8250 driver starts a transmission); the handler turns it
 * off when the ring runs dry, or the empty THR would interrupt forever.
 *
 * The same interrupt reports received bytes (IIR "data available", with
 * IER.ERBFI): the handler reads them from RBR and types them into the
 * tty, like keys.
 *
 * The kernel runs with interrupts off (interrupts.c), so the ring only
 * empties while a program runs or the kernel sleeps in sti_hlt().  If it
 * fills up meanwhile, the writer makes room by sending the oldest byte
 * itself, polled; uart_irq_drain() does that for every byte left before
 * the machine stops.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/io.h"
#include "guest/kernel/irq.h"
#include "guest/kernel/tty_line.h"
#include "guest/kernel/uart_irq.h"
#include "guest/kernel/uart_regs.h"

#define TX_RING_SIZE 1024

static struct {
	char buf[TX_RING_SIZE];
	size_t head;    /* next byte to send; head <= tail, both only grow */
	size_t tail;    /* where the next queued byte goes */
} tx;

static bool active;
static uint8_t ier;    /* what IER holds: kept here, not read back */

static bool tx_empty(void)
{
	return tx.head == tx.tail;
}

static char tx_take(void)
{
	return tx.buf[tx.head++ % TX_RING_SIZE];
}

static void set_ier(uint8_t value)
{
	ier = value;
	outb(PORT_COM1 + UART_IER, ier);
}

/* Send the oldest queued byte the polled way. */
static void send_one_polled(void)
{
	while (!(inb(PORT_COM1 + UART_LSR) & LSR_THRE))
		;
	outb(PORT_COM1 + UART_THR, (uint8_t)tx_take());
}

/* THR is empty: fill the FIFO; with nothing left, stop asking. */
static void refill(void)
{
	for (int n = 0; n < UART_TX_FIFO_SIZE && !tx_empty(); n++)
		outb(PORT_COM1 + UART_THR, (uint8_t)tx_take());
	if (tx_empty())
		set_ier(ier & (uint8_t)~IER_ETBEI);
}

/* IRQ 4: serve every condition IIR reports until it reports none. */
static void uart_interrupt(void)
{
	for (;;) {
		uint8_t id = inb(PORT_COM1 + UART_IIR) & IIR_ID_MASK;

		if (id & IIR_NO_INT)
			return;
		if (id == IIR_RDI)
			tty_input((char)inb(PORT_COM1 + UART_RBR));
		else if (id == IIR_THRI)
			refill();
		else if (id == IIR_RLSI)
			(void)inb(PORT_COM1 + UART_LSR); /* a read clears it */
		else
			(void)inb(PORT_COM1 + UART_MSR);  /* likewise */
	}
}

void uart_irq_start(void)
{
	active = true;
	irq_register(IRQ_COM1, uart_interrupt);
	outb(PORT_COM1 + UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	set_ier(IER_ERBFI);
}

bool uart_irq_active(void)
{
	return active;
}

void uart_irq_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (tx.tail - tx.head == TX_RING_SIZE)
			send_one_polled();
		tx.buf[tx.tail++ % TX_RING_SIZE] = buf[i];
	}
	if (len > 0 && !(ier & IER_ETBEI))
		set_ier(ier | IER_ETBEI);
}

void uart_irq_drain(void)
{
	while (!tx_empty())
		send_one_polled();
}
