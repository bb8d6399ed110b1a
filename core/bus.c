/*
 * core/bus.c - the port-I/O and MMIO buses.
 *
 * Both buses are the same thing: a short list of [base, base+len) ranges,
 * each owned by one device.  An access goes to the range holding its first
 * byte, with the offset from the range's base; nothing claims it, the access
 * is counted and a read returns all ones, as an unterminated ISA/PCI bus
 * does on a PC.  The lists are tiny (BUS_MAX_RANGES), so a linear search is
 * both the simplest and the fastest lookup.
 *
 * A limited bus (bus_limit()) first asks whether the access lies in a
 * window it owns; outside them it is unclaimed before any device is
 * looked at, so a cell never reaches a device at a port it was not given.
 *
 * The checks below work with a range's last byte (base + len - 1), never
 * its end, so that a range reaching the top of the address space never
 * needs the unrepresentable value 2^64.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/bus.h"

#define PIO_SPACE_SIZE 0x10000u   /* ports 0x0000-0xffff */

void bus_init(struct bus *bus)
{
	memset(bus, 0, sizeof(*bus));
}

/* Last byte of [base, base+len); the caller has checked len > 0. */
static uint64_t range_last(uint64_t base, uint64_t len)
{
	return base + (len - 1);
}

static int space_register(struct bus_space *space, uint64_t base,
			  uint64_t len, const char *name, bus_handler handler,
			  void *opaque)
{
	uint64_t last;
	unsigned i;

	if (len == 0 || len - 1 > UINT64_MAX - base)
		return -EINVAL;
	last = range_last(base, len);
	for (i = 0; i < space->count; i++) {
		const struct bus_range *r = &space->ranges[i];

		if (base <= range_last(r->base, r->len) && r->base <= last)
			return -EEXIST;
	}
	if (space->count == BUS_MAX_RANGES)
		return -ENOSPC;
	space->ranges[space->count++] = (struct bus_range){
		.base = base, .len = len, .name = name,
		.handler = handler, .opaque = opaque,
	};
	return 0;
}

int bus_register_pio(struct bus *bus, uint16_t base, uint16_t len,
		     const char *name, bus_handler handler, void *opaque)
{
	if ((uint32_t)base + len > PIO_SPACE_SIZE)
		return -EINVAL;
	return space_register(&bus->pio, base, len, name, handler, opaque);
}

int bus_register_mmio(struct bus *bus, uint64_t base, uint64_t len,
		      const char *name, bus_handler handler, void *opaque)
{
	return space_register(&bus->mmio, base, len, name, handler, opaque);
}

/* Order is kept: the list stays the registration order (the trace and the
 * stats print it). */
void bus_unregister_pio(struct bus *bus, uint16_t base)
{
	struct bus_space *space = &bus->pio;
	unsigned i;

	for (i = 0; i < space->count; i++) {
		if (space->ranges[i].base != base)
			continue;
		memmove(&space->ranges[i], &space->ranges[i + 1],
			(space->count - i - 1) * sizeof(space->ranges[0]));
		space->count--;
		return;
	}
}

/* The low size bytes set: 0xff for 1, ... all ones for 8 (or more). */
static uint64_t size_mask(unsigned size)
{
	if (size >= 8)
		return UINT64_MAX;
	return (1ULL << (8 * size)) - 1;
}

/* Keep the first few distinct addresses, for the stats to name. */
static void note_unclaimed(struct bus_unclaimed *u, uint64_t addr)
{
	for (unsigned i = 0; i < u->nfirst; i++)
		if (u->first[i] == addr)
			return;
	if (u->nfirst < BUS_UNCLAIMED_FIRST)
		u->first[u->nfirst++] = addr;
	else
		u->more = true;
}

int bus_limit(struct bus_space *space, const struct bus_window *windows,
	      unsigned n)
{
	if (n > BUS_MAX_WINDOWS)
		return -EINVAL;
	if (n)
		memcpy(space->owned, windows, n * sizeof(windows[0]));
	space->nowned = n;
	space->limited = true;
	return 0;
}

/* Does a limited space own addr?  An unlimited one owns everything. */
static bool space_owns(const struct bus_space *space, uint64_t addr)
{
	for (unsigned i = 0; i < space->nowned; i++)
		if (addr >= space->owned[i].first &&
		    addr <= space->owned[i].last)
			return true;
	return !space->limited;
}

/* The range that claims addr: none outside the windows a limited space
 * owns (counted there), else the one holding it, if any. */
static const struct bus_range *space_find(struct bus_space *space,
					  uint64_t addr)
{
	if (!space_owns(space, addr)) {
		space->unclaimed.outside++;
		return NULL;
	}
	for (unsigned i = 0; i < space->count; i++) {
		const struct bus_range *r = &space->ranges[i];

		if (addr >= r->base && addr - r->base < r->len)
			return r;
	}
	return NULL;
}

static const struct bus_range *space_access(struct bus_space *space,
					    uint64_t addr, unsigned size,
					    bool is_write, uint64_t *data)
{
	const struct bus_range *r = space_find(space, addr);
	uint64_t mask = size_mask(size);

	if (r) {
		/* A device sees only the bytes of the access, and the
		 * guest only the bytes it asked for. */
		*data = is_write ? *data & mask : 0;
		r->handler(r->opaque, addr - r->base, size, is_write, data);
		*data &= mask;
		return r;
	}
	note_unclaimed(&space->unclaimed, addr);
	if (is_write) {
		space->unclaimed.writes++;
	} else {
		space->unclaimed.reads++;
		*data = mask;
	}
	return NULL;
}

const struct bus_range *bus_pio_access(struct bus *bus, uint16_t port,
				       unsigned size, bool is_write,
				       uint64_t *data)
{
	return space_access(&bus->pio, port, size, is_write, data);
}

const struct bus_range *bus_mmio_access(struct bus *bus, uint64_t gpa,
					unsigned size, bool is_write,
					uint64_t *data)
{
	return space_access(&bus->mmio, gpa, size, is_write, data);
}

bool bus_unclaimed_format(const struct bus_unclaimed *u, const char *what,
			  char *buf, size_t len)
{
	size_t pos;

	if (!u->reads && !u->writes) {
		snprintf(buf, len, "unclaimed %s: none", what);
		return false;
	}
	pos = (size_t)snprintf(buf, len, "unclaimed %s: %llu read%s, %llu "
			       "write%s (", what, (unsigned long long)u->reads,
			       u->reads == 1 ? "" : "s",
			       (unsigned long long)u->writes,
			       u->writes == 1 ? "" : "s");
	for (unsigned i = 0; i < u->nfirst && pos < len; i++)
		pos += (size_t)snprintf(buf + pos, len - pos, "%s0x%llx",
					i ? ", " : "",
					(unsigned long long)u->first[i]);
	if (pos < len)
		snprintf(buf + pos, len - pos, "%s)",
			 u->more ? ", ..." : "");
	return true;
}
