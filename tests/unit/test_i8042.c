/*
 * tests/unit/test_i8042.c - the keyboard controller, driven by a guest
 * through ports 0x60/0x64 on a real struct bus and by the host through
 * i8042_press / i8042_push_bytes.
 *
 * Expected bytes are numbers from the IBM PC/AT Technical Reference
 * (status 0x1d = OBF | SYS | A2 | INH, self-test 0x55, ACK 0xfa, ...) and
 * set-1 scancodes from the scan code tables ('h' = 0x23, Enter = 0x1c,
 * break = make | 0x80), never the #defines under test.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/bus.h"
#include "devices/i8042.h"
#include "devices/scancode.h"
#include "tests/unit/support/bus_io.h"
#include "tests/unit/support/irq_log.h"

struct fixture {
	struct bus bus;
	struct i8042 *kbd;
	unsigned resets;
	struct irq_log irq;
};

static void count_reset(void *opaque)
{
	struct fixture *f = opaque;

	f->resets++;
}

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	bus_init(&f.bus);
	*state = &f;
	return i8042_init(&f.kbd, &f.bus, count_reset, &f);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	i8042_free(f->kbd);
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

static void write_cb(struct fixture *f, uint8_t cb)
{
	out(f, 0x64, 0x60);
	out(f, 0x60, cb);
}

/* Read everything waiting, as a polling driver would: OBF, then data. */
static size_t drain(struct fixture *f, uint8_t *buf, size_t cap)
{
	size_t n = 0;

	while (in(f, 0x64) & 0x01) {
		assert_true(n < cap);
		buf[n++] = in(f, 0x60);
	}
	return n;
}

static void expect_bytes(struct fixture *f, const uint8_t *want, size_t n)
{
	uint8_t got[64];

	assert_int_equal(drain(f, got, sizeof(got)), n);
	assert_memory_equal(got, want, n);
}

static void type_ascii(struct fixture *f, const char *text)
{
	struct scancode_stroke s;

	for (; *text; text++) {
		assert_int_equal(scancode_from_ascii((unsigned char)*text, &s),
				 0);
		assert_int_equal(i8042_press(f->kbd, &s), 0);
	}
}

static void test_power_on_status(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(in(f, 0x64), 0x14);       /* INH | SYS */
	out(f, 0x64, 0x20);
	assert_int_equal(in(f, 0x64), 0x1d);       /* + OBF, A2 */
	assert_int_equal(in(f, 0x60), 0x45);       /* KIE | SYS | XLAT */
	assert_int_equal(in(f, 0x64), 0x1c);
}

static void test_command_byte_write_read(void **state)
{
	struct fixture *f = *state;

	write_cb(f, 0x61);
	assert_int_equal(in(f, 0x64), 0x10);       /* SYS off, A2 off */
	out(f, 0x64, 0x20);
	assert_int_equal(in(f, 0x60), 0x61);
	out(f, 0x64, 0xa8);                        /* enable the mouse port */
	out(f, 0x64, 0x20);
	assert_int_equal(in(f, 0x60), 0x41);
	out(f, 0x64, 0xa7);
	out(f, 0x64, 0x20);
	assert_int_equal(in(f, 0x60), 0x61);
}

static void test_self_and_interface_test(void **state)
{
	struct fixture *f = *state;

	write_cb(f, 0x40);
	out(f, 0x64, 0xaa);
	assert_int_equal(in(f, 0x64), 0x1d);       /* the test set SYS */
	assert_int_equal(in(f, 0x60), 0x55);
	out(f, 0x64, 0xab);
	assert_int_equal(in(f, 0x60), 0x00);
	assert_int_equal(in(f, 0x64) & 0x01, 0);
}

static void test_ibf_never_seen(void **state)
{
	struct fixture *f = *state;

	out(f, 0x60, 0xf4);
	assert_int_equal(in(f, 0x64) & 0x02, 0);
	out(f, 0x64, 0xab);
	assert_int_equal(in(f, 0x64) & 0x02, 0);
}

