/*
 * tests/unit/test_pic8259.c - the 8259A pair, programmed as a guest
 * programs it (port accesses through a real struct bus) and driven by
 * devices through pic_set_irq.
 *
 * Command bytes are written as numbers from the Intel 8259A datasheet
 * (0x11 = ICW1 with IC4, 0x20 = non-specific EOI, 0x0b = OCW3 read ISR,
 * ...) so that a wrong #define cannot hide behind itself.  The standard
 * set-up is Linux's: master vectors 0x20-0x27, slave 0x28-0x2f.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/bus.h"
#include "devices/pic8259.h"
#include "tests/unit/support/bus_io.h"
#include "tests/unit/support/irq_log.h"

struct fixture {
	struct bus bus;
	struct pic8259 *pic;
	struct irq_log intr;       /* the INT output's levels */
};

/* The PIC tells its INT output as a bool: log it like a device's line. */
static void capture_int(void *log, bool level)
{
	irq_log_record(log, level);
}

static void out(struct fixture *f, uint16_t port, uint8_t value)
{
	bus_io_out(&f->bus, port, 1, value);
}

static uint8_t in(struct fixture *f, uint16_t port)
{
	return (uint8_t)bus_io_in(&f->bus, port, 1);
}

/* ICW1-ICW4 on both chips: edge mode, cascade on IR2, 8086 mode. */
static void program_pair(struct fixture *f, uint8_t icw4)
{
	out(f, 0x20, 0x11);   /* ICW1: init, ICW4 follows */
	out(f, 0x21, 0x20);   /* ICW2: vectors 0x20-0x27 */
	out(f, 0x21, 0x04);   /* ICW3: a slave on IR2 */
	out(f, 0x21, icw4);
	out(f, 0xa0, 0x11);
	out(f, 0xa1, 0x28);   /* vectors 0x28-0x2f */
	out(f, 0xa1, 0x02);   /* ICW3: slave ID 2 */
	out(f, 0xa1, icw4);
}

static int setup_raw(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	bus_init(&f.bus);
	*state = &f;
	return pic_init(&f.pic, &f.bus);
}

static int setup(void **state)
{
	if (setup_raw(state))
		return -1;
	program_pair(*state, 0x01);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	pic_free(f->pic);
	return 0;
}

static uint8_t master_isr(struct fixture *f)
{
	out(f, 0x20, 0x0b);
	return in(f, 0x20);
}

static uint8_t slave_isr(struct fixture *f)
{
	out(f, 0xa0, 0x0b);
	return in(f, 0xa0);
}

/* A device raises its line and leaves it high. */
static void raise(struct fixture *f, unsigned irq)
{
	pic_set_irq(f->pic, irq, 1);
}

static void test_power_on_all_masked(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(in(f, 0x21), 0xff);
	assert_int_equal(in(f, 0xa1), 0xff);
	raise(f, 1);
	raise(f, 12);
	assert_false(pic_has_interrupt(f->pic));
	assert_int_equal(in(f, 0x20), 0x02);       /* IRR, the default read */
	assert_int_equal(in(f, 0xa0), 0x10);
}

static void test_icw_sequence_sets_vector_base(void **state)
{
	struct fixture *f = *state;

	program_pair(f, 0x01);
	assert_int_equal(in(f, 0x21), 0x00);       /* ICW1 cleared the IMR */
	assert_false(pic_has_interrupt(f->pic));
	raise(f, 0);
	assert_true(pic_has_interrupt(f->pic));
	assert_int_equal(pic_acknowledge(f->pic), 0x20);
	assert_false(pic_has_interrupt(f->pic));
	assert_int_equal(master_isr(f), 0x01);
	out(f, 0x20, 0x20);   /* ICW1 would keep ISR */
	/* ICW2's low three bits are not part of the base. */
	out(f, 0x20, 0x11);
	out(f, 0x21, 0x37);
	out(f, 0x21, 0x04);
	out(f, 0x21, 0x01);
	raise(f, 1);
	assert_int_equal(pic_acknowledge(f->pic), 0x31);
}

