/*
 * guest/kernel/irq.h - hardware interrupts: who handles which IRQ.
 *
 * As in xv6, one table maps each of the PIC's 16 IRQ lines to the driver
 * function that services it.  trap() hands every vector from
 * PIC_VECTOR_MASTER to PIC_VECTOR_MASTER + 15 to irq_dispatch(), which
 * calls the handler and then ends the interrupt at the PIC.
 */
#ifndef GUEST_KERNEL_IRQ_H
#define GUEST_KERNEL_IRQ_H

#include <stdint.h>

#include "guest/kernel/pic.h"

/*
 * A driver's interrupt handler.  It runs with interrupts off, on the
 * kernel stack, in whatever context the interrupt came: a user program or
 * the kernel waiting in sti_hlt().  The EOI is irq_dispatch's job.
 */
typedef void irq_handler(void);

/* Install handler for irq (0-15) and unmask the line at the PIC. */
void irq_register(unsigned irq, irq_handler *handler);

/* Service one interrupt that arrived on irq (0-15). */
void irq_dispatch(unsigned irq);

/* How many interrupts each line delivered, and how many were spurious. */
extern uint64_t irq_counts[PIC_NR_IRQS];
extern uint64_t irq_spurious;

#endif /* GUEST_KERNEL_IRQ_H */
