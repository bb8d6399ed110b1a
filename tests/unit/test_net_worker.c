/*
 * tests/unit/test_net_worker.c - the vhost-style worker thread
 * (devices/net_worker.c): woken by a kick, it reads the kick's eventfd and
 * no other (each read is a system call, a few microseconds in a VM); a
 * question about the kicks still gets every one of them; a resample wakes
 * it and work() sees it.  The reads are counted by a wrapped read(): this
 * test links with -Wl,--wrap=read.
 */
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "devices/net_worker.h"

/* The worker's eventfds whose reads are counted apart; any other read
 * (its stop and count eventfds) is counted in other_reads. */
static atomic_int kick_fd = -1, resample_fd = -1;
static atomic_uint kick_reads, resample_reads, other_reads;

ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __wrap_read(int fd, void *buf, size_t n);

ssize_t __wrap_read(int fd, void *buf, size_t n)
{
	if (fd == atomic_load(&kick_fd))
		atomic_fetch_add(&kick_reads, 1);
	else if (fd == atomic_load(&resample_fd))
		atomic_fetch_add(&resample_reads, 1);
	else
		atomic_fetch_add(&other_reads, 1);
	return __real_read(fd, buf, n);
}

struct rig {
	struct net_worker *_Atomic w;
	sem_t ran;                    /* posted by every work() */
	atomic_bool resampled;        /* work() saw a resample */
};

static bool work(void *opaque)
{
	struct rig *r = opaque;

	if (net_worker_take_resample(atomic_load(&r->w)))
		atomic_store(&r->resampled, true);
	sem_post(&r->ran);
	return false;
}

static void rig_start(struct rig *r)
{
	struct net_worker *w;

	sem_init(&r->ran, 0, 0);
	atomic_store(&r->resampled, false);
	assert_int_equal(net_worker_start(&w, work, r, -1, 0), 0);
	atomic_store(&r->w, w);
	atomic_store(&kick_fd, net_worker_kick_fd(w));
	atomic_store(&resample_fd, net_worker_resample_fd(w));
	atomic_store(&kick_reads, 0);
	atomic_store(&resample_reads, 0);
	atomic_store(&other_reads, 0);
}

static void rig_stop(struct rig *r)
{
	net_worker_stop(atomic_load(&r->w));
	atomic_store(&kick_fd, -1);
	atomic_store(&resample_fd, -1);
	sem_destroy(&r->ran);
}

/* Five kicks, each waited for: five wake-ups, each one read of the kick
 * eventfd and no other (before: the count and resample eventfds were
 * read at every wake-up too, three system calls where one does).  Then
 * the question counts all five. */
static void test_kick_reads_only_kick_fd(void **state)
{
	struct rig r;

	(void)state;
	rig_start(&r);
	for (int i = 0; i < 5; i++) {
		net_worker_kick(atomic_load(&r.w));
		sem_wait(&r.ran);
	}
	assert_int_equal(atomic_load(&kick_reads), 5);
	assert_int_equal(atomic_load(&resample_reads), 0);
	assert_int_equal(atomic_load(&other_reads), 0);
	assert_int_equal(net_worker_kicks(atomic_load(&r.w)), 5);
	rig_stop(&r);
}

/* The guest's EOI, as KVM signals it on the resample eventfd: the worker
 * wakes, reads that eventfd alone, and work() is told. */
static void test_resample_wakes_work(void **state)
{
	struct rig r;
	uint64_t one = 1;

	(void)state;
	rig_start(&r);
	assert_int_equal(write(atomic_load(&resample_fd), &one, sizeof(one)),
			 sizeof(one));
	sem_wait(&r.ran);
	assert_true(atomic_load(&r.resampled));
	assert_int_equal(atomic_load(&resample_reads), 1);
	assert_int_equal(atomic_load(&kick_reads), 0);
	assert_int_equal(atomic_load(&other_reads), 0);
	rig_stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kick_reads_only_kick_fd),
		cmocka_unit_test(test_resample_wakes_work),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
