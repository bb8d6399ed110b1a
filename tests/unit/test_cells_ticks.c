/*
 * tests/unit/test_cells_ticks.c - vmscope's own injection delay per timer
 * tick (core/cells_ticks.c), over a synthetic exit stream: the delay is
 * the run's start minus the tick's deadline, only for IRQ 0 with a known
 * deadline, and the stream's delays give exact min / median / p99 / max;
 * the exits from a tick's injection to its HLT are the tick's; runs'
 * histograms add up (rt_hist_merge).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/cells_ticks.h"
#include "guest/abi/machine.h"

#define US 1000ull

/* An exit whose run began at resume_ns, after injecting irq (or nothing
 * when irq < 0) for a tick due at due_ns. */
static struct exit_record exit_at(uint64_t resume_ns, int irq, uint64_t due_ns)
{
	struct exit_record e = { .reason = EXIT_IO, .resume_ns = resume_ns,
				 .t_ns = resume_ns + 500 };

	if (irq >= 0)
		e.injected = (struct exit_inject){ .valid = true,
						   .irq = (uint8_t)irq,
						   .vector = (uint8_t)(0x20 + irq),
						   .due_ns = due_ns };
	return e;
}

static void test_delay_of_one_exit(void **state)
{
	struct exit_record tick = exit_at(1000 * US + 2345, IRQ_TIMER, 1000 * US);
	struct exit_record key = exit_at(2000 * US, IRQ_KEYBOARD, 0);
	struct exit_record none = exit_at(3000 * US, -1, 0);
	struct exit_record unknown = exit_at(4000 * US, IRQ_TIMER, 0);
	struct exit_record broken = exit_at(5000 * US, IRQ_TIMER, 6000 * US);
	uint64_t ns = 7;

	(void)state;
	assert_true(cells_tick_delay(&tick, &ns));
	assert_int_equal(ns, 2345);
	assert_false(cells_tick_delay(&key, &ns));
	assert_false(cells_tick_delay(&none, &ns));
	assert_false(cells_tick_delay(&unknown, &ns));   /* deadline unknown */
	assert_false(cells_tick_delay(&broken, &ns));    /* due after the run */
	assert_int_equal(ns, 2345);
}

/*
 * A 10 kHz tick for 200 ticks: tick k due at k * 100 us.  Each is
 * injected after 3 us, except ticks 50, 100 and 150 (40 us, 250 us and
 * 1.5 ms late); between injections come exits without one (the EOI, the
 * HLT), twice an exit after the HLT (not the tick's) and a keyboard
 * interrupt; a last tick, injected on time, is followed by exits and no
 * HLT (the loop printing its results: not the tick's).
 */
static void test_stream(void **state)
{
	struct cells_ticks t = { 0 };
	struct exit_record e;

	(void)state;
	for (uint64_t k = 1; k <= 200; k++) {
		uint64_t due = k * 100 * US, late = 3 * US;

		if (k == 50)
			late = 40 * US;
		else if (k == 100)
			late = 250 * US;
		else if (k == 150)
			late = 1500 * US;
		e = exit_at(due + late, IRQ_TIMER, due);
		cells_ticks_add(&t, &e);
		e = exit_at(due + late + 2 * US, -1, 0);     /* the EOI */
		cells_ticks_add(&t, &e);
		e = exit_at(due + late + 4 * US, -1, 0);     /* the HLT */
		e.reason = EXIT_HLT;
		cells_ticks_add(&t, &e);
		if (k % 100 == 0) {   /* the loop's own work, off the tick */
			e = exit_at(due + late + 50 * US, -1, 0);
			cells_ticks_add(&t, &e);
		}
	}
	e = exit_at(50 * US, IRQ_KEYBOARD, 0);
	cells_ticks_add(&t, &e);
	/* the last tick's handler ends the loop: no HLT, its results printed */
	e = exit_at(20100 * US, IRQ_TIMER, 20100 * US);
	cells_ticks_add(&t, &e);
	for (unsigned i = 0; i < 10; i++) {
		e = exit_at(20200 * US, -1, 0);
		cells_ticks_add(&t, &e);
	}
	assert_int_equal(t.exits, 614);
	assert_int_equal(t.injected, 201);
	assert_int_equal(t.tick_exits, 600);   /* injection, EOI, HLT */
	assert_int_equal(t.delay.samples, 201);
	assert_int_equal(t.delay.min_ns, 0);
	assert_int_equal(t.delay.max_ns, 1500 * US);
	assert_int_equal(t.last_delay_ns, 0);    /* the last tick's */
	assert_int_equal(rt_hist_rank_us(&t.delay, 500), 3);
	/* rank 199 of 201: one at 0 us, 197 at 3 us, then 40 us */
	assert_int_equal(rt_hist_rank_us(&t.delay, 990), 40);
	assert_int_equal(rt_hist_rank_us(&t.delay, 995), 250);
	assert_int_equal(rt_hist_rank_us(&t.delay, 1000), 1500);
}

