/*
 * bench/cpu_diff_long.c - BENCH softcpu_diff_mismatches: the long run of
 * the software CPU's differential test against the host CPU
 * (tests/unit/support/cpu_diff.c), with a fresh random seed each time.
 *
 * make check runs a million instructions from a fixed seed; this runs ten
 * million (by default) from a seed it prints, so any mismatch found here
 * can be replayed:  cpu_diff_long INSTRUCTIONS SEED
 * Exits 1 when a mismatch was found (the first ones are printed).
 *
 * Usage: cpu_diff_long [INSTRUCTIONS] [SEED]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

#include "core/clock.h"
#include "tests/unit/support/cpu_diff.h"

#define DEFAULT_INSTRUCTIONS 10000000ULL

static uint64_t fresh_seed(void)
{
	uint64_t seed = 0;

	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed) || seed == 0)
		seed = clock_now_ns();
	return seed;
}

int main(int argc, char **argv)
{
	uint64_t count = argc > 1 ? strtoull(argv[1], NULL, 0)
				  : DEFAULT_INSTRUCTIONS;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : fresh_seed();
	struct cpu_diff d;
	struct insn_gen g;
	uint64_t start;
	int err;

	err = cpu_diff_init(&d);
	if (err) {
		fprintf(stderr, "cpu_diff_long: cannot set up: error %d\n", err);
		return 2;
	}
	insn_gen_init(&g, seed);
	start = clock_now_ns();
	cpu_diff_random(&d, &g, count);
	printf("cpu_diff_long: seed %#llx, %llu sequences, %llu instructions "
	       "in %.1f s (replay: cpu_diff_long %llu %#llx)\n",
	       (unsigned long long)seed, (unsigned long long)d.sequences,
	       (unsigned long long)d.instructions,
	       (double)(clock_now_ns() - start) / 1e9,
	       (unsigned long long)count, (unsigned long long)seed);
	printf("BENCH softcpu_diff_mismatches %llu count\n",
	       (unsigned long long)d.mismatches);
	cpu_diff_fini(&d);
	return d.mismatches ? 1 : 0;
}
