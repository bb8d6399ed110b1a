/*
 * tests/unit/support/bus_io.c - checked port accesses for device tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "tests/unit/support/bus_io.h"

void bus_io_out(struct bus *bus, uint16_t port, unsigned size,
		uint64_t value)
{
	assert_non_null(bus_pio_access(bus, port, size, true, &value));
}

uint64_t bus_io_in(struct bus *bus, uint16_t port, unsigned size)
{
	uint64_t value = 0;

	assert_non_null(bus_pio_access(bus, port, size, false, &value));
	return value;
}
