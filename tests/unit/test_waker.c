/*
 * tests/unit/test_waker.c - the vCPU thread's sleep and alarm clock
 * (core/waker.c): a deadline ends a wait, a wake from another thread ends
 * it, and the enter/leave pair never loses a wake - a wake while "in run"
 * kicks, one just before entering is reported to the caller.  The clear
 * that runs at every exit reads the eventfd only after a wake (no system
 * call otherwise), and then leaves it drained.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/waker.h"

#define MS 1000000ULL
#define US 1000ULL
#define ROUNDS 200

static bool posted(struct waker *w)
{
	return atomic_load(&w->state) & WAKER_PENDING;
}

static void count_kick(void *opaque)
{
	(*(int *)opaque)++;
}

/* The same, for a kick from another thread. */
static void count_kick_atomic(void *opaque)
{
	atomic_fetch_add((_Atomic int *)opaque, 1);
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
	bool flag;

	(void)state;
	assert_int_equal(waker_init(&w, NULL, NULL), 0);
	assert_int_equal(pthread_create(&t, NULL, wake_later, &w), 0);
	waker_wait(&w);   /* no deadline: only the wake ends it */
	flag = posted(&w);
	pthread_join(t, NULL);
	assert_true(flag);
	waker_clear(&w, clock_now_ns());
	assert_false(posted(&w));
	waker_free(&w);
}

/* A count in the eventfd without the flag (a wake whose flag a clear has
 * taken, or - as the waker once posted - one whose flag is still to come)
 * does not end the wait: only the wake that raises the flag does. */
static void test_wait_needs_the_flag(void **state)
{
	struct waker w;
	uint64_t one = 1;
	pthread_t t;
	bool flag;

	(void)state;
	assert_int_equal(waker_init(&w, NULL, NULL), 0);
	assert_int_equal(write(w.eventfd, &one, sizeof(one)), sizeof(one));
	assert_int_equal(pthread_create(&t, NULL, wake_later, &w), 0);
	waker_wait(&w);
	flag = posted(&w);   /* the wait ended on the wake, not the count */
	pthread_join(t, NULL);
	waker_free(&w);
	assert_true(flag);
}

/*
 * The vCPU is busy past its deadline 20 us away (handling an exit, say),
 * serves the deadline itself (the clear at a time past it) and "runs" for
 * a millisecond.  The timer thread wakes later than the vCPU here (its
 * sleep's timer slack, 50 us by default): it must not post the deadline
 * the vCPU served, so it must not kick that run - ROUNDS rounds, not one
 * kick.
 */
static void test_served_deadline_kicks_nothing(void **state)
{
	struct waker w;
	_Atomic int kicks = 0;
	uint64_t deadline;
	int round;

	(void)state;
	assert_int_equal(waker_init(&w, count_kick_atomic, &kicks), 0);
	for (round = 0; round < ROUNDS; round++) {
		deadline = clock_now_ns() + 20 * US;
		assert_int_equal(waker_set_deadline(&w, deadline), 0);
		while (clock_now_ns() < deadline)
			;
		waker_clear(&w, clock_now_ns());
		assert_false(waker_enter_run(&w));
		nanosleep(&(struct timespec){ .tv_nsec = MS }, NULL);
		waker_leave_run(&w);
	}
	waker_free(&w);
	assert_int_equal(atomic_load(&kicks), 0);
}

/* Another thread wakes the vCPU, then waits until the vCPU has served the
 * wake and "run" once before it wakes it again. */
struct ping {
	struct waker *w;
	sem_t served;
};

static void *ping_main(void *arg)
{
	struct ping *p = arg;
	int round;

	for (round = 0; round < ROUNDS; round++) {
		waker_wake(p->w);
		sem_wait(&p->served);
	}
	return NULL;
}

/* Every wake lands while the vCPU waits, so none may kick: a kick here is
 * one that came after the vCPU had already seen its wake. */
