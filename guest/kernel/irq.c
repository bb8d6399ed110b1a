/*
 * guest/kernel/irq.c - the IRQ handler table and the end of interrupt.
 *
 * Each interrupt from the 8259A pair goes: CPU -> IDT gate -> stub in
 * trap_entry.S (vector 0x20 + irq) -> trap() -> irq_dispatch() -> the
 * driver's handler -> EOI at the PIC.  The PIC keeps the IRQ's bit set in
 * its in-service register (ISR) until the EOI, and until then lets no
 * request of the same or lower priority through: the EOI must come once
 * per interrupt, after the handler has taken what it needs from the
 * device.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/irq.h"
#include "guest/kernel/pic.h"

static irq_handler *handlers[PIC_NR_IRQS];

uint64_t irq_counts[PIC_NR_IRQS];
uint64_t irq_spurious;

void irq_register(unsigned irq, irq_handler *handler)
{
	handlers[irq] = handler;
	pic_unmask(irq);
}

/*
 * A spurious interrupt: a request that went away between the PIC raising
 * INT and the CPU's acknowledge (a glitch on an edge-triggered line, a
 * device that dropped its request).  With nothing left to deliver the PIC
 * answers the acknowledge with its lowest-priority vector, IRQ 7 (master)
 * or IRQ 15 (slave), but sets no ISR bit.  So IRQ 7 or 15 without its ISR
 * bit is spurious:
 *   - IRQ 7: nothing is in service, so no EOI - one would end some other,
 *     real interrupt that is still being handled;
 *   - IRQ 15: the slave's request did reach the master as a real IR2, so
 *     the master has IR2 in service and needs its EOI; the slave does not.
 */
static bool spurious(unsigned irq)
{
	if (irq != IRQ_SPURIOUS_MASTER && irq != IRQ_SPURIOUS_SLAVE)
		return false;
	if (pic_in_service(irq))
		return false;
	if (irq == IRQ_SPURIOUS_SLAVE)
		pic_eoi(IRQ_CASCADE);
	return true;
}

void irq_dispatch(unsigned irq)
{
	if (spurious(irq)) {
		irq_spurious++;
		return;
	}
	irq_counts[irq]++;
	if (handlers[irq] != NULL)
		handlers[irq]();
	pic_eoi(irq);
}
