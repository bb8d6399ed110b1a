/*
 * devices/pic8259.c - the 8259A interrupt controller pair of a PC.
 *
 * Behaviour follows the Intel 8259A datasheet (231468); the command words
 * are in devices/pic8259.h.  The shape follows QEMU's hw/intc/i8259.c:
 * one struct per chip, the slave's INT output fed into the master's IR2.
 *
 * How a request travels (datasheet, "Interrupt sequence"):
 *   1. a device raises its line; in edge-triggered mode (the PC's) the
 *      rising edge sets the IRR bit, and holding the line high does not set
 *      it again - the line must fall and rise for a new request;
 *   2. if the request is not masked (IMR) and outranks everything in
 *      service (ISR), the chip raises INT;
 *   3. the CPU answers with INTA (pic_acknowledge): the highest request
 *      moves from IRR to ISR and the chip returns base + IR.  For the
 *      master's IR2 the slave answers instead: the master's ISR bit 2 and
 *      the slave's ISR bit are both set and the slave's vector is returned;
 *   4. the handler ends with an EOI (OCW2) to the chip(s) involved, which
 *      clears the ISR bit and lets lower-priority requests through.
 *
 * Choices where the datasheet leaves room, or the model simplifies:
 *   - INT is a latch: it rises when a request may be delivered and falls
 *     only at INTA (or ICW1).  The datasheet's edge-mode rule - "the IR
 *     input must remain high until after the falling edge of the first
 *     INTA", else "a DEFAULT IR7 will occur" - is modelled so: a line that
 *     falls before INTA takes its IRR bit with it, and the INTA that follows
 *     finds nothing to deliver.  The master then returns its base + 7 and
 *     sets no ISR bit (a spurious IRQ 7).  If the master delivered IR2 but
 *     the slave finds nothing, the slave returns its base + 7 without an
 *     ISR bit of its own while the master's ISR bit 2 stays set (a spurious
 *     IRQ 15: the handler must EOI the master only), as on real hardware.
 *     Masking a line after INT rose (OCW1) ends the same way.
 *   - Level-triggered mode (ICW1 LTIM) is modelled too: IRR follows the
 *     line, so a line still high after the EOI interrupts again.
 *   - The INTA answer is always the 8086 one (a vector byte): MCS-80/85
 *     mode (ICW4 uPM = 0, or no ICW4) is stored but answers the same way,
 *     and ADI has no meaning in 8086 mode.  Buffered mode (BUF, M/S) only
 *     matters to bus transceivers and is stored, not used.
 *   - The slave answers the master's IR2 when the master's ICW3 has bit 2
 *     set and ICW1 did not say SNGL.  The slave's ICW3 ID is not checked:
 *     the PC wires the one slave to IR2.
 *   - IRQ 2 on the ISA bus is wired to the slave's IR1 on a PC/AT, so
 *     pic_set_irq(2) drives IRQ 9; the master's IR2 belongs to the slave.
 *   - Rotation (OCW2 R), special mask mode (OCW3 SMM), special fully
 *     nested mode (ICW4 SFNM), AEOI and the poll command are modelled.
 *   - ICW1 resets what the datasheet lists (edge sense, IMR, priority,
 *     special mask, read select, ICW4 unless IC4) and drops INT; ISR is
 *     not on the list and is kept, as on the chip.
 *   - Power-on: the chip's state is undefined; here it is what a PC BIOS
 *     leaves (bases 0x08 and 0x70, slave on IR2, edge mode, 8086 mode)
 *     but with every input masked until the guest programs the pair.
 *   - Accesses wider than a byte act on the first register with the low
 *     byte, as the UART does.
 */
#include <errno.h>
#include <stdlib.h>

#include "devices/pic8259.h"

#define MASTER 0
#define SLAVE  1

