/*
 * core/clock.h - the one clock vmscope times exits with.
 *
 * CLOCK_MONOTONIC in nanoseconds: never jumps with the wall clock, read
 * through the vDSO (no system call), the same in every thread.  Exit
 * timestamps (exit_record.t_ns), handling times and the benchmarks use it.
 */
#ifndef CORE_CLOCK_H
#define CORE_CLOCK_H

#include <stdint.h>

uint64_t clock_now_ns(void);

#endif /* CORE_CLOCK_H */
