/*
 * guest/kernel/pic.h - the driver for the PC's two 8259A interrupt
 * controllers: IRQ 0-7 on the master, IRQ 8-15 on the slave, whose output
 * is the master's input IRQ_CASCADE (2).
 */
#ifndef GUEST_KERNEL_PIC_H
#define GUEST_KERNEL_PIC_H

#include <stdbool.h>

#define PIC_NR_IRQS        16
#define PIC_VECTOR_MASTER  0x20 /* IRQ 0-7 arrive as vectors 0x20-0x27 */
#define PIC_VECTOR_SLAVE   0x28 /* IRQ 8-15 as vectors 0x28-0x2f */

/*
 * Initialise both chips (ICW1-ICW4): vectors above, cascade on IR2,
 * 8086 mode, edge-triggered, every IRQ masked.
 */
void pic_init(void);

/* Let irq (0-15) through; a slave IRQ also opens the cascade input. */
void pic_unmask(unsigned irq);

/* End of interrupt for irq: the slave (for IRQ 8-15), then the master. */
void pic_eoi(unsigned irq);

/* Is irq's bit set in its chip's in-service register (OCW3 read)? */
bool pic_in_service(unsigned irq);

#endif /* GUEST_KERNEL_PIC_H */