struct pic_chip {
	uint8_t irr;           /* requests waiting for INTA */
	uint8_t isr;           /* requests in service, until EOI */
	uint8_t imr;           /* OCW1: masked inputs */
	uint8_t lines;         /* the inputs' levels as last driven */
	uint8_t vector_base;   /* ICW2 & 0xf8 */
	uint8_t icw1;          /* for LTIM, SNGL, IC4 */
	uint8_t icw3;
	uint8_t icw4;          /* for AEOI, SFNM */
	uint8_t lowest;        /* the IR with the lowest priority (7: fixed) */
	unsigned next_icw;     /* 2, 3 or 4 while initialising; 0 after */
	bool read_isr;         /* OCW3: A0 = 0 reads ISR (else IRR) */
	bool poll;             /* OCW3 poll: the next read is an INTA */
	bool rotate_aeoi;      /* OCW2: rotate in AEOI mode */
	bool special_mask;     /* OCW3 SMM */
	bool int_out;          /* INT, latched until INTA */
};

struct pic8259 {
	struct pic_chip chip[2];
	pic_int_fn int_fn;
	void *int_opaque;
	bool int_told;         /* the level int_fn was last told */
	pic_eoi_fn eoi_fn;
	void *eoi_opaque;
	uint16_t eoi_seen;     /* inputs whose service ended, not told yet */
	struct pic_counters counters;
};

/* An IR's rank: 0 for the highest priority, 7 for `lowest`. */
static unsigned chip_rank(const struct pic_chip *c, unsigned ir)
{
	return (ir - c->lowest - 1) & 7;
}

/* The IR in mask with the highest priority, or -1 for an empty mask. */
static int chip_highest(const struct pic_chip *c, uint8_t mask)
{
	for (unsigned n = 1; n <= 8; n++) {
		unsigned ir = (c->lowest + n) & 7;

		if (mask & (1u << ir))
			return (int)ir;
	}
	return -1;
}

/*
 * The request the chip would deliver now, or -1: the highest unmasked
 * request, if it outranks every request in service (fully nested mode).
 * In special mask mode a masked level in service blocks nothing; in
 * special fully nested mode the master lets the slave interrupt itself.
 */
static int chip_pending(const struct pic_chip *c, unsigned idx)
{
	int req = chip_highest(c, c->irr & ~c->imr);
	uint8_t blocking = c->isr;
	int busy;

	if (req < 0)
		return -1;
	if (c->special_mask)
		blocking &= ~c->imr;
	if (idx == MASTER && (c->icw4 & PIC_ICW4_SFNM))
		blocking &= ~(1u << PIC_CASCADE_IRQ);
	busy = chip_highest(c, blocking);
	if (busy >= 0 && chip_rank(c, busy) <= chip_rank(c, req))
		return -1;
	return req;
}

/* An input changes level: edge or level sensing sets and clears IRR. */
static void chip_set_line(struct pic_chip *c, unsigned ir, bool level)
{
	uint8_t bit = 1u << ir;
	bool was = (c->lines & bit) != 0;

	c->lines = level ? c->lines | bit : c->lines & ~bit;
	if (!level)
		c->irr &= ~bit;    /* the request vanished before INTA */
	else if (!was || (c->icw1 & PIC_ICW1_LTIM))
		c->irr |= bit;
}

/* A chip's INT falls; the slave's INT is the master's IR2. */
static void chip_drop_int(struct pic8259 *pic, unsigned idx)
{
	pic->chip[idx].int_out = false;
	if (idx == SLAVE)
		chip_set_line(&pic->chip[MASTER], PIC_CASCADE_IRQ, false);
}

/* Raise the INTs that have something to deliver: the slave first, since
 * its INT is one of the master's requests. */
static void pic_update(struct pic8259 *pic)
{
	struct pic_chip *s = &pic->chip[SLAVE];
	struct pic_chip *m = &pic->chip[MASTER];

	if (!s->int_out && chip_pending(s, SLAVE) >= 0) {
		s->int_out = true;
		chip_set_line(m, PIC_CASCADE_IRQ, true);
	}
	if (!m->int_out && chip_pending(m, MASTER) >= 0)
		m->int_out = true;
}