static void test_single_mode_skips_icw3(void **state)
{
	struct fixture *f = *state;

	out(f, 0x20, 0x13);   /* ICW1: SNGL, IC4 */
	out(f, 0x21, 0x40);   /* ICW2 */
	out(f, 0x21, 0x01);   /* ICW4, not ICW3 */
	out(f, 0x21, 0xfe);   /* OCW1 */
	assert_int_equal(in(f, 0x21), 0xfe);
	raise(f, 0);
	assert_int_equal(pic_acknowledge(f->pic), 0x40);
	/* Without IC4 ICW4 is skipped too: the next byte is the IMR. */
	out(f, 0x20, 0x12);
	out(f, 0x21, 0x50);
	out(f, 0x21, 0x3c);
	assert_int_equal(in(f, 0x21), 0x3c);
}

static void test_fixed_priority(void **state)
{
	struct fixture *f = *state;

	raise(f, 5);
	raise(f, 7);
	raise(f, 3);
	assert_int_equal(in(f, 0x20), 0xa8);       /* IRR: 7, 5, 3 */
	assert_int_equal(pic_acknowledge(f->pic), 0x23);
	/* 5 and 7 wait for the EOI of 3 */
	assert_false(pic_has_interrupt(f->pic));
	assert_int_equal(in(f, 0x20), 0xa0);
	out(f, 0x20, 0x20);                        /* non-specific EOI */
	assert_true(pic_has_interrupt(f->pic));
	assert_int_equal(pic_acknowledge(f->pic), 0x25);
	/* a higher level preempts the one in service */
	raise(f, 1);
	assert_true(pic_has_interrupt(f->pic));
	assert_int_equal(pic_acknowledge(f->pic), 0x21);
	assert_int_equal(master_isr(f), 0x22);
	out(f, 0x20, 0x20);
	out(f, 0x20, 0x20);
	assert_int_equal(pic_acknowledge(f->pic), 0x27);
}

static void test_imr_masks(void **state)
{
	struct fixture *f = *state;

	out(f, 0x21, 0x02);                        /* mask IR1 */
	raise(f, 1);
	assert_false(pic_has_interrupt(f->pic));
	assert_int_equal(in(f, 0x20), 0x02);       /* requested all the same */
	raise(f, 4);
	assert_int_equal(pic_acknowledge(f->pic), 0x24);
	out(f, 0x20, 0x20);
	assert_false(pic_has_interrupt(f->pic));
	out(f, 0x21, 0x00);                        /* unmask: it comes */
	assert_true(pic_has_interrupt(f->pic));
	assert_int_equal(pic_acknowledge(f->pic), 0x21);
	assert_int_equal(in(f, 0x21), 0x00);
}

static void test_eoi_specific_and_nonspecific(void **state)
{
	struct fixture *f = *state;

	raise(f, 6);
	assert_int_equal(pic_acknowledge(f->pic), 0x26);
	raise(f, 4);
	assert_int_equal(pic_acknowledge(f->pic), 0x24);
	raise(f, 2 + 8);                           /* IRQ 10 via IR2 */
	assert_int_equal(pic_acknowledge(f->pic), 0x2a);
	assert_int_equal(master_isr(f), 0x54);
	out(f, 0x20, 0x66);                        /* specific EOI, IR6 */
	assert_int_equal(master_isr(f), 0x14);
	out(f, 0x20, 0x20);                        /* the highest: IR2 */
	assert_int_equal(master_isr(f), 0x10);
	out(f, 0x20, 0x63);                        /* IR3 is not in service */
	assert_int_equal(master_isr(f), 0x10);
	out(f, 0x20, 0x20);
	assert_int_equal(master_isr(f), 0x00);
	out(f, 0x20, 0x20);                        /* nothing: harmless */
	assert_int_equal(master_isr(f), 0x00);
	assert_int_equal(slave_isr(f), 0x04);      /* the slave's own EOI */
	out(f, 0xa0, 0x62);
	assert_int_equal(slave_isr(f), 0x00);
}

