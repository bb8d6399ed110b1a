/*
 * core/bus.h - the port-I/O and MMIO buses devices register on.
 *
 * A device claims a range at init with one callback signature; the
 * dispatcher routes every IO and MMIO exit here.  As on a PC, a read of an
 * unclaimed port or address returns all ones and a write vanishes; both are
 * counted so the stats can show them.
 *
 * A bus can also be limited to the windows a cell owns (bus_limit(), the
 * partitioning stage): an access outside them is unclaimed whatever device
 * sits there, and counted as outside.
 *
 * Threading: ranges are registered and limits set before the vCPU runs;
 * accesses come from the vCPU thread only.
 */
#ifndef CORE_BUS_H
#define CORE_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A device's access handler.  offset is relative to the start of the range
 * the device registered; size is 1, 2, 4 (or 8 on MMIO).  For a write *data
 * holds the value; for a read the handler stores the value in *data
 * (vmscope masks it to size).
 */
typedef void (*bus_handler)(void *opaque, uint64_t offset, unsigned size,
			    bool is_write, uint64_t *data);

#define BUS_MAX_RANGES 16

struct bus_range {
	uint64_t base;
	uint64_t len;
	const char *name;    /* device name, for the trace */
	bus_handler handler;
	void *opaque;
};

#define BUS_UNCLAIMED_FIRST 4

/* Accesses nobody claimed: a guest probing for hardware that is not
 * there, or a driver with a wrong port number. */
struct bus_unclaimed {
	uint64_t reads;
	uint64_t writes;
	uint64_t first[BUS_UNCLAIMED_FIRST];  /* distinct, in the order seen */
	unsigned nfirst;
	bool more;                            /* others after those */
	uint64_t outside;                     /* of them, outside the windows
						 the bus is limited to */
};

#define BUS_MAX_WINDOWS 20

/* A window a limited bus answers in, inclusive bounds. */
struct bus_window {
	uint64_t first, last;
};

struct bus_space {
	struct bus_range ranges[BUS_MAX_RANGES];
	unsigned count;
	struct bus_unclaimed unclaimed;
	struct bus_window owned[BUS_MAX_WINDOWS];
	unsigned nowned;
	bool limited;                         /* owns only those windows */
};

struct bus {
	struct bus_space pio;
	struct bus_space mmio;
};

void bus_init(struct bus *bus);
/* -EEXIST if the range overlaps a registered one, -ENOSPC if full,
 * -EINVAL for an empty range or one running past the end of the space. */
int bus_register_pio(struct bus *bus, uint16_t base, uint16_t len,
		     const char *name, bus_handler handler, void *opaque);
int bus_register_mmio(struct bus *bus, uint64_t base, uint64_t len,
		      const char *name, bus_handler handler, void *opaque);
/*
 * Remove the port range that starts at base (nothing if none does).  For a
 * device whose init claims several ranges and must give the first ones
 * back when a later one fails.
 */
void bus_unregister_pio(struct bus *bus, uint16_t base);
/*
 * Limit space to n windows (copied; none at all is allowed, more than
 * BUS_MAX_WINDOWS is -EINVAL): from then on an access whose first byte lies outside all
 * of them reaches no device - a read gives all ones, a write vanishes -
 * and is counted unclaimed and outside.  Devices stay registered: the
 * limit is the partitioning hypervisor's, not the machine's.
 */
int bus_limit(struct bus_space *space, const struct bus_window *windows,
	      unsigned n);

/*
 * Perform one access.  The range holding the first byte claims it.  Returns
 * that range, or NULL when nothing did (reads then yield all ones, masked to
 * size).
 */
const struct bus_range *bus_pio_access(struct bus *bus, uint16_t port,
				       unsigned size, bool is_write,
				       uint64_t *data);
const struct bus_range *bus_mmio_access(struct bus *bus, uint64_t gpa,
					unsigned size, bool is_write,
					uint64_t *data);

/*
 * "unclaimed ports: 9 reads, 8 writes (0x100, 0x101, ...)" into buf, what
 * naming the space ("ports", "MMIO"); "unclaimed ports: none" when there
 * were none.  Returns whether there were any.
 */
bool bus_unclaimed_format(const struct bus_unclaimed *u, const char *what,
			  char *buf, size_t len);

#endif /* CORE_BUS_H */
