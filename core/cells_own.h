/*
 * core/cells_own.h - what a cell owns, enforced while it runs: its ports
 * and MMIO windows, and its CPU.
 *
 * The checker (core/cells_check.c) makes sure no port or MMIO window is
 * given to two cells; this makes sure a cell reaches only what it was
 * given: its machine's buses are limited (core/bus.h bus_limit()) to
 *
 *   - the ports of its `port` lines and the MMIO windows of its `mmio`
 *     lines, and
 *   - two devices vmscope gives every cell, which are no piece of the
 *     partitioned machine: its console (the UART at COM1, 0x3f8-0x3ff,
 *     which the `console` line routes) and the exit port (0xf4: how a
 *     guest ends its run) - as Jailhouse gives every cell a console and
 *     a way to call the hypervisor whatever its configuration says.
 *
 * Anything else the guest touches is an unclaimed access, counted as
 * outside the cell (bus_unclaimed.outside) and reported with its name:
 * never a device, neither its own emulated one nor, by construction,
 * another cell's.
 */
#ifndef CORE_CELLS_OWN_H
#define CORE_CELLS_OWN_H

#include "core/bus.h"
#include "core/cells.h"

/* Limit bus to what cell owns.  0, or -EINVAL (more windows than a bus
 * holds, which a checked configuration never has).  vm_create() calls it
 * for a vm_config's cell. */
int cells_own_bus(struct bus *bus, const struct cell_config *cell);
/*
 * The calling thread - a cell's vCPU thread, before its first run - on
 * the CPU the cell owns: pinned (pthread_setaffinity_np) unless cpu is
 * CELL_CPU_NONE, and with timers to the nanosecond instead of the default
 * 50 us late (PR_SET_TIMERSLACK; the waker's alarm thread, created
 * later by this one, inherits it).  0, or -errno when the pinning was
 * refused (a CPU the host does not have).
 */
int cells_own_cpu(int cpu);

#endif /* CORE_CELLS_OWN_H */