/* Every public entry ends here: tell of ended services, settle INT and
 * tell the CPU side. */
static void pic_settle(struct pic8259 *pic)
{
	bool level;

	if (pic->eoi_seen && pic->eoi_fn) {
		uint16_t ended = pic->eoi_seen;

		/* before the next request is looked for: the callback may
		 * lower a line, which settles again (re-entered) */
		pic->eoi_seen = 0;
		pic->eoi_fn(pic->eoi_opaque, ended);
	}
	pic_update(pic);
	level = pic->chip[MASTER].int_out;
	if (level == pic->int_told)
		return;
	pic->int_told = level;
	if (pic->int_fn)
		pic->int_fn(pic->int_opaque, level);
}

/*
 * One chip's part of INTA (or of a poll read): the pending request moves
 * to ISR - or nowhere in AEOI mode - and INT falls.  Returns the IR, or -1
 * when nothing is pending any more.  In level mode IRR keeps following the
 * line, so the bit is not cleared.
 */
static int chip_ack(struct pic8259 *pic, unsigned idx)
{
	struct pic_chip *c = &pic->chip[idx];
	int ir = chip_pending(c, idx);
	uint8_t bit;

	chip_drop_int(pic, idx);
	if (ir < 0)
		return -1;
	bit = 1u << ir;
	if (!(c->icw1 & PIC_ICW1_LTIM))
		c->irr &= ~bit;
	if (!(c->icw4 & PIC_ICW4_AEOI))
		c->isr |= bit;
	else
		pic->eoi_seen |= (uint16_t)(1u << (idx * 8 + (unsigned)ir));
	if ((c->icw4 & PIC_ICW4_AEOI) && c->rotate_aeoi)
		c->lowest = (uint8_t)ir;
	return ir;
}

static bool pic_cascaded(const struct pic_chip *m)
{
	return !(m->icw1 & PIC_ICW1_SNGL) &&
	       (m->icw3 & (1u << PIC_CASCADE_IRQ));
}

/* The slave's half of an INTA for the master's IR2. */
static int slave_acknowledge(struct pic8259 *pic)
{
	const struct pic_chip *s = &pic->chip[SLAVE];
	int ir = chip_ack(pic, SLAVE);

	if (ir < 0) {
		pic->counters.spurious_slave++;
		return s->vector_base + 7;
	}
	pic->counters.acknowledged[8 + ir]++;
	return s->vector_base + ir;
}

int pic_acknowledge(struct pic8259 *pic)
{
	const struct pic_chip *m = &pic->chip[MASTER];
	int ir = chip_ack(pic, MASTER);
	int vector;

	if (ir < 0) {
		pic->counters.spurious_master++;
		vector = m->vector_base + 7;
	} else if (ir == PIC_CASCADE_IRQ && pic_cascaded(m)) {
		vector = slave_acknowledge(pic);
	} else {
		pic->counters.acknowledged[ir]++;
		vector = m->vector_base + ir;
	}
	pic_settle(pic);
	return vector;
}

/* Clear an ISR bit; a non-specific EOI with nothing in service does
 * nothing.  Rotation makes the level just served the lowest.  The input
 * whose service ended is noted for the EOI callback. */
static void chip_eoi(struct pic8259 *pic, unsigned idx, int ir, bool rotate)
{
	struct pic_chip *c = &pic->chip[idx];

	if (ir < 0)
		return;
	if (c->isr & (1u << ir))
		pic->eoi_seen |= (uint16_t)(1u << (idx * 8 + (unsigned)ir));
	c->isr &= ~(1u << ir);
	if (rotate)
		c->lowest = (uint8_t)ir;
}