static void test_queue_order_and_obf(void **state)
{
	static const uint8_t keys[] = { 0x1e, 0x9e, 0x30, 0xb0, 0x2e };
	struct fixture *f = *state;
	struct i8042_counters c;

	assert_int_equal(i8042_push_bytes(f->kbd, keys, sizeof(keys)), 0);
	for (size_t i = 0; i < sizeof(keys); i++) {
		assert_int_equal(in(f, 0x64) & 0x01, 0x01);
		assert_int_equal(in(f, 0x60), keys[i]);
	}
	assert_int_equal(in(f, 0x64) & 0x01, 0x00);
	assert_int_equal(in(f, 0x60), 0x2e);       /* empty: reads stale */
	assert_int_equal(in(f, 0x64) & 0x01, 0x00);
	i8042_get_counters(f->kbd, &c);
	assert_int_equal(c.key_bytes, 5);
}

/* A reply waits for the byte in the buffer but overtakes queued keys. */
static void test_replies_before_queued_keys(void **state)
{
	static const uint8_t keys[] = { 0x10, 0x90 };
	static const uint8_t want[] = { 0x10, 0x45, 0x90 };
	struct fixture *f = *state;

	assert_int_equal(i8042_push_bytes(f->kbd, keys, sizeof(keys)), 0);
	out(f, 0x64, 0x20);
	expect_bytes(f, want, sizeof(want));
}

static void test_irq1_edges_when_enabled(void **state)
{
	static const uint8_t keys[] = { 0x1e, 0x9e };
	struct fixture *f = *state;
	struct i8042_counters c;

	i8042_set_irq(f->kbd, irq_log_record, &f->irq);
	assert_int_equal(f->irq.count, 1);
	assert_int_equal(f->irq.levels[0], 0);
	assert_int_equal(i8042_push_bytes(f->kbd, keys, sizeof(keys)), 0);
	in(f, 0x60);
	in(f, 0x60);
	assert_int_equal(f->irq.count, 5);
	assert_int_equal(f->irq.levels[1], 1);     /* 0x1e moved in */
	assert_int_equal(f->irq.levels[2], 0);     /* read ... */
	assert_int_equal(f->irq.levels[3], 1);     /* ... 0x9e moved in */
	assert_int_equal(f->irq.levels[4], 0);
	/* KIE off: bytes arrive without an interrupt. */
	write_cb(f, 0x44);
	assert_int_equal(i8042_push_bytes(f->kbd, keys, 1), 0);
	assert_int_equal(in(f, 0x64) & 0x01, 0x01);
	assert_int_equal(f->irq.count, 5);
	write_cb(f, 0x45);                         /* the waiting byte fires */
	assert_int_equal(f->irq.count, 6);
	assert_int_equal(f->irq.levels[5], 1);
	i8042_get_counters(f->kbd, &c);
	assert_int_equal(c.irq_edges, 3);
}

static void test_disable_keyboard_holds_keys(void **state)
{
	static const uint8_t keys[] = { 0x11, 0x91 };
	struct fixture *f = *state;

	out(f, 0x64, 0xad);
	assert_int_equal(i8042_push_bytes(f->kbd, keys, sizeof(keys)), 0);
	assert_int_equal(in(f, 0x64) & 0x01, 0x00);
	out(f, 0x64, 0x20);                        /* the controller still talks */
	assert_int_equal(in(f, 0x60), 0x55);       /* bit 4 set */
	assert_int_equal(in(f, 0x64) & 0x01, 0x00);
	out(f, 0x64, 0xae);
	expect_bytes(f, keys, sizeof(keys));
}

static void test_hello_newline(void **state)
{
	static const uint8_t want[] = {
		0x23, 0xa3, 0x12, 0x92, 0x26, 0xa6, 0x26, 0xa6,
		0x18, 0x98, 0x1c, 0x9c,
	};
	struct fixture *f = *state;

	type_ascii(f, "hello\n");
	expect_bytes(f, want, sizeof(want));
}

static void test_shift_and_ctrl(void **state)
{
	static const uint8_t want[] = {
		0x2a, 0x23, 0xa3, 0xaa,                /* H */
		0x2a, 0x02, 0x82, 0xaa,                /* ! */
		0x1d, 0x2e, 0xae, 0x9d,                /* Ctrl-C */
		0x0e, 0x8e,                            /* DEL: Backspace */
		0x0f, 0x8f,                            /* Tab */
		0x39, 0xb9,                            /* space */
		0x2a, 0x28, 0xa8, 0xaa,                /* " */
	};
	struct fixture *f = *state;

	type_ascii(f, "H!\x03\x7f\t \"");
	expect_bytes(f, want, sizeof(want));
}

