/*
 * tests/fuzz/support/fuzz_bus.c - see fuzz_bus.h.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "tests/fuzz/support/fuzz_bus.h"

static const unsigned sizes[4] = { 1, 2, 4, 1 };

void fuzz_bus_access(struct fuzz_input *in, struct bus *bus, uint8_t op,
		     uint16_t port)
{
	bool is_write = op & 2;
	unsigned size = sizes[op >> 2 & 3];
	uint64_t data = is_write ? fuzz_u32(in) : 0;

	bus_pio_access(bus, port, size, is_write, &data);
	if (!is_write && data >> (8 * size))
		abort();    /* the bus masks a read to its size */
}

void fuzz_mmio_access(struct fuzz_input *in, struct bus *bus, uint64_t gpa)
{
	uint8_t how = fuzz_u8(in);
	uint64_t data = fuzz_u64(in);

	bus_mmio_access(bus, gpa, 1u << (how & 3), how & 4, &data);
}

void fuzz_bus_run(struct fuzz_input *in, const struct fuzz_device *dev)
{
	while (!fuzz_input_done(in)) {
		uint8_t op = fuzz_u8(in);

		if ((op & 1) && dev->host_event) {
			dev->host_event(dev->opaque, op >> 1, in);
			continue;
		}
		uint16_t offset = fuzz_u8(in) % (dev->nports + 2);

		fuzz_bus_access(in, dev->bus, op, dev->base + offset);
	}
}

void fuzz_irq_line(void *opaque, int level)
{
	(void)opaque;
	if (level != 0 && level != 1)
		abort();
}
