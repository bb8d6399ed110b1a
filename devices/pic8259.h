/*
 * devices/pic8259.h - the PC's pair of 8259A programmable interrupt
 * controllers: a master at 0x20/0x21 with IRQ 0-7 and a slave at
 * 0xa0/0xa1 with IRQ 8-15, its INT output wired to the master's IR2.
 *
 * Command words from the Intel 8259A datasheet ("8259A Programmable
 * Interrupt Controller", order number 231468), figures 7 (ICW1-ICW4) and 8
 * (OCW1-OCW3).  Each chip has two ports: A0 = 0 (the base) and A0 = 1
 * (base + 1).  What a write to A0 = 0 means is decided by its bits 4 and
 * 3: ICW1 (bit 4 set), OCW3 (bit 3 set) or OCW2 (neither).  A write to
 * A0 = 1 is the next ICW during initialisation and OCW1 (the mask)
 * otherwise.
 *
 * The VM side: devices raise and lower their lines with pic_set_irq();
 * the vCPU side asks pic_has_interrupt() and, when the vCPU can take an
 * interrupt, runs the INTA cycle with pic_acknowledge(), which returns the
 * vector to inject.
 *
 * Threading: the PIC takes no lock.  Every call (bus accesses, lines,
 * acknowledge) must be serialised by the caller - the VM's device lock.
 */
#ifndef DEVICES_PIC8259_H
#define DEVICES_PIC8259_H

#include <stdbool.h>
#include <stdint.h>

#include "core/bus.h"

#define PIC_MASTER_BASE  0x20
#define PIC_SLAVE_BASE   0xa0
#define PIC_NR_PORTS     2
#define PIC_NR_IRQS      16
#define PIC_CASCADE_IRQ  2     /* the master input the slave's INT drives */

/* Port offsets */
#define PIC_CMD          0     /* A0 = 0: ICW1, OCW2, OCW3; IRR/ISR read */
#define PIC_DATA         1     /* A0 = 1: ICW2-ICW4, OCW1; IMR read */

/* ICW1 (A0 = 0, bit 4 set): starts the initialisation sequence */
#define PIC_ICW1_IC4     0x01  /* ICW4 will follow */
#define PIC_ICW1_SNGL    0x02  /* single chip: no ICW3 */
#define PIC_ICW1_ADI     0x04  /* call address interval (MCS-80/85 only) */
#define PIC_ICW1_LTIM    0x08  /* level-triggered inputs (0: edge) */
#define PIC_ICW1_INIT    0x10  /* marks the byte as ICW1 */

/* ICW2 (A0 = 1): bits 7-3 are the vector base, T7-T3 */
#define PIC_ICW2_BASE    0xf8

/* ICW3 (A0 = 1): master: bit n set = a slave on IRn; slave: its ID */
#define PIC_ICW3_ID      0x07

/* ICW4 (A0 = 1) */
#define PIC_ICW4_8086    0x01  /* uPM: 8086/88 mode (0: MCS-80/85) */
#define PIC_ICW4_AEOI    0x02  /* automatic end of interrupt */
#define PIC_ICW4_MS      0x04  /* buffered mode: 1 = master */
#define PIC_ICW4_BUF     0x08  /* buffered mode */
#define PIC_ICW4_SFNM    0x10  /* special fully nested mode */

/* OCW1 (A0 = 1 after initialisation) is the IMR: bit n set masks IRn. */

/* OCW2 (A0 = 0, bits 4-3 = 00): bits 7-5 are R, SL, EOI */
#define PIC_OCW2_LEVEL   0x07  /* L2-L0: the IR a specific command names */
#define PIC_OCW2_CMD     0xe0  /* R | SL | EOI */
#define PIC_OCW2_ROTATE_AEOI_CLEAR 0x00 /* rotate in AEOI mode: off */
#define PIC_OCW2_EOI     0x20  /* non-specific EOI */
#define PIC_OCW2_NOP     0x40  /* no operation */
#define PIC_OCW2_SEOI    0x60  /* specific EOI for IR L2-L0 */
#define PIC_OCW2_ROTATE_AEOI_SET 0x80 /* rotate in AEOI mode: on */
#define PIC_OCW2_ROTATE_EOI 0xa0 /* rotate on non-specific EOI */
#define PIC_OCW2_SET_PRIO 0xc0 /* set priority: L2-L0 becomes lowest */
#define PIC_OCW2_ROTATE_SEOI 0xe0 /* rotate on specific EOI */