static void test_arrows_extended(void **state)
{
	static const uint8_t want[] = {
		0xe0, 0x48, 0xe0, 0xc8,                /* Up */
		0x2a, 0xe0, 0x4d, 0xe0, 0xcd, 0xaa,    /* Shift-Right */
	};
	struct fixture *f = *state;
	struct scancode_stroke up = { .key = { 0x48, true } };
	struct scancode_stroke right = { .key = { 0x4d, true }, .mods = 1 };

	assert_int_equal(i8042_press(f->kbd, &up), 0);
	assert_int_equal(i8042_press(f->kbd, &right), 0);
	expect_bytes(f, want, sizeof(want));
}

static void test_reset_line(void **state)
{
	struct fixture *f = *state;
	struct i8042_counters c;

	out(f, 0x64, 0xfe);                        /* pulse bit 0: reset */
	assert_int_equal(f->resets, 1);
	out(f, 0x64, 0xff);                        /* pulse nothing */
	out(f, 0x64, 0xfd);                        /* bit 1 only */
	assert_int_equal(f->resets, 1);
	out(f, 0x64, 0xd0);
	assert_int_equal(in(f, 0x60), 0x03);       /* reset high, A20 on */
	out(f, 0x64, 0xd1);
	out(f, 0x60, 0x03);                        /* nothing happens */
	assert_int_equal(f->resets, 1);
	out(f, 0x64, 0xd1);
	out(f, 0x60, 0x02);                        /* reset line low */
	assert_int_equal(f->resets, 2);
	out(f, 0x64, 0xd0);
	assert_int_equal(in(f, 0x60), 0x02);
	i8042_get_counters(f->kbd, &c);
	assert_int_equal(c.resets, 2);
}

static void test_keyboard_commands(void **state)
{
	static const uint8_t want[] = {
		0xfa, 0xaa,                            /* FF reset */
		0xfa,                                  /* F4 enable */
		0xfa, 0xfa,                            /* ED, LED byte */
		0xee,                                  /* EE echo */
		0xfa, 0xab, 0x41,                      /* F2 identify */
		0xfa, 0xfa, 0x41,                      /* F0, 0: which set */
		0xfe,                                  /* unknown */
	};
	struct fixture *f = *state;

	out(f, 0x60, 0xff);
	out(f, 0x60, 0xf4);
	out(f, 0x60, 0xed);
	out(f, 0x60, 0x07);
	out(f, 0x60, 0xee);
	out(f, 0x60, 0xf2);
	out(f, 0x60, 0xf0);
	out(f, 0x60, 0x00);
	out(f, 0x60, 0x12);
	expect_bytes(f, want, sizeof(want));
}

static void test_scanning_disabled_drops_keys(void **state)
{
	static const uint8_t ack[] = { 0xfa };
	struct fixture *f = *state;
	struct scancode_stroke s;
	struct i8042_counters c;

	out(f, 0x60, 0xf5);
	expect_bytes(f, ack, 1);
	assert_int_equal(scancode_from_ascii('x', &s), 0);
	assert_int_equal(i8042_press(f->kbd, &s), -EAGAIN);
	assert_int_equal(in(f, 0x64) & 0x01, 0x00);
	out(f, 0x60, 0xf4);
	expect_bytes(f, ack, 1);
	assert_int_equal(i8042_press(f->kbd, &s), 0);
	i8042_get_counters(f->kbd, &c);
	assert_int_equal(c.dropped_disabled, 1);
}

/* 10,000 keys with nobody reading: 128 two-byte keys fit (one byte in the
 * output buffer, 255 queued), the rest are refused and counted; draining
 * gives the 128 back in order and the queue takes keys again. */
static void test_storm_overflow_counted(void **state)
{
	struct fixture *f = *state;
	struct i8042_counters c;
	uint8_t got[300];
	unsigned accepted = 0;

	for (unsigned i = 0; i < 10000; i++) {
		uint8_t key[2] = { (uint8_t)(0x10 + i % 16),
				   (uint8_t)(0x90 + i % 16) };

		if (i8042_push_bytes(f->kbd, key, 2) == 0)
			accepted++;
	}
	assert_int_equal(accepted, 128);
	i8042_get_counters(f->kbd, &c);
	assert_int_equal(c.overflows, 10000 - 128);
	assert_int_equal(c.key_bytes, 256);
	assert_int_equal(drain(f, got, sizeof(got)), 256);
	for (unsigned i = 0; i < 128; i++) {
		assert_int_equal(got[2 * i], 0x10 + i % 16);
		assert_int_equal(got[2 * i + 1], 0x90 + i % 16);
	}
	type_ascii(f, "ok");
	assert_int_equal(drain(f, got, sizeof(got)), 4);
	assert_int_equal(got[0], 0x18);
}