static void test_seen_wake_kicks_nothing(void **state)
{
	struct waker w;
	struct ping p = { .w = &w };
	_Atomic int kicks = 0;
	pthread_t t;
	int round, entered_pending = 0;

	(void)state;
	assert_int_equal(waker_init(&w, count_kick_atomic, &kicks), 0);
	assert_int_equal(sem_init(&p.served, 0, 0), 0);
	assert_int_equal(pthread_create(&t, NULL, ping_main, &p), 0);
	for (round = 0; round < ROUNDS; round++) {
		waker_wait(&w);
		waker_clear(&w, clock_now_ns());
		entered_pending += waker_enter_run(&w);
		nanosleep(&(struct timespec){ .tv_nsec = 100 * US }, NULL);
		waker_leave_run(&w);
		sem_post(&p.served);
	}
	pthread_join(t, NULL);
	sem_destroy(&p.served);
	waker_free(&w);
	assert_int_equal(atomic_load(&kicks), 0);
	assert_int_equal(entered_pending, 0);
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
	waker_clear(&w, clock_now_ns());
	assert_false(waker_enter_run(&w));
	waker_wake(&w);                    /* while in run: a kick */
	assert_int_equal(kicks, 1);
	waker_leave_run(&w);
	waker_wake(&w);                    /* after: no kick */
	assert_int_equal(kicks, 1);
	waker_free(&w);
}

/*
 * Teardown: the backend's state a kick writes into is freed after the
 * kicks stop.  Before, vm_destroy() freed L2's context and the backend
 * while the timer thread (or a device's worker) could still be between
 * its decision to kick and the kick.  Stopped, a wake in run kicks no
 * more; and the stop waits for a kick already under way.
 */
static void test_no_kick_after_stop(void **state)
{
	struct waker w;
	int kicks = 0;

	(void)state;
	assert_int_equal(waker_init(&w, count_kick, &kicks), 0);
	assert_false(waker_enter_run(&w));
	waker_kick(&w);
	assert_int_equal(kicks, 1);
	waker_stop_kicks(&w);
	waker_wake(&w);
	waker_kick(&w);
	assert_int_equal(kicks, 1);
	waker_free(&w);
}

/*
 * The stop under test runs on its own thread while a kick is under way,
 * and the kick must learn, without any timing, whether the stop returned
 * early.  The stop waits by yielding (core/waker.c), so this test's
 * sched_yield() - the executable's own, which the waker's call reaches
 * before libc's - tells the kick when the stopper thread yields: the stop
 * is waiting.  The stopper tells it too when the stop has returned.  The
 * kick waits for the first of the two and looks which it was: a stop that
 * waits always yields first (the kick is still inside the gate), a stop
 * that does not wait always returns first.
 */
struct slow_kick {
	sem_t inside;                /* the kick is under way */
	sem_t progress;              /* the stop yielded, or returned */
	struct waker w;
	atomic_bool stopped;         /* waker_stop_kicks() returned */
	atomic_bool stopped_early;   /* ... while the kick was under way */
	atomic_bool no_progress;     /* the kick gave up waiting (below) */
};

static struct slow_kick *yield_watch;      /* set while the stop runs */
static _Thread_local bool stopping;        /* this thread is in the stop */

int sched_yield(void)
{
	if (stopping && yield_watch) {
		sem_post(&yield_watch->progress);
		yield_watch = NULL;   /* once: the stopper's later yields */
	}
	return (int)syscall(SYS_sched_yield);
}

/*
 * The kick: it says it is in, then waits until the stop yielded or
 * returned.  The wait has a bound only so that a stop that one day waits
 * some other way than by yielding fails this test (with a message)
 * instead of hanging it; it is no part of the verdict.
 */
static void slow_kick(void *opaque)
{
	struct slow_kick *k = opaque;
	struct timespec give_up;

	sem_post(&k->inside);
	clock_gettime(CLOCK_REALTIME, &give_up);
	give_up.tv_sec += 60;
	if (sem_timedwait(&k->progress, &give_up))
		atomic_store(&k->no_progress, true);
	atomic_store(&k->stopped_early, atomic_load(&k->stopped));
}

