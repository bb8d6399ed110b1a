/*
 * tests/fuzz/support/fuzz_bus.h - a device target's input as a program of
 * guest port accesses through the real bus (core/bus.c), interleaved with
 * the host side's events (a key arrives, time passes, an IRQ line moves).
 *
 * Each step starts with one byte:
 *   bit 0 = 0   a port access: bit 1 write, bits 2-3 size (1, 2, 4, and 1
 *               again), then one byte: the port's offset from the device's
 *               base, modulo nports + 2 (so accesses also start on the two
 *               ports after the range, and wide ones run off its end),
 *               then for a write 4 bytes of value;
 *   bit 0 = 1   a host event: the device's own host_event(), which reads
 *               its arguments from the input; event = the byte >> 1.
 * A read must come back masked to its size, as the bus promises.  The
 * program ends with the input.
 */
#ifndef TESTS_FUZZ_SUPPORT_FUZZ_BUS_H
#define TESTS_FUZZ_SUPPORT_FUZZ_BUS_H

#include <stdint.h>

#include "core/bus.h"
#include "tests/fuzz/support/fuzz_input.h"

struct fuzz_device {
	struct bus *bus;
	uint16_t base;       /* the device's first port */
	uint16_t nports;
	/* NULL: the device has no host side (every step is an access). */
	void (*host_event)(void *opaque, unsigned event, struct fuzz_input *in);
	void *opaque;
};

void fuzz_bus_run(struct fuzz_input *in, const struct fuzz_device *dev);

/* One port access as above, after its first byte op; shared with the
 * whole-machine target, which picks the port itself. */
void fuzz_bus_access(struct fuzz_input *in, struct bus *bus, uint8_t op,
		     uint16_t port);

/* One MMIO access at gpa: a byte (bits 0-1: size 1, 2, 4 or 8; bit 2:
 * write), then 8 bytes of value. */
void fuzz_mmio_access(struct fuzz_input *in, struct bus *bus, uint64_t gpa);

/* An IRQ output the device drives; checks that the level is 0 or 1. */
void fuzz_irq_line(void *opaque, int level);

#endif /* TESTS_FUZZ_SUPPORT_FUZZ_BUS_H */
