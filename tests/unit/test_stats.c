/*
 * tests/unit/test_stats.c - per-reason exit statistics: count, total,
 * min/avg/max, and reasons outside the table counted as `other`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/stats.h"

static void test_init_zero(void **state)
{
	struct exit_stats stats;
	unsigned i;

	(void)state;
	exit_stats_init(&stats);
	assert_int_equal(stats.total, 0);
	for (i = 0; i < EXIT_REASON_SLOTS; i++) {
		assert_int_equal(stats.by_reason[i].count, 0);
		assert_int_equal(stats.by_reason[i].min_ns, 0);
		assert_int_equal(exit_stat_avg_ns(&stats.by_reason[i]), 0);
	}
	assert_int_equal(stats.other.count, 0);
}

static void test_one_reason(void **state)
{
	struct exit_stats stats;
	const struct exit_stat *io = &stats.by_reason[EXIT_IO];

	(void)state;
	exit_stats_init(&stats);
	exit_stats_add(&stats, EXIT_IO, 800);
	assert_int_equal(io->min_ns, 800);
	assert_int_equal(io->max_ns, 800);
	exit_stats_add(&stats, EXIT_IO, 300);
	exit_stats_add(&stats, EXIT_IO, 1200);
	exit_stats_add(&stats, EXIT_IO, 501);
	assert_int_equal(io->count, 4);
	assert_int_equal(io->total_ns, 2801);
	assert_int_equal(io->min_ns, 300);
	assert_int_equal(io->max_ns, 1200);
	assert_int_equal(exit_stat_avg_ns(io), 700);   /* 2801 / 4, rounded down */
	assert_int_equal(stats.total, 4);
	assert_int_equal(stats.by_reason[EXIT_MMIO].count, 0);
}

/* A first sample of 0 ns is a real minimum, not "unset". */
static void test_zero_duration(void **state)
{
	struct exit_stats stats;

	(void)state;
	exit_stats_init(&stats);
	exit_stats_add(&stats, EXIT_HLT, 0);
	exit_stats_add(&stats, EXIT_HLT, 50);
	assert_int_equal(stats.by_reason[EXIT_HLT].min_ns, 0);
	assert_int_equal(stats.by_reason[EXIT_HLT].max_ns, 50);
	assert_int_equal(exit_stat_avg_ns(&stats.by_reason[EXIT_HLT]), 25);
}

static void test_other(void **state)
{
	struct exit_stats stats;

	(void)state;
	exit_stats_init(&stats);
	exit_stats_add(&stats, 40, 10);                      /* last in table */
	exit_stats_add(&stats, EXIT_REASON_TABLE_SIZE, 20);  /* first outside */
	exit_stats_add(&stats, UINT32_MAX, 60);
	assert_int_equal(stats.by_reason[40].count, 1);
	assert_int_equal(stats.other.count, 2);
	assert_int_equal(stats.other.total_ns, 80);
	assert_int_equal(stats.other.min_ns, 20);
	assert_int_equal(stats.other.max_ns, 60);
	assert_int_equal(stats.total, 3);
}

/* vmscope's own reasons (an exit of L2's no KVM_RUN returns) are counted
 * in their slots, after KVM's, and in the total time. */
static void test_vmscope_reasons(void **state)
{
	struct exit_stats stats;
	int l0 = exit_reason_slot(EXIT_HANDLED_IN_L0);
	int l1 = exit_reason_slot(EXIT_REFLECTED_TO_L1);

	(void)state;
	assert_int_equal(l0, EXIT_REASON_TABLE_SIZE);
	assert_int_equal(l1, EXIT_REASON_TABLE_SIZE + 1);
	assert_int_equal(EXIT_REASON_SLOTS, EXIT_REASON_TABLE_SIZE + 2);
	exit_stats_init(&stats);
	exit_stats_add(&stats, EXIT_HANDLED_IN_L0, 30);
	exit_stats_add(&stats, EXIT_HANDLED_IN_L0, 10);
	exit_stats_add(&stats, EXIT_REFLECTED_TO_L1, 5);
	exit_stats_add(&stats, EXIT_UNKNOWN, 1);
	exit_stats_add(&stats, EXIT_VMSCOPE_END, 7);      /* no such reason */
	assert_int_equal(stats.by_reason[l0].count, 2);
	assert_int_equal(stats.by_reason[l0].total_ns, 40);
	assert_int_equal(stats.by_reason[l1].count, 1);
	assert_int_equal(stats.by_reason[EXIT_UNKNOWN].count, 1);
	assert_int_equal(stats.other.count, 1);
	assert_int_equal(exit_stats_total_ns(&stats), 53);
	assert_int_equal(stats.total, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_zero),
		cmocka_unit_test(test_one_reason),
		cmocka_unit_test(test_zero_duration),
		cmocka_unit_test(test_other),
		cmocka_unit_test(test_vmscope_reasons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
