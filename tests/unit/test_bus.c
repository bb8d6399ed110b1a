/*
 * tests/unit/test_bus.c - range registration (overlap, bounds, capacity)
 * and access routing: offsets, size masking, unclaimed accesses; a bus
 * limited to the windows a cell owns.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/bus.h"

/* A fake device: remembers the last access, answers reads with `reply`. */
struct fake_dev {
	unsigned calls;
	uint64_t offset;
	unsigned size;
	bool is_write;
	uint64_t value;    /* the data it saw (writes) */
	uint64_t reply;    /* what it stores for reads, unmasked */
};

static void fake_handler(void *opaque, uint64_t offset, unsigned size,
			 bool is_write, uint64_t *data)
{
	struct fake_dev *d = opaque;

	d->calls++;
	d->offset = offset;
	d->size = size;
	d->is_write = is_write;
	if (is_write)
		d->value = *data;
	else
		*data = d->reply;
}

struct fixture {
	struct bus bus;
	struct fake_dev uart, mmio;
};

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	bus_init(&f.bus);
	f.uart.reply = 0x1122334455667788ULL;
	f.mmio.reply = 0x1122334455667788ULL;
	if (bus_register_pio(&f.bus, 0x3f8, 8, "uart", fake_handler, &f.uart) ||
	    bus_register_mmio(&f.bus, 0xd0000000, 0x1000, "mmio", fake_handler,
			      &f.mmio))
		return -1;
	*state = &f;
	return 0;
}

static void test_pio_routing(void **state)
{
	struct fixture *f = *state;
	uint64_t data = 0x48;

	assert_ptr_equal(bus_pio_access(&f->bus, 0x3f8, 1, true, &data),
			 &f->bus.pio.ranges[0]);
	assert_int_equal(f->uart.calls, 1);
	assert_int_equal(f->uart.offset, 0);
	assert_int_equal(f->uart.size, 1);
	assert_true(f->uart.is_write);
	assert_int_equal(f->uart.value, 0x48);

	assert_non_null(bus_pio_access(&f->bus, 0x3fd, 1, false, &data));
	assert_int_equal(f->uart.offset, 5);
	assert_false(f->uart.is_write);
	assert_int_equal(data, 0x88);            /* masked to one byte */
	assert_string_equal(f->bus.pio.ranges[0].name, "uart");
	assert_int_equal(f->bus.pio.unclaimed.reads, 0);
}

static void test_read_masked_to_size(void **state)
{
	struct fixture *f = *state;
	uint64_t data;

	bus_pio_access(&f->bus, 0x3f8, 2, false, &data);
	assert_int_equal(data, 0x7788);
	bus_pio_access(&f->bus, 0x3f8, 4, false, &data);
	assert_int_equal(data, 0x55667788);
	bus_mmio_access(&f->bus, 0xd0000010, 8, false, &data);
	assert_int_equal(data, 0x1122334455667788ULL);
	assert_int_equal(f->mmio.offset, 0x10);
}

/* A device sees only the bytes of a write. */
static void test_write_masked_to_size(void **state)
{
	struct fixture *f = *state;
	uint64_t data = 0xdeadbeefcafe1234ULL;

	bus_pio_access(&f->bus, 0x3f9, 2, true, &data);
	assert_int_equal(f->uart.value, 0x1234);
	assert_int_equal(f->uart.offset, 1);
	data = 0xdeadbeefcafe1234ULL;
	bus_mmio_access(&f->bus, 0xd0000ff8, 4, true, &data);
	assert_int_equal(f->mmio.value, 0xcafe1234);
	assert_int_equal(f->mmio.offset, 0xff8);
}

static void test_unclaimed(void **state)
{
	struct fixture *f = *state;
	uint64_t data = 0;

	assert_null(bus_pio_access(&f->bus, 0x80, 1, false, &data));
	assert_int_equal(data, 0xff);
	assert_null(bus_pio_access(&f->bus, 0x3f7, 2, false, &data));
	assert_int_equal(data, 0xffff);
	assert_null(bus_pio_access(&f->bus, 0x400, 4, false, &data));
	assert_int_equal(data, 0xffffffff);
	assert_null(bus_mmio_access(&f->bus, 0xd0001000, 8, false, &data));
	assert_int_equal(data, UINT64_MAX);
	data = 0x42;
	assert_null(bus_pio_access(&f->bus, 0x80, 1, true, &data));
	assert_null(bus_pio_access(&f->bus, 0x3f7, 1, true, &data));
	assert_int_equal(data, 0x42);

	assert_int_equal(f->bus.pio.unclaimed.reads, 3);
	assert_int_equal(f->bus.pio.unclaimed.writes, 2);
	assert_int_equal(f->bus.mmio.unclaimed.reads, 1);
	assert_int_equal(f->bus.mmio.unclaimed.writes, 0);
	/* the first distinct addresses, in the order seen */
	assert_int_equal(f->bus.pio.unclaimed.nfirst, 3);
	assert_int_equal(f->bus.pio.unclaimed.first[0], 0x80);
	assert_int_equal(f->bus.pio.unclaimed.first[1], 0x3f7);
	assert_int_equal(f->bus.pio.unclaimed.first[2], 0x400);
	assert_int_equal(f->bus.mmio.unclaimed.nfirst, 1);
	assert_int_equal(f->bus.mmio.unclaimed.first[0], 0xd0001000);
	assert_int_equal(f->uart.calls, 0);
	assert_int_equal(f->mmio.calls, 0);
}

