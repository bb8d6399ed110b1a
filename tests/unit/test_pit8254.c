/*
 * tests/unit/test_pit8254.c - the 8254 on a fake clock: the test sets the
 * time, the guest's port accesses read the counters at that time.
 *
 * Times are chosen from the clock rate: pulse k arrives at
 * ceil(k * 10^9 / 1193182) ns after the count was written (pulse 1 at
 * 839 ns, pulse 1000 at 838096 ns, pulse 1193 at 999848 ns, ...), worked
 * out by hand so that the model's arithmetic is checked, not repeated.
 * Control words are numbers from the Intel 8254 datasheet (0x34 = counter
 * 0, LSB then MSB, mode 2).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/bus.h"
#include "devices/pit8254.h"
#include "tests/unit/support/bus_io.h"
#include "tests/unit/support/irq_log.h"

#define T0 5000000000ull   /* when the tests write their counts */

struct fixture {
	struct bus bus;
	struct pit8254 *pit;
	uint64_t now;
	struct irq_log irq;
};

static uint64_t fake_clock(void *opaque)
{
	struct fixture *f = opaque;

	return f->now;
}

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	bus_init(&f.bus);
	f.now = T0;
	*state = &f;
	return pit_init(&f.pit, &f.bus, fake_clock, &f);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	pit_free(f->pit);
	return 0;
}

static void out(struct fixture *f, uint16_t port, uint8_t value)
{
	bus_io_out(&f->bus, port, 1, value);
}

static uint8_t in(struct fixture *f, uint16_t port)
{
	return (uint8_t)bus_io_in(&f->bus, port, 1);
}

/* Counter 0 in LSB-then-MSB mode: the count as two reads. */
static unsigned read16(struct fixture *f, uint16_t port)
{
	unsigned lsb = in(f, port);

	return lsb | (unsigned)in(f, port) << 8;
}

static unsigned read_at(struct fixture *f, uint64_t ns_after_t0)
{
	f->now = T0 + ns_after_t0;
	return read16(f, 0x40);
}

/* Program counter 0 with control word cw and a 16-bit count at T0. */
static void program0(struct fixture *f, uint8_t cw, unsigned count)
{
	f->now = T0;
	out(f, 0x43, cw);
	out(f, 0x40, count & 0xff);
	out(f, 0x40, count >> 8);
}

static void test_mode2_counts_down(void **state)
{
	struct fixture *f = *state;

	program0(f, 0x34, 1000);
	assert_int_equal(read_at(f, 0), 1000);
	assert_int_equal(read_at(f, 838), 1000);         /* before pulse 1 */
	assert_int_equal(read_at(f, 839), 999);
	assert_int_equal(read_at(f, 837258), 1);         /* pulse 999 */
	assert_int_equal(read_at(f, 838096), 1000);      /* reloaded */
	assert_int_equal(read_at(f, 1000000), 807);      /* pulse 1193 */
	assert_int_equal(read_at(f, 2000000), 614);      /* pulse 2386 */
}

static void test_mode3_even_counts_by_two(void **state)
{
	struct fixture *f = *state;

	program0(f, 0x36, 1000);
	assert_int_equal(read_at(f, 0), 1000);
	assert_int_equal(read_at(f, 839), 998);
	assert_int_equal(read_at(f, 1677), 996);
	assert_int_equal(read_at(f, 419047), 2);         /* pulse 499 */
	assert_int_equal(read_at(f, 419048), 1000);      /* second half */
	assert_int_equal(read_at(f, 502858), 800);       /* pulse 600 */
	assert_int_equal(read_at(f, 1000000), 614);      /* 1000 - 2 * 193 */
	assert_int_equal(read_at(f, 2000000), 228);      /* 1000 - 2 * 386 */
}

/* Counter 2, LSB only, mode 3 with the odd count 5: 5 4 2 | 5 2 | 5. */
static void test_mode3_odd_count(void **state)
{
	static const struct { uint64_t ns; uint8_t value; } reads[] = {
		{ 0, 5 }, { 838, 5 }, { 839, 4 }, { 1677, 2 },
		{ 2515, 5 }, { 3353, 2 }, { 4191, 5 },
	};
	struct fixture *f = *state;

	out(f, 0x43, 0x96);
	out(f, 0x42, 5);
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		f->now = T0 + reads[i].ns;
		assert_int_equal(in(f, 0x42), reads[i].value);
	}
}

