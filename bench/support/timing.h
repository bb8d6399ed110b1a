/*
 * bench/support/timing.h - what every benchmark driver needs besides the
 * clock (core/clock.h): running a command with its output redirected, and
 * the median of a few samples.
 * Ratios are measured side by side (A, B, A, B ...) in one run, because
 * these machines are shared and noisy.
 */
#ifndef BENCH_SUPPORT_TIMING_H
#define BENCH_SUPPORT_TIMING_H

#include <stddef.h>
#include <stdint.h>

/* Run argv with stdout and stderr to /dev/null; wall time in ns, or 0
 * when it could not run or exited non-zero. */
uint64_t timing_run_quiet(char *const argv[]);
double timing_median(double *samples, size_t n);

#endif /* BENCH_SUPPORT_TIMING_H */
