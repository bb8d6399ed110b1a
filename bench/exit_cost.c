/*
 * bench/exit_cost.c - BENCH exit_cost_ratio.
 *
 * The cost per exit of `vmscope trace portloop` (every exit decoded,
 * symbolized, disassembled and printed; output to /dev/null) against
 * bench/raw_kvm_loop, the plainest KVM_RUN loop, on the same guest doing
 * PORTLOOP_OUTS port writes.  Run alternately in one run; each round's
 * pair gives a ratio (the two ran back to back, under the same load), and
 * the figure is the median of those ratios.
 *
 * Usage: exit_cost BUILD_DIR [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench/support/timing.h"

#define PORTLOOP_OUTS 200000.0

int main(int argc, char **argv)
{
	char vmscope[512], raw[512];
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	double traced[32], baseline[32], ratio[32], t, b;

	if (argc < 2 || rounds < 1 || rounds > 32) {
		fprintf(stderr, "usage: exit_cost BUILD_DIR [ROUNDS<=32]\n");
		return 2;
	}
	snprintf(vmscope, sizeof(vmscope), "%s/vmscope", argv[1]);
	snprintf(raw, sizeof(raw), "%s/bench/raw_kvm_loop", argv[1]);
	char *trace_argv[] = { vmscope, "trace", "--backend", "kvm",
			       "portloop", NULL };
	char *raw_argv[] = { raw, NULL };

	for (int i = 0; i < rounds; i++) {
		traced[i] = (double)timing_run_quiet(trace_argv);
		baseline[i] = (double)timing_run_quiet(raw_argv);
		if (traced[i] == 0 || baseline[i] == 0) {
			fprintf(stderr, "exit_cost: a run failed\n");
			return 1;
		}
		ratio[i] = traced[i] / baseline[i];
	}
	t = timing_median(traced, (size_t)rounds) / PORTLOOP_OUTS;
	b = timing_median(baseline, (size_t)rounds) / PORTLOOP_OUTS;
	printf("BENCH exit_cost_ratio %.3f x\n",
	       timing_median(ratio, (size_t)rounds));
	printf("  median of %d alternated pairs (goal <= 1.10); vmscope trace: "
	       "%.2f us per exit, raw KVM_RUN loop: %.2f us per exit\n",
	       rounds, t / 1000.0, b / 1000.0);
	return 0;
}
