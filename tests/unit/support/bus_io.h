/*
 * tests/unit/support/bus_io.h - a device test's port accesses, through the
 * real bus, asserting that a device claimed each one.
 */
#ifndef TESTS_UNIT_SUPPORT_BUS_IO_H
#define TESTS_UNIT_SUPPORT_BUS_IO_H

#include <stdint.h>

#include "core/bus.h"

/* One write / read of size bytes (1, 2 or 4); fails the test when no
 * device claims the port. */
void bus_io_out(struct bus *bus, uint16_t port, unsigned size,
		uint64_t value);
uint64_t bus_io_in(struct bus *bus, uint16_t port, unsigned size);

#endif /* TESTS_UNIT_SUPPORT_BUS_IO_H */