static void test_cascade_irq9(void **state)
{
	struct fixture *f = *state;
	struct pic_counters c;

	raise(f, 9);
	assert_true(pic_has_interrupt(f->pic));
	assert_int_equal(in(f, 0x20), 0x04);       /* the slave's INT on IR2 */
	assert_int_equal(pic_acknowledge(f->pic), 0x29);
	assert_int_equal(master_isr(f), 0x04);
	assert_int_equal(slave_isr(f), 0x02);
	raise(f, 3);                               /* below IR2: waits */
	assert_false(pic_has_interrupt(f->pic));
	raise(f, 1);                               /* above IR2: comes */
	assert_int_equal(pic_acknowledge(f->pic), 0x21);
	out(f, 0x20, 0x20);                        /* EOI IR1 */
	out(f, 0xa0, 0x20);                        /* EOI the slave ... */
	assert_false(pic_has_interrupt(f->pic));
	out(f, 0x20, 0x20);                        /* ... and master IR2 */
	assert_int_equal(pic_acknowledge(f->pic), 0x23);
	pic_get_counters(f->pic, &c);
	assert_int_equal(c.acknowledged[9], 1);
	assert_int_equal(c.acknowledged[1], 1);
	assert_int_equal(c.acknowledged[3], 1);
	assert_int_equal(c.acknowledged[2], 0);
}

/* Two slave requests: the second waits for the slave's EOI and then
 * comes through a fresh edge on the master's IR2. */
static void test_cascade_second_slave_request(void **state)
{
	struct fixture *f = *state;

	raise(f, 14);
	raise(f, 12);
	assert_int_equal(pic_acknowledge(f->pic), 0x2c);
	assert_false(pic_has_interrupt(f->pic));
	out(f, 0xa0, 0x20);
	out(f, 0x20, 0x20);
	assert_true(pic_has_interrupt(f->pic));
	assert_int_equal(pic_acknowledge(f->pic), 0x2e);
	assert_int_equal(slave_isr(f), 0x40);
}

static void test_isa_irq2_is_irq9(void **state)
{
	struct fixture *f = *state;

	raise(f, 2);
	assert_int_equal(pic_acknowledge(f->pic), 0x29);
	pic_set_irq(f->pic, 16, 1);                /* no such input */
	pic_set_irq(f->pic, 1000, 1);
	assert_false(pic_has_interrupt(f->pic));
}

static void test_spurious_irq7(void **state)
{
	struct fixture *f = *state;
	struct pic_counters c;

	raise(f, 3);
	assert_true(pic_has_interrupt(f->pic));
	pic_set_irq(f->pic, 3, 0);                 /* gone before INTA */
	assert_true(pic_has_interrupt(f->pic));    /* INT is latched */
	assert_int_equal(in(f, 0x20), 0x00);
	assert_int_equal(pic_acknowledge(f->pic), 0x27);
	assert_int_equal(master_isr(f), 0x00);     /* no ISR bit */
	assert_false(pic_has_interrupt(f->pic));
	/* Masking after INT rose ends the same way. */
	raise(f, 5);
	out(f, 0x21, 0x20);
	assert_int_equal(pic_acknowledge(f->pic), 0x27);
	assert_int_equal(master_isr(f), 0x00);
	pic_get_counters(f->pic, &c);
	assert_int_equal(c.spurious_master, 2);
	assert_int_equal(c.spurious_slave, 0);
	assert_int_equal(c.acknowledged[7], 0);
}

static void test_spurious_irq15(void **state)
{
	struct fixture *f = *state;
	struct pic_counters c;

	raise(f, 11);
	pic_set_irq(f->pic, 11, 0);                /* gone before INTA */
	assert_true(pic_has_interrupt(f->pic));
	assert_int_equal(pic_acknowledge(f->pic), 0x2f);
	assert_int_equal(master_isr(f), 0x04);     /* as on hardware */
	assert_int_equal(slave_isr(f), 0x00);
	assert_false(pic_has_interrupt(f->pic));
	pic_get_counters(f->pic, &c);
	assert_int_equal(c.spurious_slave, 1);
	assert_int_equal(c.spurious_master, 0);
	/* The handler EOIs the master only; then the pair works on. */
	out(f, 0x20, 0x20);
	raise(f, 11);
	assert_int_equal(pic_acknowledge(f->pic), 0x2b);
}