static void test_count_zero_is_65536(void **state)
{
	struct fixture *f = *state;

	program0(f, 0x34, 0);
	assert_int_equal(read_at(f, 0), 0x0000);
	assert_int_equal(read_at(f, 839), 0xffff);
	assert_int_equal(pit_next_irq_ns(f->pit), T0 + 54925402);
	program0(f, 0x36, 0);
	assert_int_equal(read_at(f, 839), 0xfffe);
}

static void test_latch_holds_the_count(void **state)
{
	struct fixture *f = *state;

	program0(f, 0x34, 1000);
	f->now = T0 + 1000000;
	out(f, 0x43, 0x00);                              /* latch counter 0 */
	f->now = T0 + 2000000;
	out(f, 0x43, 0x00);                              /* ignored */
	assert_int_equal(in(f, 0x40), 0x27);             /* 807 = 0x327 */
	assert_int_equal(in(f, 0x40), 0x03);
	assert_int_equal(read16(f, 0x40), 614);          /* live again */
	/* LSB-only mode: one byte releases the latch. */
	out(f, 0x43, 0x14);                              /* LSB, mode 2 */
	f->now = T0;
	out(f, 0x40, 200);
	out(f, 0x43, 0x00);
	f->now = T0 + 839 * 2;                           /* pulse 2 */
	assert_int_equal(in(f, 0x40), 200);
	assert_int_equal(in(f, 0x40), 198);
}

static void test_msb_only_access(void **state)
{
	struct fixture *f = *state;

	out(f, 0x43, 0x24);                              /* MSB, mode 2 */
	out(f, 0x40, 0x12);                              /* count 0x1200 */
	f->now = T0 + 839;
	assert_int_equal(in(f, 0x40), 0x11);             /* 0x11ff */
	assert_int_equal(in(f, 0x40), 0x11);
}

static void test_read_flip_flop_alternates(void **state)
{
	struct fixture *f = *state;

	program0(f, 0x34, 0x1234);
	assert_int_equal(in(f, 0x40), 0x34);
	assert_int_equal(in(f, 0x40), 0x12);
	assert_int_equal(in(f, 0x40), 0x34);
	/* A control word resets the flip-flop half way. */
	out(f, 0x43, 0x34);
	out(f, 0x40, 0x78);
	out(f, 0x40, 0x56);
	assert_int_equal(read16(f, 0x40), 0x5678);
}

static void test_irq_edges_mode2(void **state)
{
	struct fixture *f = *state;
	struct pit_counters c;

	pit_set_irq(f->pit, irq_log_record, &f->irq);
	assert_int_equal(f->irq.count, 1);
	assert_int_equal(f->irq.levels[0], 1);           /* OUT high */
	program0(f, 0x34, 1193);
	assert_int_equal(pit_next_irq_ns(f->pit), T0 + 999848);
	pit_update(f->pit, T0 + 999847);
	assert_int_equal(f->irq.count, 1);               /* not yet */
	pit_update(f->pit, T0 + 999848);
	assert_int_equal(f->irq.count, 3);
	assert_int_equal(f->irq.levels[1], 0);           /* a fall ... */
	assert_int_equal(f->irq.levels[2], 1);           /* ... and a rise */
	pit_update(f->pit, T0 + 999900);                 /* same period */
	assert_int_equal(f->irq.count, 3);
	assert_int_equal(pit_next_irq_ns(f->pit), T0 + 1999695);
	/* Ten periods gone by: one edge, eight coalesced. */
	pit_update(f->pit, T0 + 10000000);
	assert_int_equal(f->irq.count, 5);
	pit_get_counters(f->pit, &c);
	assert_int_equal(c.irq_edges, 2);
	assert_int_equal(c.ticks_coalesced, 8);
}

static void test_irq_edges_mode3(void **state)
{
	struct fixture *f = *state;

	pit_set_irq(f->pit, irq_log_record, &f->irq);
	program0(f, 0x36, 1000);
	assert_int_equal(pit_next_irq_ns(f->pit), T0 + 838096);
	pit_update(f->pit, T0 + 419048);                 /* half way: no edge */
	assert_int_equal(f->irq.count, 1);
	pit_update(f->pit, T0 + 838096);
	assert_int_equal(f->irq.count, 3);
	assert_int_equal(f->irq.levels[2], 1);
}

