/*
 * tests/unit/test_waker.c - the vCPU thread's sleep and alarm clock
 * (core/waker.c): a deadline ends a wait, a wake from another thread ends
 * it, and the enter/leave pair never loses a wake - a wake while "in run"
 * kicks, one just before entering is reported to the caller.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/waker.h"

#define MS 1000000ULL

static void count_kick(void *opaque)
{
	(*(int *)opaque)++;
}

static void test_deadline_ends_wait(void **state)
{
	struct waker w;
	int kicks = 0;
	uint64_t start = clock_now_ns();

	(void)state;
	assert_int_equal(waker_init(&w, count_kick, &kicks), 0);
	assert_int_equal(waker_set_deadline(&w, start + 5 * MS), 0);
	waker_wait(&w);
	assert_true(clock_now_ns() - start >= 5 * MS);
	assert_int_equal(kicks, 0);   /* not in run: nobody to kick */
	waker_free(&w);
}

static void *wake_later(void *arg)
{
	nanosleep(&(struct timespec){ .tv_nsec = 5 * MS }, NULL);
	waker_wake(arg);
	return NULL;
}

static void test_wake_from_another_thread(void **state)
{
	struct waker w;
	pthread_t t;

	(void)state;
	assert_int_equal(waker_init(&w, NULL, NULL), 0);
	assert_int_equal(pthread_create(&t, NULL, wake_later, &w), 0);
	waker_wait(&w);   /* no deadline: only the wake ends it */
	assert_true(w.pending);
	waker_clear(&w);
	assert_false(w.pending);
	pthread_join(t, NULL);
	waker_free(&w);
}

static void test_no_wake_lost_around_run(void **state)
{
	struct waker w;
	int kicks = 0;

	(void)state;
	assert_int_equal(waker_init(&w, count_kick, &kicks), 0);
	waker_wake(&w);                    /* before entering: reported */
	assert_true(waker_enter_run(&w));
	assert_int_equal(kicks, 0);
	waker_leave_run(&w);
	waker_clear(&w);
	assert_false(waker_enter_run(&w));
	waker_wake(&w);                    /* while in run: a kick */
	assert_int_equal(kicks, 1);
	waker_leave_run(&w);
	waker_wake(&w);                    /* after: no kick */
	assert_int_equal(kicks, 1);
	waker_free(&w);
}

static void test_free_zeroed(void **state)
{
	struct waker w;

	(void)state;
	memset(&w, 0, sizeof(w));
	waker_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline_ends_wait),
		cmocka_unit_test(test_wake_from_another_thread),
		cmocka_unit_test(test_no_wake_lost_around_run),
		cmocka_unit_test(test_free_zeroed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