static void test_ocw3_selects_irr_or_isr(void **state)
{
	struct fixture *f = *state;

	raise(f, 4);
	raise(f, 6);
	assert_int_equal(pic_acknowledge(f->pic), 0x24);
	assert_int_equal(in(f, 0x20), 0x40);       /* IRR */
	out(f, 0x20, 0x0b);                        /* read ISR */
	assert_int_equal(in(f, 0x20), 0x10);
	assert_int_equal(in(f, 0x20), 0x10);       /* the choice stays */
	out(f, 0x20, 0x08);                        /* RR = 0: no change */
	assert_int_equal(in(f, 0x20), 0x10);
	out(f, 0x20, 0x0a);                        /* read IRR */
	assert_int_equal(in(f, 0x20), 0x40);
	out(f, 0x21, 0x81);
	assert_int_equal(in(f, 0x21), 0x81);       /* A0 = 1 reads the IMR */
}

static void test_edge_needs_a_new_rise(void **state)
{
	struct fixture *f = *state;

	raise(f, 4);
	assert_int_equal(pic_acknowledge(f->pic), 0x24);
	out(f, 0x20, 0x20);
	raise(f, 4);                               /* still high: no edge */
	assert_false(pic_has_interrupt(f->pic));
	assert_int_equal(in(f, 0x20), 0x00);
	pic_set_irq(f->pic, 4, 0);
	raise(f, 4);
	assert_true(pic_has_interrupt(f->pic));
	assert_int_equal(pic_acknowledge(f->pic), 0x24);
}

static void test_icw1_resets_edge_sense(void **state)
{
	struct fixture *f = *state;

	raise(f, 5);
	program_pair(f, 0x01);
	assert_int_equal(in(f, 0x20), 0x00);
	assert_false(pic_has_interrupt(f->pic));
	pic_set_irq(f->pic, 5, 0);
	raise(f, 5);
	assert_int_equal(pic_acknowledge(f->pic), 0x25);
}

static void test_level_mode_repeats(void **state)
{
	struct fixture *f = *state;

	out(f, 0x20, 0x19);                        /* ICW1: LTIM, IC4 */
	out(f, 0x21, 0x20);
	out(f, 0x21, 0x04);
	out(f, 0x21, 0x01);
	raise(f, 3);
	assert_int_equal(pic_acknowledge(f->pic), 0x23);
	assert_false(pic_has_interrupt(f->pic));
	out(f, 0x20, 0x20);                        /* still high: again */
	assert_true(pic_has_interrupt(f->pic));
	assert_int_equal(pic_acknowledge(f->pic), 0x23);
	pic_set_irq(f->pic, 3, 0);
	out(f, 0x20, 0x20);
	assert_false(pic_has_interrupt(f->pic));
}

static void test_auto_eoi(void **state)
{
	struct fixture *f = *state;

	program_pair(f, 0x03);                     /* ICW4: 8086, AEOI */
	raise(f, 3);
	raise(f, 4);
	assert_int_equal(pic_acknowledge(f->pic), 0x23);
	assert_int_equal(master_isr(f), 0x00);
	assert_true(pic_has_interrupt(f->pic));    /* no EOI needed */
	assert_int_equal(pic_acknowledge(f->pic), 0x24);
}

static void test_poll_command(void **state)
{
	struct fixture *f = *state;

	raise(f, 6);
	out(f, 0x20, 0x0c);                        /* OCW3: poll */
	assert_int_equal(in(f, 0x20), 0x86);
	assert_int_equal(master_isr(f), 0x40);
	assert_false(pic_has_interrupt(f->pic));
	out(f, 0x20, 0x0c);
	assert_int_equal(in(f, 0x21), 0x00);       /* nothing pending */
	assert_int_equal(in(f, 0x21), 0x00);       /* the IMR again */
}

