/*
 * bench/batch_cpu.c - what watching costs without a screen:
 *
 *   BENCH batch_cpu_ratio       KVM: CPU time of `vmscope run --batch
 *                               portloop` (the full-screen view's vCPU
 *                               thread and model, printed once at the end)
 *                               over `vmscope trace portloop` to /dev/null
 *   BENCH batch_cpu_soft_ratio  the same on the software CPU
 *
 * The two threads of run --batch meet only to drain the event ring and,
 * now and then, for a snapshot (tui/model.c): CPU time, not wall time,
 * shows what that costs.  Rounds alternate the two; the figure is the
 * median of the rounds' ratios, with min-max.
 *
 * Usage: batch_cpu BUILD_DIR ROUNDS kvm|soft
 */
#include <stdio.h>

#include "bench/support/timing.h"

int main(int argc, char **argv)
{
	struct timing_args a;
	double ratio[TIMING_MAX_ROUNDS];

	if (timing_parse_args("batch_cpu", argc, argv, TIMING_MAX_ROUNDS, &a))
		return 2;
	char *batch_argv[] = { a.vmscope, "run", "--batch", "--backend",
			       a.backend, "portloop", NULL };
	char *trace_argv[] = { a.vmscope, "trace", "--backend", a.backend,
			       "portloop", NULL };
	struct timing_side sides[] = {
		{ .argv = batch_argv },
		{ .argv = trace_argv },
	};

	if (timing_alternate(sides, 2, a.rounds))
		return 1;
	timing_ratios(&sides[0], &sides[1], a.rounds, ratio);
	timing_print_ratio(a.kvm ? "batch_cpu_ratio" : "batch_cpu_soft_ratio",
			   "CPU time of run --batch over trace's, the same "
			   "guest", ratio, a.rounds, a.kvm ? 1.10 : 0);
	return 0;
}
