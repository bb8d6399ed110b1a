/*
 * bench/support/timing.h - what every benchmark driver needs besides the
 * clock (core/clock.h): running a command with its output redirected and
 * timing it (wall and CPU time), and the median and spread of a few
 * samples.
 * Ratios are measured side by side (A, B, A, B ...) in one run, because
 * these machines are shared and noisy; CPU time (user + system, from
 * wait4) is what other load distorts least.
 */
#ifndef BENCH_SUPPORT_TIMING_H
#define BENCH_SUPPORT_TIMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What every benchmark of vmscope against a bare loop is given:
 * BUILD_DIR ROUNDS kvm|soft. */
struct timing_args {
	int rounds;
	char *backend;             /* "kvm" or "soft", for --backend */
	bool kvm;
	char vmscope[512];         /* BUILD_DIR/vmscope */
	char bare[512];            /* BUILD_DIR/bench/raw_<backend>_loop */
};

/* 0, or 2 after printing the usage line for prog. */
int timing_parse_args(const char *prog, int argc, char **argv,
		      int max_rounds, struct timing_args *a);

struct timing_run {
	uint64_t wall_ns;
	uint64_t cpu_ns;    /* user + system of the child */
};

/* Run argv with stdout to out_path (NULL: /dev/null) and stderr to
 * /dev/null.  0, or -1 when it could not run or exited non-zero. */
int timing_run(char *const argv[], const char *out_path,
	       struct timing_run *t);

/* Run argv with stdout and stderr into out_path, whatever its exit status
 * (an emulator's own way to end); found on PATH.  0, or -1 when it could
 * not run. */
int timing_run_any(char *const argv[], const char *out_path,
		   struct timing_run *t);

struct timing_spread {
	double median, min, max;
};

#define TIMING_MAX_ROUNDS 32

/* One of the commands a benchmark alternates. */
struct timing_side {
	char *const *argv;
	const char *out;                 /* its stdout (NULL: /dev/null) */
	double cpu_ns[TIMING_MAX_ROUNDS];
};

/* Run the n sides one after another, rounds times (A, B, A, B ...),
 * noting each run's CPU time.  0, or -1 after saying on stderr which
 * command failed. */
int timing_alternate(struct timing_side *sides, int n, int rounds);
/* The CPU-time ratio a / b of each round, into ratio[rounds]. */
void timing_ratios(const struct timing_side *a, const struct timing_side *b,
		   int rounds, double *ratio);
/* "BENCH name median x" and a line "  what: median of N alternated rounds
 * (min-max A-B; goal <= G)" - no goal when goal is 0.  Sorts ratio. */
void timing_print_ratio(const char *name, const char *what, double *ratio,
			int rounds, double goal);

/* The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID): the work of a
 * VM run in this thread, whatever else the machine runs. */
uint64_t timing_thread_cpu_ns(void);

/* Sorts samples. */
double timing_median(double *samples, size_t n);
struct timing_spread timing_spread(double *samples, size_t n);

#endif /* BENCH_SUPPORT_TIMING_H */
