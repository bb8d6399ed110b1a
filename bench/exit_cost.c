/*
 * bench/exit_cost.c - what vmscope's tracer costs per exit.
 *
 *   BENCH exit_cost_ratio            KVM: CPU time of `vmscope trace
 *                                    portloop`, text to a file, over the
 *                                    plainest KVM_RUN loop's
 *                                    (bench/raw_kvm_loop) on the same guest
 *   BENCH exit_cost_json_ratio       the same with --json
 *   BENCH exit_cost_soft_ratio       the software CPU: over bench/
 *   BENCH exit_cost_soft_json_ratio  raw_soft_loop, softcpu_run() alone
 *
 * The portloop guest makes PORTLOOP_OUTS port writes, each a bare exit.
 * A round runs trace, the bare loop and trace --json back to back, under
 * the same load; each ratio is the median of the rounds' ratios, with
 * their min-max.  CPU time (user + system), not wall time: the other
 * programs on a shared machine stretch wall time, not the work done.
 * vmscope's own work per exit, (trace - bare) / exits in each round, is
 * printed too, and on the software CPU what it would make of the ratio
 * on the PVM host, whose bare exit takes about 8 us.  The output file is
 * emptied before each run, outside the timed child (bench/support/
 * timing.c).
 *
 * Usage: exit_cost BUILD_DIR ROUNDS kvm|soft
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench/support/timing.h"

#define PORTLOOP_OUTS 200000.0

/* A bare exit on this project's PVM host, KVM_RUN in and out: the time
 * issue 15 measured (a ring-0 port write, emulated by KVM).  The
 * software CPU's figures are turned into what they would mean there. */
#define PVM_EXIT_US 8.0

/* The goals on KVM: trace over the bare loop, text and --json. */
#define GOAL_TEXT 1.04
#define GOAL_JSON 1.08

/* Each round's CPU time per exit, in us. */
static void per_exit_us(const struct timing_side *side, int rounds,
			double *us)
{
	for (int i = 0; i < rounds; i++)
		us[i] = side->cpu_ns[i] / PORTLOOP_OUTS / 1000.0;
}

/*
 * The figure, then each side's CPU time per exit and vmscope's own work
 * per exit: the difference of the two within each round (its median and
 * min-max).  On the software CPU, what that work would make of the
 * ratio where a bare exit takes PVM_EXIT_US, for the same work per exit
 * (the dispatch, the devices, the line and its write do not depend on
 * the backend).  Nothing here sorts side or bare: the JSON figure pairs
 * the same bare rounds after the text one.
 */
static void report(const char *name, const char *what, int rounds, bool kvm,
		   double goal, const struct timing_side *side,
		   const struct timing_side *bare)
{
	double ratio[TIMING_MAX_ROUNDS], side_us[TIMING_MAX_ROUNDS],
	       bare_us[TIMING_MAX_ROUNDS], own_us[TIMING_MAX_ROUNDS];
	struct timing_spread own;

	timing_ratios(side, bare, rounds, ratio);
	timing_print_ratio(name, what, ratio, rounds, kvm ? goal : 0);
	per_exit_us(side, rounds, side_us);
	per_exit_us(bare, rounds, bare_us);
	for (int i = 0; i < rounds; i++)
		own_us[i] = side_us[i] - bare_us[i];
	own = timing_spread(own_us, (size_t)rounds);
	printf("  CPU time per exit %.2f us, bare loop %.2f us: vmscope's "
	       "own work %.2f us per exit (min-max %.2f-%.2f)\n",
	       timing_median(side_us, (size_t)rounds),
	       timing_median(bare_us, (size_t)rounds), own.median, own.min,
	       own.max);
	if (!kvm)
		printf("  where a bare exit takes %.0f us (PVM): (%.0f + %.2f) "
		       "/ %.0f = %.3f x (goal %.2f)\n", PVM_EXIT_US,
		       PVM_EXIT_US, own.median, PVM_EXIT_US,
		       (PVM_EXIT_US + own.median) / PVM_EXIT_US, goal);
}

int main(int argc, char **argv)
{
	char out[] = "/tmp/exit_cost.XXXXXX";
	struct timing_args a;
	int fd, err;

	if (timing_parse_args("exit_cost", argc, argv, TIMING_MAX_ROUNDS, &a))
		return 2;
	fd = mkstemp(out);
	if (fd < 0)
		return 1;
	close(fd);
	char *text_argv[] = { a.vmscope, "trace", "--backend", a.backend,
			      "portloop", NULL };
	char *json_argv[] = { a.vmscope, "trace", "--json", "--backend",
			      a.backend, "portloop", NULL };
	char *bare_argv[] = { a.bare, NULL };
	struct timing_side sides[] = {
		{ .argv = text_argv, .out = out },
		{ .argv = bare_argv },
		{ .argv = json_argv, .out = out },
	};

	err = timing_alternate(sides, 3, a.rounds);
	unlink(out);
	if (err)
		return 1;
	report(a.kvm ? "exit_cost_ratio" : "exit_cost_soft_ratio",
	       "trace, text to a file, over the bare loop", a.rounds, a.kvm,
	       GOAL_TEXT, &sides[0], &sides[1]);
	report(a.kvm ? "exit_cost_json_ratio" : "exit_cost_soft_json_ratio",
	       "trace --json to a file, over the bare loop", a.rounds, a.kvm,
	       GOAL_JSON, &sides[2], &sides[1]);
	return 0;
}