/* OCW3 (A0 = 0, bits 4-3 = 01) */
#define PIC_OCW3_RIS     0x01  /* with RR: 1 = read ISR, 0 = read IRR */
#define PIC_OCW3_RR      0x02  /* the RIS bit is valid */
#define PIC_OCW3_POLL    0x04  /* poll command: the next read acknowledges */
#define PIC_OCW3_SELECT  0x08  /* marks the byte as OCW3 */
#define PIC_OCW3_SMM     0x20  /* special mask mode on/off (with ESMM) */
#define PIC_OCW3_ESMM    0x40  /* the SMM bit is valid */

/* The byte a poll read returns: bit 7 = an interrupt was pending, bits 2-0
 * its IR level. */
#define PIC_POLL_INT     0x80

struct pic8259;

/* Called when the master's INT output (the CPU's INTR pin) changes level. */
typedef void (*pic_int_fn)(void *opaque, bool level);

/* One chip's registers, for a register view and the tests. */
struct pic_regs {
	uint8_t irr;
	uint8_t isr;
	uint8_t imr;
	uint8_t vector_base;   /* ICW2 & 0xf8 */
	bool int_out;          /* the chip's INT output */
	uint8_t level;         /* inputs sensed by level (bit n: IRn): ICW1
				  LTIM makes all eight so here; KVM's chip
				  takes them from the ELCR (0x4d0/0x4d1) */
	bool auto_eoi;         /* ICW4 AEOI: INTA ends the service itself */
	bool special_mask;     /* OCW3 SMM: a masked level in service blocks
				  nothing */
	uint8_t next_icw;      /* 2, 3 or 4 while initialising; 0 after */
};

struct pic_counters {
	uint64_t acknowledged[PIC_NR_IRQS]; /* interrupts delivered, per IRQ */
	uint64_t spurious_master;           /* vector base + 7, no ISR bit */
	uint64_t spurious_slave;            /* slave base + 7, master IR2 set */
};

/*
 * Create the pair and claim 0x20-0x21 and 0xa0-0xa1 on bus.  Returns 0,
 * -ENOMEM, or the bus's error; nothing is left allocated or claimed on
 * failure.
 */
int pic_init(struct pic8259 **out, struct bus *bus);
/* NULL is allowed.  The bus must not route accesses to it any more. */
void pic_free(struct pic8259 *pic);
/* Power-on state (see devices/pic8259.c), for a machine reset.  The input
 * lines keep their levels: the devices driving them are reset apart. */
void pic_reset(struct pic8259 *pic);

/*
 * Connect the INT callback (optional; NULL disconnects).  It is called at
 * the end of a PIC call that changed INT's level, with the new level, and
 * must not call back into the PIC: it is the place to kick a halted vCPU
 * or request an interrupt window.
 */
void pic_set_int_callback(struct pic8259 *pic, pic_int_fn fn, void *opaque);

/*
 * Called at the end of a PIC call in which the service of inputs ended:
 * bit n of irqs for input n (0-7 master, 8-15 slave) whose ISR bit an EOI
 * cleared, or which an AEOI acknowledge served.  The model of KVM's "ack
 * notifier", which lowers a line an irqfd holds up and signals its
 * resample eventfd (core/backend.h, struct irqfd).  It is called before
 * the PIC looks for the next request, and may drive inputs with
 * pic_set_irq() - a line lowered there raises no new request - but must
 * not call anything else of the PIC.  NULL disconnects.
 */
typedef void (*pic_eoi_fn)(void *opaque, uint16_t irqs);
void pic_set_eoi_callback(struct pic8259 *pic, pic_eoi_fn fn, void *opaque);

/* A device drives input irq (0-15) to level (0 or not).  Out-of-range irq
 * numbers are a programming error in the VM and are ignored. */
void pic_set_irq(struct pic8259 *pic, unsigned irq, int level);

/* Is the master's INT output asserted? */
bool pic_has_interrupt(const struct pic8259 *pic);
/*
 * The INTA cycle: returns the vector (0-255) and moves the request into
 * ISR (unless AEOI).  Called with no request left, it returns the spurious
 * vector, as the chip does - see devices/pic8259.c.
 */
int pic_acknowledge(struct pic8259 *pic);

/* chip: 0 = master, 1 = slave. */
void pic_get_regs(const struct pic8259 *pic, unsigned chip,
		  struct pic_regs *out);
void pic_get_counters(const struct pic8259 *pic, struct pic_counters *out);

#endif /* DEVICES_PIC8259_H */