static void chip_ocw2(struct pic8259 *pic, unsigned idx, uint8_t val)
{
	struct pic_chip *c = &pic->chip[idx];
	unsigned level = val & PIC_OCW2_LEVEL;

	switch (val & PIC_OCW2_CMD) {
	case PIC_OCW2_EOI:
		chip_eoi(pic, idx, chip_highest(c, c->isr), false);
		break;
	case PIC_OCW2_ROTATE_EOI:
		chip_eoi(pic, idx, chip_highest(c, c->isr), true);
		break;
	case PIC_OCW2_SEOI:
		chip_eoi(pic, idx, (int)level, false);
		break;
	case PIC_OCW2_ROTATE_SEOI:
		chip_eoi(pic, idx, (int)level, true);
		break;
	case PIC_OCW2_SET_PRIO:
		c->lowest = (uint8_t)level;
		break;
	case PIC_OCW2_ROTATE_AEOI_SET:
		c->rotate_aeoi = true;
		break;
	case PIC_OCW2_ROTATE_AEOI_CLEAR:
		c->rotate_aeoi = false;
		break;
	default:   /* PIC_OCW2_NOP */
		break;
	}
}

static void chip_ocw3(struct pic_chip *c, uint8_t val)
{
	if (val & PIC_OCW3_ESMM)
		c->special_mask = (val & PIC_OCW3_SMM) != 0;
	if (val & PIC_OCW3_RR)
		c->read_isr = (val & PIC_OCW3_RIS) != 0;
	c->poll = (val & PIC_OCW3_POLL) != 0;
}

/* ICW1: the datasheet's list a-f, then wait for ICW2. */
static void chip_icw1(struct pic8259 *pic, unsigned idx, uint8_t val)
{
	struct pic_chip *c = &pic->chip[idx];

	c->icw1 = val;
	c->irr = (val & PIC_ICW1_LTIM) ? c->lines : 0;
	c->imr = 0;
	c->lowest = 7;
	c->special_mask = false;
	c->read_isr = false;
	c->poll = false;
	c->rotate_aeoi = false;
	if (!(val & PIC_ICW1_IC4))
		c->icw4 = 0;
	c->next_icw = 2;
	chip_drop_int(pic, idx);
}

/* ICW2-ICW4 in order; SNGL skips ICW3, IC4 = 0 skips ICW4. */
static void chip_write_icw(struct pic_chip *c, uint8_t val)
{
	switch (c->next_icw) {
	case 2:
		c->vector_base = val & PIC_ICW2_BASE;
		c->next_icw = 3;
		if (c->icw1 & PIC_ICW1_SNGL)
			c->next_icw = (c->icw1 & PIC_ICW1_IC4) ? 4 : 0;
		break;
	case 3:
		c->icw3 = val;
		c->next_icw = (c->icw1 & PIC_ICW1_IC4) ? 4 : 0;
		break;
	default:   /* 4 */
		c->icw4 = val;
		c->next_icw = 0;
		break;
	}
}

static void chip_write(struct pic8259 *pic, unsigned idx, uint64_t offset,
		       uint8_t val)
{
	struct pic_chip *c = &pic->chip[idx];

	if (offset == PIC_DATA) {
		if (c->next_icw)
			chip_write_icw(c, val);
		else
			c->imr = val;
	} else if (val & PIC_ICW1_INIT) {
		chip_icw1(pic, idx, val);
	} else if (val & PIC_OCW3_SELECT) {
		chip_ocw3(c, val);
	} else {
		chip_ocw2(pic, idx, val);
	}
}

/* A read after the poll command is an INTA of that chip alone: bit 7 says
 * whether there was a request, bits 2-0 which. */
static uint8_t chip_read(struct pic8259 *pic, unsigned idx, uint64_t offset)
{
	struct pic_chip *c = &pic->chip[idx];
	int ir;

	if (c->poll) {
		c->poll = false;
		ir = chip_ack(pic, idx);
		return ir < 0 ? 0 : (uint8_t)(PIC_POLL_INT | ir);
	}
	if (offset == PIC_DATA)
		return c->imr;
	return c->read_isr ? c->isr : c->irr;
}

static void pic_access(struct pic8259 *pic, unsigned idx, uint64_t offset,
		       bool is_write, uint64_t *data)
{
	if (is_write)
		chip_write(pic, idx, offset, (uint8_t)*data);
	else
		*data = chip_read(pic, idx, offset);
	pic_settle(pic);
}

