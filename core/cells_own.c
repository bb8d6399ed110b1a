/*
 * core/cells_own.c - a cell's buses limited to what it owns (see
 * core/cells_own.h).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>

#include "core/cells_own.h"
#include "guest/abi/machine.h"

#define CONSOLE_PORTS 8   /* the 16550's registers at COM1 */

/* The configuration's ranges as windows, after the n already in w. */
static unsigned add_windows(struct bus_window *w, unsigned n,
			    const struct cell_range *r, unsigned count)
{
	for (unsigned i = 0; i < count; i++)
		w[n++] = (struct bus_window){ r[i].first, r[i].last };
	return n;
}

int cells_own_bus(struct bus *bus, const struct cell_config *cell)
{
	struct bus_window pio[CELL_RANGES_MAX + 2] = {
		{ PORT_COM1, PORT_COM1 + CONSOLE_PORTS - 1 },
		{ PORT_EXIT, PORT_EXIT },
	};
	struct bus_window mmio[CELL_RANGES_MAX];
	unsigned npio = add_windows(pio, 2, cell->ports, cell->nports);
	unsigned nmmio = add_windows(mmio, 0, cell->mmio, cell->nmmio);
	int err = bus_limit(&bus->pio, pio, npio);

	return err ? err : bus_limit(&bus->mmio, mmio, nmmio);
}

int cells_own_cpu(int cpu)
{
	cpu_set_t set;

	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	if (cpu == CELL_CPU_NONE)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return -pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}