static void test_rotation(void **state)
{
	struct fixture *f = *state;

	out(f, 0x20, 0xc4);                        /* IR4 lowest: IR5 first */
	raise(f, 3);
	raise(f, 6);
	assert_int_equal(pic_acknowledge(f->pic), 0x26);
	out(f, 0x20, 0xa0);                        /* rotate on EOI: 6 lowest */
	assert_int_equal(pic_acknowledge(f->pic), 0x23);
	raise(f, 7);                               /* 7 outranks 3 now */
	assert_int_equal(pic_acknowledge(f->pic), 0x27);
	out(f, 0x20, 0xe7);                        /* rotate on specific EOI */
	raise(f, 0);                               /* 0 follows 7: highest */
	assert_true(pic_has_interrupt(f->pic));
	assert_int_equal(pic_acknowledge(f->pic), 0x20);
}

static void test_special_mask_mode(void **state)
{
	struct fixture *f = *state;

	raise(f, 2 + 8);
	assert_int_equal(pic_acknowledge(f->pic), 0x2a);
	raise(f, 5);                               /* blocked by IR2 */
	assert_false(pic_has_interrupt(f->pic));
	out(f, 0x20, 0x68);                        /* OCW3: set SMM */
	out(f, 0x21, 0x04);                        /* mask the level in service */
	assert_true(pic_has_interrupt(f->pic));
	assert_int_equal(pic_acknowledge(f->pic), 0x25);
	out(f, 0x20, 0x48);                        /* SMM off */
	assert_int_equal(master_isr(f), 0x24);
}

static void test_int_callback(void **state)
{
	struct fixture *f = *state;

	pic_set_int_callback(f->pic, capture_int, &f->intr);
	raise(f, 1);
	raise(f, 3);                               /* INT already up */
	assert_int_equal(pic_acknowledge(f->pic), 0x21);
	out(f, 0x20, 0x20);
	assert_int_equal(pic_acknowledge(f->pic), 0x23);
	assert_int_equal(f->intr.count, 4);
	assert_int_equal(f->intr.levels[0], 1);
	assert_int_equal(f->intr.levels[1], 0);    /* INTA */
	assert_int_equal(f->intr.levels[2], 1);    /* EOI let IR3 through */
	assert_int_equal(f->intr.levels[3], 0);
	pic_set_int_callback(f->pic, NULL, NULL);
	raise(f, 9);
	assert_int_equal(f->intr.count, 4);
}

static void test_get_regs(void **state)
{
	struct fixture *f = *state;
	struct pic_regs r;

	pic_set_irq(f->pic, 4, 1);
	pic_get_regs(f->pic, 0, &r);
	assert_int_equal(r.irr, 0x10);
	assert_true(r.int_out);
	assert_int_equal(r.vector_base, 0x20);
	pic_get_regs(f->pic, 1, &r);
	assert_int_equal(r.vector_base, 0x28);
	assert_false(r.int_out);
}

static void test_reset_masks_again(void **state)
{
	struct fixture *f = *state;

	raise(f, 3);
	assert_true(pic_has_interrupt(f->pic));
	pic_reset(f->pic);
	assert_false(pic_has_interrupt(f->pic));
	assert_int_equal(in(f, 0x21), 0xff);
	assert_int_equal(in(f, 0x20), 0x00);
}

static void test_init_unwinds_on_taken_ports(void **state)
{
	struct bus bus;
	struct pic8259 *pic = NULL;
	uint64_t data = 0;

	(void)state;
	bus_init(&bus);
	assert_int_equal(bus_register_pio(&bus, 0xa1, 1, "other", NULL, NULL),
			 0);
	assert_int_equal(pic_init(&pic, &bus), -EEXIST);
	assert_null(pic);
	assert_int_equal(bus.pio.count, 1);
	assert_null(bus_pio_access(&bus, 0x20, 1, false, &data));
	pic_free(NULL);
}

/* The EOI callback's record: every mask it was told, in order. */
struct eoi_log {
	uint16_t told[8];
	unsigned n;
	struct pic8259 *pic;
	bool lower;          /* lower each ended line from inside the call */
};

