/*
 * guest/kernel/pic.c - the 8259A interrupt controllers.
 *
 * Command words from the Intel 8259A datasheet (order number 231468),
 * figures 7 (ICW1-ICW4) and 8 (OCW1-OCW3).  Each chip has two ports: the
 * command port (A0 = 0: ICW1, OCW2, OCW3, and reads of IRR or ISR) and the
 * data port (A0 = 1: ICW2-ICW4 during initialisation, then OCW1, the
 * interrupt mask register).
 *
 * Initialisation is a fixed sequence per chip: ICW1 starts it, ICW2 gives
 * the vector base, ICW3 describes the cascade, ICW4 the mode.  The BIOS of
 * a real PC leaves the master at vector 8, on top of the CPU's exception
 * vectors; every protected-mode kernel moves the PICs up, here to 0x20.
 *
 * The masks are kept in memory too, so unmasking one IRQ is one `out`
 * rather than a read and a write.
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/io.h"
#include "guest/kernel/pic.h"

#define MASTER_CMD   PORT_PIC_MASTER
#define MASTER_DATA  (PORT_PIC_MASTER + 1)
#define SLAVE_CMD    PORT_PIC_SLAVE
#define SLAVE_DATA   (PORT_PIC_SLAVE + 1)

#define ICW1_IC4     0x01 /* an ICW4 follows */
#define ICW1_INIT    0x10 /* this byte is ICW1; bits left 0: cascaded
			     (SNGL = 0), edge-triggered (LTIM = 0) */
#define ICW4_8086    0x01 /* 8086 mode: the chip sends a vector number */
#define OCW2_EOI     0x20 /* non-specific end of interrupt */
#define OCW3_READ_ISR 0x0b /* OCW3 (bit 3) with RR|RIS: the next read of
			      the command port returns ISR */

#define IRQS_PER_CHIP 8
#define ALL_MASKED    0xff

static uint8_t master_mask = ALL_MASKED;
static uint8_t slave_mask = ALL_MASKED;

void pic_init(void)
{
	outb(MASTER_CMD, ICW1_INIT | ICW1_IC4);
	outb(SLAVE_CMD, ICW1_INIT | ICW1_IC4);
	outb(MASTER_DATA, PIC_VECTOR_MASTER);           /* ICW2 */
	outb(SLAVE_DATA, PIC_VECTOR_SLAVE);
	outb(MASTER_DATA, 1 << IRQ_CASCADE);            /* ICW3: slave on IR2 */
	outb(SLAVE_DATA, IRQ_CASCADE);                  /* ICW3: its ID is 2 */
	outb(MASTER_DATA, ICW4_8086);
	outb(SLAVE_DATA, ICW4_8086);
	outb(MASTER_DATA, master_mask);                 /* OCW1 */
	outb(SLAVE_DATA, slave_mask);
}

void pic_unmask(unsigned irq)
{
	if (irq >= IRQS_PER_CHIP) {
		slave_mask &= (uint8_t)~(1u << (irq - IRQS_PER_CHIP));
		outb(SLAVE_DATA, slave_mask);
		irq = IRQ_CASCADE;   /* the master must pass the slave's INT */
	}
	if (master_mask & (1u << irq)) {
		master_mask &= (uint8_t)~(1u << irq);
		outb(MASTER_DATA, master_mask);
	}
}

/*
 * A slave IRQ is in service on both chips: on the slave as itself, on the
 * master as IR2.  Each needs its EOI, the slave's first, so the master
 * does not let a lower-priority IRQ through while the slave still works.
 */
void pic_eoi(unsigned irq)
{
	if (irq >= IRQS_PER_CHIP)
		outb(SLAVE_CMD, OCW2_EOI);
	outb(MASTER_CMD, OCW2_EOI);
}

bool pic_in_service(unsigned irq)
{
	uint16_t cmd = irq >= IRQS_PER_CHIP ? SLAVE_CMD : MASTER_CMD;

	outb(cmd, OCW3_READ_ISR);
	return (inb(cmd) >> (irq % IRQS_PER_CHIP)) & 1;
}
