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
 * vmscope's own work per exit, (trace - bare) / exits, is printed too.
 *
 * Usage: exit_cost BUILD_DIR ROUNDS kvm|soft
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench/support/timing.h"

#define PORTLOOP_OUTS 200000.0

/* The figure, then each side's CPU time per exit and their difference:
 * vmscope's own work per exit.  goal 0: none (the software CPU's figures
 * are for information). */
static void report(const char *name, const char *what, int rounds,
		   double goal, struct timing_side *side,
		   struct timing_side *bare)
{
	double ratio[TIMING_MAX_ROUNDS], side_us, bare_us;

	timing_ratios(side, bare, rounds, ratio);
	timing_print_ratio(name, what, ratio, rounds, goal);
	side_us = timing_median(side->cpu_ns, (size_t)rounds) /
		  PORTLOOP_OUTS / 1000.0;
	bare_us = timing_median(bare->cpu_ns, (size_t)rounds) /
		  PORTLOOP_OUTS / 1000.0;
	printf("  CPU time per exit %.2f us, bare loop %.2f us: vmscope's "
	       "own work %.2f us per exit\n", side_us, bare_us,
	       side_us - bare_us);
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
	       "trace, text to a file, over the bare loop", a.rounds,
	       a.kvm ? 1.04 : 0, &sides[0], &sides[1]);
	report(a.kvm ? "exit_cost_json_ratio" : "exit_cost_soft_json_ratio",
	       "trace --json to a file, over the bare loop", a.rounds,
	       a.kvm ? 1.08 : 0, &sides[2], &sides[1]);
	return 0;
}