static void on_eoi(void *opaque, uint16_t irqs)
{
	struct eoi_log *log = opaque;

	if (log->n < 8)
		log->told[log->n++] = irqs;
	for (unsigned irq = 0; log->lower && irq < 16; irq++)
		if (irqs & (1u << irq))
			pic_set_irq(log->pic, irq, 0);
}

/* Each ended service is told once, by input: an EOI that clears an ISR
 * bit (master, slave), an AEOI acknowledge; an EOI with nothing in
 * service is not told. */
static void test_eoi_callback(void **state)
{
	struct fixture *f = *state;
	struct eoi_log log = { .pic = f->pic };

	pic_set_eoi_callback(f->pic, on_eoi, &log);
	out(f, 0x21, 0x00);
	out(f, 0xa1, 0x00);
	raise(f, 5);
	assert_int_equal(pic_acknowledge(f->pic), 0x25);
	assert_int_equal(log.n, 0);
	out(f, 0x20, 0x20);                        /* non-specific EOI */
	assert_int_equal(log.n, 1);
	assert_int_equal(log.told[0], 1u << 5);
	out(f, 0x20, 0x65);                        /* specific EOI 5: none */
	assert_int_equal(log.n, 1);
	raise(f, 10);
	assert_int_equal(pic_acknowledge(f->pic), 0x2a);
	out(f, 0xa0, 0x20);                        /* the slave's EOI */
	assert_int_equal(log.n, 2);
	assert_int_equal(log.told[1], 1u << 10);
	out(f, 0x20, 0x20);                        /* the master's IR2 */
	assert_int_equal(log.told[2], 1u << 2);
	program_pair(f, 0x03);                     /* AEOI */
	out(f, 0x21, 0x00);
	raise(f, 3);
	assert_int_equal(pic_acknowledge(f->pic), 0x23);
	assert_int_equal(log.n, 4);
	assert_int_equal(log.told[3], 1u << 3);
}

/* Level mode, a line held high over the EOI: the callback lowers it
 * (an irqfd's resample) before the PIC looks again, so no request is
 * left - not even a spurious IRQ 7 from an INT latched meanwhile. */
static void test_eoi_callback_lowers_first(void **state)
{
	struct fixture *f = *state;
	struct eoi_log log = { .pic = f->pic, .lower = true };

	out(f, 0x20, 0x19);                        /* ICW1: LTIM, IC4 */
	out(f, 0x21, 0x20);
	out(f, 0x21, 0x04);
	out(f, 0x21, 0x01);
	out(f, 0x21, 0xdf);                        /* only IRQ 5 */
	pic_set_eoi_callback(f->pic, on_eoi, &log);
	raise(f, 5);
	assert_int_equal(pic_acknowledge(f->pic), 0x25);
	out(f, 0x20, 0x20);
	assert_int_equal(log.n, 1);
	assert_false(pic_has_interrupt(f->pic));
	raise(f, 5);                               /* the device again */
	assert_true(pic_has_interrupt(f->pic));
	assert_int_equal(pic_acknowledge(f->pic), 0x25);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_power_on_all_masked,
						setup_raw, teardown),
		T(test_icw_sequence_sets_vector_base),
		T(test_single_mode_skips_icw3),
		T(test_fixed_priority),
		T(test_imr_masks),
		T(test_eoi_specific_and_nonspecific),
		T(test_cascade_irq9),
		T(test_cascade_second_slave_request),
		T(test_isa_irq2_is_irq9),
		T(test_spurious_irq7),
		T(test_spurious_irq15),
		T(test_ocw3_selects_irr_or_isr),
		T(test_edge_needs_a_new_rise),
		T(test_icw1_resets_edge_sense),
		T(test_level_mode_repeats),
		T(test_auto_eoi),
		T(test_poll_command),
		T(test_rotation),
		T(test_special_mask_mode),
		T(test_int_callback),
		T(test_get_regs),
		T(test_reset_masks_again),
		T(test_eoi_callback),
		T(test_eoi_callback_lowers_first),
		cmocka_unit_test(test_init_unwinds_on_taken_ports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