/* A guest that works on between ticks and never halts: its work is no
 * tick's, however many ticks come; only the ticks that end in an HLT
 * count, that HLT included. */
static void test_work_between_ticks(void **state)
{
	struct cells_ticks t = { 0 };
	struct exit_record e;

	(void)state;
	for (uint64_t k = 1; k <= 3; k++) {
		e = exit_at(k * 100 * US, IRQ_TIMER, k * 100 * US);
		cells_ticks_add(&t, &e);
		for (unsigned i = 0; i < 5; i++) {   /* work, no HLT */
			e = exit_at(k * 100 * US + (i + 1) * US, -1, 0);
			cells_ticks_add(&t, &e);
		}
	}
	e = exit_at(400 * US, IRQ_TIMER, 400 * US);
	cells_ticks_add(&t, &e);
	e = exit_at(401 * US, -1, 0);
	e.reason = EXIT_HLT;
	cells_ticks_add(&t, &e);
	assert_int_equal(t.exits, 20);
	assert_int_equal(t.injected, 4);
	assert_int_equal(t.tick_exits, 2);   /* the last tick's, and its HLT */
}

/* A timer injection whose deadline vmscope did not know is counted as
 * injected, without a delay. */
static void test_injected_without_deadline(void **state)
{
	struct cells_ticks t = { 0 };
	struct exit_record e = exit_at(10 * US, IRQ_TIMER, 0);

	(void)state;
	cells_ticks_add(&t, &e);
	assert_int_equal(t.injected, 1);
	assert_int_equal(t.delay.samples, 0);
}

/* Two runs' delays added up (--compare's rounds): every bucket, min and
 * max over both; an empty run changes nothing. */
static void test_merge_runs(void **state)
{
	struct rt_hist a = { 0 }, b = { 0 }, none = { 0 }, sum = { 0 };

	(void)state;
	rt_hist_add(&a, 5 * US);
	rt_hist_add(&a, 7 * US + 300);
	rt_hist_add(&b, 2 * US);
	rt_hist_add(&b, 900 * US);
	rt_hist_merge(&sum, &none);
	assert_int_equal(sum.samples, 0);
	rt_hist_merge(&sum, &a);
	rt_hist_merge(&sum, &none);
	rt_hist_merge(&sum, &b);
	assert_int_equal(sum.samples, 4);
	assert_int_equal(sum.min_ns, 2 * US);
	assert_int_equal(sum.max_ns, 900 * US);
	assert_int_equal(sum.count[7], 1);
	assert_int_equal(rt_hist_rank_us(&sum, 500), 5);
	assert_int_equal(rt_hist_rank_us(&sum, 990), 900);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delay_of_one_exit),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_work_between_ticks),
		cmocka_unit_test(test_injected_without_deadline),
		cmocka_unit_test(test_merge_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
