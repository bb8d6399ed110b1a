/*
 * tests/unit/test_exitport.c - the test/exit port, through a real bus at
 * PORT_EXIT: the byte written is the status, reads give all ones.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/bus.h"
#include "devices/exitport.h"
#include "guest/abi/machine.h"
#include "tests/unit/support/bus_io.h"

struct fixture {
	struct bus bus;
	struct exitport *ep;
	int calls;
	int status;
};

static void record_exit(void *opaque, int status)
{
	struct fixture *f = opaque;

	f->calls++;
	f->status = status;
}

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	f.status = -1;
	bus_init(&f.bus);
	*state = &f;
	return exitport_init(&f.ep, &f.bus, PORT_EXIT, record_exit, &f);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	exitport_free(f->ep);
	return 0;
}

static void out_exit(struct fixture *f, unsigned size, uint64_t value)
{
	bus_io_out(&f->bus, PORT_EXIT, size, value);
}

static void test_byte_is_status(void **state)
{
	struct fixture *f = *state;

	out_exit(f, 1, 0x2a);
	assert_int_equal(f->calls, 1);
	assert_int_equal(f->status, 42);
}

static void test_status_zero(void **state)
{
	struct fixture *f = *state;

	out_exit(f, 1, 0);
	assert_int_equal(f->calls, 1);
	assert_int_equal(f->status, 0);
}

/* 0xff is status 255, not -1: the byte is unsigned. */
static void test_status_255(void **state)
{
	struct fixture *f = *state;

	out_exit(f, 1, 0xff);
	assert_int_equal(f->status, 255);
}

static void test_wide_write_uses_low_byte(void **state)
{
	struct fixture *f = *state;

	out_exit(f, 2, 0x1203);
	assert_int_equal(f->status, 3);
	out_exit(f, 4, 0xdeadbe07);
	assert_int_equal(f->status, 7);
	assert_int_equal(f->calls, 2);
}

static void test_reads_all_ones(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(bus_io_in(&f->bus, PORT_EXIT, 1), 0xff);
	assert_int_equal(bus_io_in(&f->bus, PORT_EXIT, 2), 0xffff);
	assert_int_equal(f->calls, 0);             /* a read ends nothing */
}

static void test_claims_one_port(void **state)
{
	struct fixture *f = *state;
	uint64_t value = 1;

	assert_null(bus_pio_access(&f->bus, PORT_EXIT + 1, 1, true, &value));
	assert_null(bus_pio_access(&f->bus, PORT_EXIT - 1, 1, true, &value));
	assert_int_equal(f->calls, 0);
}

static void test_init_errors(void **state)
{
	struct fixture *f = *state;
	struct exitport *ep = NULL;

	assert_int_equal(exitport_init(&ep, &f->bus, PORT_EXIT, record_exit,
				       f), -EEXIST);
	assert_int_equal(exitport_init(&ep, &f->bus, PORT_EXIT + 1, NULL, f),
			 -EINVAL);
	assert_null(ep);
	assert_int_equal(f->bus.pio.count, 1);
	exitport_free(NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_byte_is_status),
		T(test_status_zero),
		T(test_status_255),
		T(test_wide_write_uses_low_byte),
		T(test_reads_all_ones),
		T(test_claims_one_port),
		T(test_init_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