/* Only the first few are kept: a guest probing every port fills them. */
static void test_unclaimed_first_few(void **state)
{
	struct fixture *f = *state;
	uint64_t data = 0;

	for (uint16_t port = 0x100; port < 0x110; port++)
		bus_pio_access(&f->bus, port, 1, port & 1, &data);
	assert_int_equal(f->bus.pio.unclaimed.reads, 8);
	assert_int_equal(f->bus.pio.unclaimed.writes, 8);
	assert_int_equal(f->bus.pio.unclaimed.nfirst, BUS_UNCLAIMED_FIRST);
	assert_int_equal(f->bus.pio.unclaimed.first[BUS_UNCLAIMED_FIRST - 1],
			 0x100 + BUS_UNCLAIMED_FIRST - 1);
}

/* What the trace summary and the Stats panel print. */
static void test_unclaimed_text(void **state)
{
	struct fixture *f = *state;
	uint64_t data = 0;
	char buf[128];

	assert_false(bus_unclaimed_format(&f->bus.pio.unclaimed, "ports", buf,
					  sizeof(buf)));
	assert_string_equal(buf, "unclaimed ports: none");
	for (uint16_t port = 0x100; port < 0x110; port++)
		bus_pio_access(&f->bus, port, 1, port & 1, &data);
	bus_pio_access(&f->bus, 0x100, 1, false, &data);
	assert_true(bus_unclaimed_format(&f->bus.pio.unclaimed, "ports", buf,
					 sizeof(buf)));
	assert_string_equal(buf, "unclaimed ports: 9 reads, 8 writes "
			    "(0x100, 0x101, 0x102, 0x103, ...)");
	bus_mmio_access(&f->bus, 0xd0001000, 4, true, &data);
	assert_true(bus_unclaimed_format(&f->bus.mmio.unclaimed, "MMIO", buf,
					 sizeof(buf)));
	assert_string_equal(buf, "unclaimed MMIO: 0 reads, 1 write "
			    "(0xd0001000)");
}

static void test_register_overlap(void **state)
{
	struct fixture *f = *state;
	struct fake_dev d = { 0 };

	assert_int_equal(bus_register_pio(&f->bus, 0x3f0, 9, "a", fake_handler, &d), -EEXIST);
	assert_int_equal(bus_register_pio(&f->bus, 0x3ff, 1, "b", fake_handler, &d), -EEXIST);
	assert_int_equal(bus_register_pio(&f->bus, 0x3f0, 0x20, "c", fake_handler, &d), -EEXIST);
	assert_int_equal(bus_register_pio(&f->bus, 0x3fa, 2, "d", fake_handler, &d), -EEXIST);
	/* touching is not overlapping */
	assert_int_equal(bus_register_pio(&f->bus, 0x3f0, 8, "e", fake_handler, &d), 0);
	assert_int_equal(bus_register_pio(&f->bus, 0x400, 1, "f", fake_handler, &d), 0);
	assert_int_equal(f->bus.pio.count, 3);
	/* the same port number on the other bus is a different thing */
	assert_int_equal(bus_register_mmio(&f->bus, 0x3f8, 8, "g", fake_handler, &d), 0);
	assert_int_equal(bus_register_mmio(&f->bus, 0xcffff001, 0x1000, "h", fake_handler, &d), -EEXIST);
}

static void test_register_bounds(void **state)
{
	struct fixture *f = *state;
	struct fake_dev d = { 0 };
	uint64_t data;

	assert_int_equal(bus_register_pio(&f->bus, 0x10, 0, "z", fake_handler, &d), -EINVAL);
	assert_int_equal(bus_register_mmio(&f->bus, 0x10, 0, "z", fake_handler, &d), -EINVAL);
	assert_int_equal(bus_register_pio(&f->bus, 0xfffe, 4, "z", fake_handler, &d), -EINVAL);
	assert_int_equal(bus_register_pio(&f->bus, 0xfffc, 4, "top", fake_handler, &d), 0);
	/* base + len wraps past 2^64 */
	assert_int_equal(bus_register_mmio(&f->bus, UINT64_MAX - 0xfff, 0x2000, "z", fake_handler, &d), -EINVAL);
	/* ends exactly at 2^64: representable by its last byte */
	assert_int_equal(bus_register_mmio(&f->bus, UINT64_MAX - 0xfff, 0x1000, "end", fake_handler, &d), 0);
	assert_int_equal(bus_register_mmio(&f->bus, UINT64_MAX, 1, "z", fake_handler, &d), -EEXIST);

	assert_non_null(bus_mmio_access(&f->bus, UINT64_MAX, 1, false, &data));
	assert_int_equal(d.offset, 0xfff);
	assert_non_null(bus_pio_access(&f->bus, 0xffff, 1, false, &data));
	assert_int_equal(d.offset, 3);
}