static void test_mode0_fires_once(void **state)
{
	struct fixture *f = *state;

	pit_set_irq(f->pit, irq_log_record, &f->irq);
	program0(f, 0x30, 100);
	assert_int_equal(f->irq.count, 2);
	assert_int_equal(f->irq.levels[1], 0);           /* low after mode set */
	assert_int_equal(pit_next_irq_ns(f->pit), T0 + 83810);
	pit_update(f->pit, T0 + 83809);
	assert_int_equal(f->irq.count, 2);
	pit_update(f->pit, T0 + 83810);
	assert_int_equal(f->irq.count, 3);
	assert_int_equal(f->irq.levels[2], 1);           /* terminal count */
	assert_int_equal(pit_next_irq_ns(f->pit), UINT64_MAX);
	pit_update(f->pit, T0 + 100000000);
	assert_int_equal(f->irq.count, 3);
	assert_int_equal(read_at(f, 84648), 0xffff);     /* wrapped */
}

static void test_no_irq_before_a_count(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pit_next_irq_ns(f->pit), UINT64_MAX);
	out(f, 0x43, 0x34);
	out(f, 0x40, 0x10);                              /* half a count */
	assert_int_equal(pit_next_irq_ns(f->pit), UINT64_MAX);
	f->now = T0 + 1000000000;
	pit_update(f->pit, f->now);
	out(f, 0x40, 0x00);                              /* counting from now */
	assert_int_equal(pit_next_irq_ns(f->pit), T0 + 1000000000 + 13410);
}

static void test_read_back_status(void **state)
{
	struct fixture *f = *state;

	out(f, 0x43, 0x34);
	out(f, 0x43, 0xe2);                              /* status, counter 0 */
	assert_int_equal(in(f, 0x40), 0xf4);             /* OUT, null count */
	out(f, 0x40, 0xe8);
	out(f, 0x40, 0x03);
	f->now = T0 + 839;
	out(f, 0x43, 0xc2);                              /* count + status */
	f->now = T0 + 1000000;
	assert_int_equal(in(f, 0x40), 0xb4);
	assert_int_equal(read16(f, 0x40), 999);          /* latched */
	/* OUT is low during mode 2's last pulse. */
	f->now = T0 + 837258;
	out(f, 0x43, 0xe2);
	assert_int_equal(in(f, 0x40), 0x34);
}

static void test_other_counters_count(void **state)
{
	struct fixture *f = *state;

	out(f, 0x43, 0x74);                              /* counter 1, mode 2 */
	out(f, 0x41, 18);
	out(f, 0x41, 0);
	f->now = T0 + 1677;
	assert_int_equal(read16(f, 0x41), 16);           /* pulse 2 */
	assert_int_equal(pit_next_irq_ns(f->pit), UINT64_MAX);
	assert_int_equal(in(f, 0x43), 0xff);             /* write-only */
}

static void test_mode6_is_mode2_and_unsupported_counted(void **state)
{
	struct fixture *f = *state;
	struct pit_counters c;

	program0(f, 0x3c, 1000);                         /* M2-M0 = 110 */
	assert_int_equal(read_at(f, 838096), 1000);      /* reloads: mode 2 */
	pit_get_counters(f->pit, &c);
	assert_int_equal(c.unsupported, 0);
	out(f, 0x43, 0x35);                              /* BCD */
	out(f, 0x43, 0x32);                              /* mode 1 */
	pit_get_counters(f->pit, &c);
	assert_int_equal(c.unsupported, 2);
}

static void test_init_fails_on_taken_ports(void **state)
{
	struct fixture *f = *state;
	struct pit8254 *second = NULL;
	uint64_t data = 0;

	assert_int_equal(pit_init(&second, &f->bus, NULL, NULL), -EEXIST);
	assert_null(second);
	assert_null(bus_pio_access(&f->bus, 0x44, 1, false, &data));
	assert_null(bus_pio_access(&f->bus, 0x3f, 1, false, &data));
	pit_free(NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_mode2_counts_down),
		T(test_mode3_even_counts_by_two),
		T(test_mode3_odd_count),
		T(test_count_zero_is_65536),
		T(test_latch_holds_the_count),
		T(test_msb_only_access),
		T(test_read_flip_flop_alternates),
		T(test_irq_edges_mode2),
		T(test_irq_edges_mode3),
		T(test_mode0_fires_once),
		T(test_no_irq_before_a_count),
		T(test_read_back_status),
		T(test_other_counters_count),
		T(test_mode6_is_mode2_and_unsupported_counted),
		T(test_init_fails_on_taken_ports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
