/*
 * tests/unit/test_cpu_diff.c - the software CPU against the host CPU
 * (issue 3, "Differential test against the silicon"; the machinery is in
 * support/cpu_diff.c).
 *
 * With a fixed seed, random straight-line sequences of the user-mode
 * instructions the software CPU implements run natively and in the
 * software CPU from the same random registers, RFLAGS and memory; at least
 * MIN_INSTRUCTIONS instructions, zero mismatches.  bench/cpu_diff_long.c
 * runs ten times as many with a random seed.  A first test shows that the
 * comparison can fail at all: RDTSC differs between the two CPUs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "tests/unit/support/cpu_diff.h"

#define SEED 0xd1ff5eedc0deULL
#define MIN_INSTRUCTIONS 1000000

static void test_random_sequences_agree(void **state)
{
	struct cpu_diff d;
	struct insn_gen g;

	(void)state;
	assert_int_equal(cpu_diff_init(&d), 0);
	insn_gen_init(&g, SEED);
	cpu_diff_random(&d, &g, MIN_INSTRUCTIONS);
	printf("cpu_diff: seed %#llx, %llu sequences, %llu instructions, "
	       "%llu mismatches\n", (unsigned long long)SEED,
	       (unsigned long long)d.sequences,
	       (unsigned long long)d.instructions,
	       (unsigned long long)d.mismatches);
	assert_true(d.instructions >= MIN_INSTRUCTIONS);
	assert_int_equal(d.mismatches, 0);
	cpu_diff_fini(&d);
}

/*
 * The comparison must be able to fail: RDTSC reads two different clocks,
 * so RAX and the byte stored from it differ, and the report must shrink
 * the sequence to the two instructions that matter.
 */
static void test_a_difference_is_caught(void **state)
{
	static const uint8_t mov_ecx_1[] = { 0xb9, 0x01, 0x00, 0x00, 0x00 };
	static const uint8_t rdtsc[] = { 0x0f, 0x31 };
	/* mov [0x2000100], eax */
	static const uint8_t store[] = { 0x89, 0x04, 0x25, 0x00, 0x01, 0x00, 0x02 };
	static uint8_t data[NATIVE_DATA_SIZE];
	static struct insn_gen_seq seq;
	struct native_state in = { .rflags = NATIVE_RFLAGS_FIXED };
	struct cpu_diff d;

	(void)state;
	assert_int_equal(cpu_diff_init(&d), 0);
	insn_gen_seq_reset(&seq);
	insn_gen_append(&seq, mov_ecx_1, sizeof(mov_ecx_1));
	insn_gen_append(&seq, rdtsc, sizeof(rdtsc));
	insn_gen_append(&seq, store, sizeof(store));
	in.gpr[NATIVE_RSP] = NATIVE_STACK_TOP - 64;
	printf("cpu_diff: the mismatch below is expected (RDTSC):\n");
	assert_false(cpu_diff_check(&d, &seq, &in, data));
	assert_int_equal(d.mismatches, 1);
	assert_int_equal(d.sequences, 1);
	assert_int_equal(d.instructions, 3);
	cpu_diff_fini(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_difference_is_caught),
		cmocka_unit_test(test_random_sequences_agree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