static void test_register_full(void **state)
{
	struct fixture *f = *state;
	struct fake_dev d = { 0 };
	unsigned i;

	for (i = f->bus.pio.count; i < BUS_MAX_RANGES; i++)
		assert_int_equal(bus_register_pio(&f->bus, 0x1000 + i * 4, 4, "n",
						  fake_handler, &d), 0);
	assert_int_equal(bus_register_pio(&f->bus, 0x2000, 1, "n", fake_handler, &d), -ENOSPC);
	assert_int_equal(f->bus.pio.count, BUS_MAX_RANGES);
}

static void test_unregister_pio(void **state)
{
	struct fixture *f = *state;
	struct fake_dev a = { 0 }, b = { 0 };
	uint64_t data = 0;

	assert_int_equal(bus_register_pio(&f->bus, 0x20, 2, "a", fake_handler, &a), 0);
	assert_int_equal(bus_register_pio(&f->bus, 0xa0, 2, "b", fake_handler, &b), 0);
	bus_unregister_pio(&f->bus, 0x21);           /* not a range's base */
	assert_int_equal(f->bus.pio.count, 3);
	bus_unregister_pio(&f->bus, 0x20);
	assert_int_equal(f->bus.pio.count, 2);
	assert_null(bus_pio_access(&f->bus, 0x20, 1, false, &data));
	assert_int_equal(data, 0xff);
	assert_int_equal(a.calls, 0);
	assert_non_null(bus_pio_access(&f->bus, 0xa1, 1, false, &data));
	assert_int_equal(b.offset, 1);
	assert_string_equal(f->bus.pio.ranges[0].name, "uart");  /* order kept */
	assert_string_equal(f->bus.pio.ranges[1].name, "b");
	/* the ports are free again */
	assert_int_equal(bus_register_pio(&f->bus, 0x20, 2, "c", fake_handler, &a), 0);
}

/* A bus limited to a cell's windows: a device outside them is never
 * reached - a read gives all ones, a write vanishes, both counted
 * unclaimed and outside - while inside them routing is as before. */
static void test_limited_to_owned_windows(void **state)
{
	static const struct bus_window pio[] = { { 0x3f8, 0x3fb }, { 0xf4, 0xf4 } };
	struct fixture *f = *state;
	uint64_t data = 0x41;

	assert_int_equal(bus_limit(&f->bus.pio, pio, 2), 0);
	assert_int_equal(bus_limit(&f->bus.mmio, NULL, 0), 0);
	assert_non_null(bus_pio_access(&f->bus, 0x3f8, 1, true, &data));
	assert_int_equal(f->uart.calls, 1);
	/* 0x3fd is the UART's, but outside what the bus owns */
	assert_null(bus_pio_access(&f->bus, 0x3fd, 1, false, &data));
	assert_int_equal(data, 0xff);
	data = 0x7;
	assert_null(bus_pio_access(&f->bus, 0x3fc, 1, true, &data));
	assert_int_equal(f->uart.calls, 1);
	/* owned, but nothing there: unclaimed, not outside */
	assert_null(bus_pio_access(&f->bus, 0xf4, 1, true, &data));
	assert_int_equal(f->bus.pio.unclaimed.reads, 1);
	assert_int_equal(f->bus.pio.unclaimed.writes, 2);
	assert_int_equal(f->bus.pio.unclaimed.outside, 2);
	/* an MMIO space that owns nothing reaches no device at all */
	assert_null(bus_mmio_access(&f->bus, 0xd0000000, 4, false, &data));
	assert_int_equal(data, 0xffffffff);
	assert_int_equal(f->mmio.calls, 0);
	assert_int_equal(f->bus.mmio.unclaimed.outside, 1);
	assert_int_equal(bus_limit(&f->bus.pio, pio, BUS_MAX_WINDOWS + 1),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_pio_routing, setup),
		cmocka_unit_test_setup(test_read_masked_to_size, setup),
		cmocka_unit_test_setup(test_write_masked_to_size, setup),
		cmocka_unit_test_setup(test_unclaimed, setup),
		cmocka_unit_test_setup(test_unclaimed_first_few, setup),
		cmocka_unit_test_setup(test_unclaimed_text, setup),
		cmocka_unit_test_setup(test_register_overlap, setup),
		cmocka_unit_test_setup(test_register_bounds, setup),
		cmocka_unit_test_setup(test_register_full, setup),
		cmocka_unit_test_setup(test_unregister_pio, setup),
		cmocka_unit_test_setup(test_limited_to_owned_windows, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