static void pic_master_access(void *opaque, uint64_t offset, unsigned size,
			      bool is_write, uint64_t *data)
{
	(void)size;   /* byte registers, see the top */
	pic_access(opaque, MASTER, offset, is_write, data);
}

static void pic_slave_access(void *opaque, uint64_t offset, unsigned size,
			     bool is_write, uint64_t *data)
{
	(void)size;
	pic_access(opaque, SLAVE, offset, is_write, data);
}

void pic_set_irq(struct pic8259 *pic, unsigned irq, int level)
{
	if (irq >= PIC_NR_IRQS)
		return;
	if (irq == PIC_CASCADE_IRQ)
		irq = 9;   /* the ISA bus's IRQ 2 pin, see the top */
	chip_set_line(&pic->chip[irq / 8], irq % 8, level != 0);
	pic_settle(pic);
}

bool pic_has_interrupt(const struct pic8259 *pic)
{
	return pic->chip[MASTER].int_out;
}

/* Power-on state of one chip; the input levels are the devices'. */
static void chip_power_on(struct pic_chip *c, uint8_t base, uint8_t icw3)
{
	uint8_t lines = c->lines;

	*c = (struct pic_chip){
		.imr = 0xff, .lines = lines, .vector_base = base,
		.icw1 = PIC_ICW1_IC4, .icw3 = icw3, .icw4 = PIC_ICW4_8086,
		.lowest = 7,
	};
}

void pic_reset(struct pic8259 *pic)
{
	chip_power_on(&pic->chip[MASTER], 0x08, 1u << PIC_CASCADE_IRQ);
	chip_power_on(&pic->chip[SLAVE], 0x70, PIC_CASCADE_IRQ);
	chip_set_line(&pic->chip[MASTER], PIC_CASCADE_IRQ, false);
	pic_settle(pic);
}

int pic_init(struct pic8259 **out, struct bus *bus)
{
	struct pic8259 *pic = calloc(1, sizeof(*pic));
	int err;

	if (!pic)
		return -ENOMEM;
	pic_reset(pic);
	err = bus_register_pio(bus, PIC_MASTER_BASE, PIC_NR_PORTS,
			       "pic-master", pic_master_access, pic);
	if (err)
		goto err_free;
	err = bus_register_pio(bus, PIC_SLAVE_BASE, PIC_NR_PORTS,
			       "pic-slave", pic_slave_access, pic);
	if (err)
		goto err_master;
	*out = pic;
	return 0;

err_master:
	bus_unregister_pio(bus, PIC_MASTER_BASE);
err_free:
	free(pic);
	return err;
}

void pic_free(struct pic8259 *pic)
{
	free(pic);
}

void pic_set_int_callback(struct pic8259 *pic, pic_int_fn fn, void *opaque)
{
	pic->int_fn = fn;
	pic->int_opaque = opaque;
	pic->int_told = pic->chip[MASTER].int_out;
}

void pic_set_eoi_callback(struct pic8259 *pic, pic_eoi_fn fn, void *opaque)
{
	pic->eoi_fn = fn;
	pic->eoi_opaque = opaque;
	pic->eoi_seen = 0;
}

void pic_get_regs(const struct pic8259 *pic, unsigned chip,
		  struct pic_regs *out)
{
	const struct pic_chip *c = &pic->chip[chip & 1];

	*out = (struct pic_regs){
		.irr = c->irr, .isr = c->isr, .imr = c->imr,
		.vector_base = c->vector_base, .int_out = c->int_out,
		.level = (c->icw1 & PIC_ICW1_LTIM) ? 0xff : 0,
		.auto_eoi = (c->icw4 & PIC_ICW4_AEOI) != 0,
		.special_mask = c->special_mask,
		.next_icw = (uint8_t)c->next_icw,
	};
}

void pic_get_counters(const struct pic8259 *pic, struct pic_counters *out)
{
	*out = pic->counters;
}