/* 10,000 keys as fast as the host can queue them while the guest reads
 * now and then: a refused key is offered again, and the guest gets every
 * byte of every key, in order. */
static void test_storm_with_reader_loses_nothing(void **state)
{
	struct fixture *f = *state;
	struct i8042_counters c;
	unsigned refused = 0, read = 0;

	for (unsigned i = 0; i < 10000; i++) {
		uint8_t key[2] = { (uint8_t)(i % 0x58), (uint8_t)(0x80 | i % 0x58) };

		while (i8042_push_bytes(f->kbd, key, 2) == -ENOSPC) {
			refused++;
			for (int n = 0; n < 64; n++, read++) {
				assert_int_equal(in(f, 0x64) & 0x01, 0x01);
				assert_int_equal(in(f, 0x60),
						 (read % 2 ? 0x80 : 0) |
						 (read / 2) % 0x58);
			}
		}
	}
	while (in(f, 0x64) & 0x01) {
		assert_int_equal(in(f, 0x60),
				 (read % 2 ? 0x80 : 0) | (read / 2) % 0x58);
		read++;
	}
	assert_int_equal(read, 20000);
	i8042_get_counters(f->kbd, &c);
	assert_int_equal(c.overflows, refused);
	assert_true(refused > 0);
	assert_int_equal(c.key_bytes, 20000);
}

static void test_reply_queue_bounded(void **state)
{
	struct fixture *f = *state;
	struct i8042_counters c;
	uint8_t got[64];

	for (int i = 0; i < 40; i++)
		out(f, 0x64, 0xab);                /* nobody reads */
	i8042_get_counters(f->kbd, &c);
	assert_int_equal(c.replies_dropped, 40 - 17);  /* 16 + the buffer */
	assert_int_equal(drain(f, got, sizeof(got)), 17);
	out(f, 0x64, 0xaa);
	assert_int_equal(in(f, 0x60), 0x55);
}

static void test_unknown_command_counted(void **state)
{
	struct fixture *f = *state;
	struct i8042_counters c;

	out(f, 0x64, 0xc0);
	assert_int_equal(in(f, 0x64) & 0x01, 0x00);
	i8042_get_counters(f->kbd, &c);
	assert_int_equal(c.unknown_commands, 1);
}

static void test_reset_empties_queues(void **state)
{
	struct fixture *f = *state;

	type_ascii(f, "abc");
	write_cb(f, 0x00);
	i8042_reset(f->kbd);
	assert_int_equal(in(f, 0x64), 0x14);
	out(f, 0x64, 0x20);
	assert_int_equal(in(f, 0x60), 0x45);
}

static void test_init_unwinds_on_taken_ports(void **state)
{
	struct bus bus;
	struct i8042 *kbd = NULL;
	uint64_t data = 0;

	(void)state;
	bus_init(&bus);
	assert_int_equal(bus_register_pio(&bus, 0x64, 1, "other", NULL, NULL),
			 0);
	assert_int_equal(i8042_init(&kbd, &bus, NULL, NULL), -EEXIST);
	assert_null(kbd);
	assert_int_equal(bus.pio.count, 1);
	assert_null(bus_pio_access(&bus, 0x60, 1, false, &data));
	i8042_free(NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_power_on_status),
		T(test_command_byte_write_read),
		T(test_self_and_interface_test),
		T(test_ibf_never_seen),
		T(test_queue_order_and_obf),
		T(test_replies_before_queued_keys),
		T(test_irq1_edges_when_enabled),
		T(test_disable_keyboard_holds_keys),
		T(test_hello_newline),
		T(test_shift_and_ctrl),
		T(test_arrows_extended),
		T(test_reset_line),
		T(test_keyboard_commands),
		T(test_scanning_disabled_drops_keys),
		T(test_storm_overflow_counted),
		T(test_storm_with_reader_loses_nothing),
		T(test_reply_queue_bounded),
		T(test_unknown_command_counted),
		T(test_reset_empties_queues),
		cmocka_unit_test(test_init_unwinds_on_taken_ports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