static void *wake_in_run(void *arg)
{
	struct slow_kick *k = arg;

	waker_wake(&k->w);
	return NULL;
}

static void *stop_kicks(void *arg)
{
	struct slow_kick *k = arg;

	stopping = true;
	waker_stop_kicks(&k->w);
	stopping = false;
	atomic_store(&k->stopped, true);
	sem_post(&k->progress);
	return NULL;
}

static void test_stop_waits_for_kick(void **state)
{
	static struct slow_kick k;
	pthread_t waker_thread, stopper;

	(void)state;
	sem_init(&k.inside, 0, 0);
	sem_init(&k.progress, 0, 0);
	assert_int_equal(waker_init(&k.w, slow_kick, &k), 0);
	assert_false(waker_enter_run(&k.w));
	assert_int_equal(pthread_create(&waker_thread, NULL, wake_in_run, &k),
			 0);
	sem_wait(&k.inside);                  /* the kick is under way */
	yield_watch = &k;
	assert_int_equal(pthread_create(&stopper, NULL, stop_kicks, &k), 0);
	pthread_join(waker_thread, NULL);
	pthread_join(stopper, NULL);
	yield_watch = NULL;
	if (atomic_load(&k.no_progress))
		fail_msg("the stop neither yielded nor returned in 60 s: "
			 "does it still wait by sched_yield()?");
	assert_false(atomic_load(&k.stopped_early));
	assert_true(atomic_load(&k.stopped));
	waker_free(&k.w);
	sem_destroy(&k.inside);
	sem_destroy(&k.progress);
}

/* With no wake posted, waker_clear() must not read the fd: stand a pipe
 * holding 8 bytes in for the eventfd, and they must still be there. */
static void test_clear_reads_only_after_a_wake(void **state)
{
	struct waker w;
	uint64_t bytes = 42, got = 0;
	int fds[2], eventfd;

	(void)state;
	assert_int_equal(waker_init(&w, NULL, NULL), 0);
	assert_int_equal(pipe2(fds, O_NONBLOCK), 0);
	assert_int_equal(write(fds[1], &bytes, sizeof(bytes)), sizeof(bytes));
	eventfd = w.eventfd;
	w.eventfd = fds[0];
	waker_clear(&w, clock_now_ns());
	assert_int_equal(read(fds[0], &got, sizeof(got)), sizeof(got));
	assert_int_equal(got, 42);
	w.eventfd = eventfd;
	close(fds[0]);
	close(fds[1]);
	waker_free(&w);
}

/* After a wake, the clear reads the count back: the fd is quiet again,
 * so the next wait sleeps. */
static void test_clear_drains_a_wake(void **state)
{
	struct waker w;
	struct pollfd pfd = { .events = POLLIN };

	(void)state;
	assert_int_equal(waker_init(&w, NULL, NULL), 0);
	waker_wake(&w);
	waker_wake(&w);
	pfd.fd = w.eventfd;
	assert_int_equal(poll(&pfd, 1, 0), 1);
	waker_clear(&w, clock_now_ns());
	assert_false(posted(&w));
	assert_int_equal(poll(&pfd, 1, 0), 0);
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
		cmocka_unit_test(test_wait_needs_the_flag),
		cmocka_unit_test(test_served_deadline_kicks_nothing),
		cmocka_unit_test(test_seen_wake_kicks_nothing),
		cmocka_unit_test(test_no_wake_lost_around_run),
		cmocka_unit_test(test_no_kick_after_stop),
		cmocka_unit_test(test_stop_waits_for_kick),
		cmocka_unit_test(test_clear_reads_only_after_a_wake),
		cmocka_unit_test(test_clear_drains_a_wake),
		cmocka_unit_test(test_free_zeroed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
