/*
 * bench/support/cpu_place.h - where a bench's threads run: the calling
 * thread (the driver, playing the guest's vCPU) on one CPU, every other
 * thread of the process (a worker) on another - "apart" - or on the same
 * one - "together".
 *
 * Left to the scheduler, a worker sometimes shares the driver's CPU and
 * sometimes not, and a figure that pays for the worker's wake-up moved
 * from run to run with that (1.21-1.69 for the same tree).  Placed, each
 * figure says which placement it is for.
 */
#ifndef BENCH_SUPPORT_CPU_PLACE_H
#define BENCH_SUPPORT_CPU_PLACE_H

#include <stdbool.h>

/* The first two CPUs this process may run on become the two places: 0,
 * or -ENODEV when it may run on one only ("apart" then cannot be). */
int cpu_place_init(void);
/* Every thread of the process placed, apart or together: 0 or -errno. */
int cpu_place(bool apart);

#endif /* BENCH_SUPPORT_CPU_PLACE_H */
