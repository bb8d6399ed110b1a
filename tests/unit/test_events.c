/*
 * tests/unit/test_events.c - the event ring: order, exact loss counts when
 * the writer laps the reader, and a writer and a reader thread running at
 * once (no loss when the ring is big enough, never a torn event).
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/events.h"

/* An event whose every field derives from n, so a torn copy shows. */
static struct event make_event(uint64_t n)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = EVENT_EXIT;
	ev.t_ns = n;
	ev.u.exit.seq = n;
	ev.u.exit.rip = ~n;
	ev.u.exit.reason = (uint32_t)(n * 7);
	ev.u.exit.handle_ns = n * 3;
	return ev;
}

static void check_event(const struct event *ev, uint64_t n)
{
	assert_int_equal(ev->kind, EVENT_EXIT);
	assert_int_equal(ev->t_ns, n);
	assert_int_equal(ev->u.exit.seq, n);
	assert_int_equal(ev->u.exit.rip, ~n);
	assert_int_equal(ev->u.exit.reason, (uint32_t)(n * 7));
	assert_int_equal(ev->u.exit.handle_ns, n * 3);
}

static void push_n(struct event_ring *ring, uint64_t from, uint64_t count)
{
	uint64_t i;

	for (i = 0; i < count; i++) {
		struct event ev = make_event(from + i);

		event_ring_push(ring, &ev);
	}
}

static void test_init(void **state)
{
	struct event_ring ring;

	(void)state;
	assert_int_equal(event_ring_init(&ring, 0), -EINVAL);
	assert_int_equal(event_ring_init(&ring, 12), -EINVAL);
	assert_int_equal(event_ring_init(&ring, 1), 0);
	event_ring_free(&ring);
	assert_int_equal(event_ring_init(&ring, 1024), 0);
	assert_int_equal(ring.capacity, 1024);
	event_ring_free(&ring);
	assert_null(ring.slots);
}

static void test_empty(void **state)
{
	struct event_ring ring;
	struct event ev;
	uint64_t lost = 99;

	(void)state;
	assert_int_equal(event_ring_init(&ring, 8), 0);
	assert_false(event_ring_pop(&ring, &ev, &lost));
	assert_int_equal(lost, 0);
	event_ring_free(&ring);
}

static void test_in_order(void **state)
{
	struct event_ring ring;
	struct event ev;
	uint64_t lost, i;

	(void)state;
	assert_int_equal(event_ring_init(&ring, 8), 0);
	/* 3 rounds of 8: the slots wrap, nothing is lost */
	for (i = 0; i < 24; i++) {
		if (i % 8 == 0)
			push_n(&ring, i, 8);
		assert_true(event_ring_pop(&ring, &ev, &lost));
		assert_int_equal(lost, 0);
		check_event(&ev, i);
	}
	assert_false(event_ring_pop(&ring, &ev, &lost));
	event_ring_free(&ring);
}

static void test_overwrite_oldest(void **state)
{
	struct event_ring ring;
	struct event ev;
	uint64_t lost, i;

	(void)state;
	assert_int_equal(event_ring_init(&ring, 8), 0);
	push_n(&ring, 0, 20);
	assert_true(event_ring_pop(&ring, &ev, &lost));
	assert_int_equal(lost, 12);      /* 0..11 overwritten */
	check_event(&ev, 12);
	for (i = 13; i < 20; i++) {
		assert_true(event_ring_pop(&ring, &ev, &lost));
		assert_int_equal(lost, 0);
		check_event(&ev, i);
	}
	assert_false(event_ring_pop(&ring, &ev, &lost));
	/* falling behind again, mid-stream */
	push_n(&ring, 20, 9);
	assert_true(event_ring_pop(&ring, &ev, &lost));
	assert_int_equal(lost, 1);
	check_event(&ev, 21);
	/* exactly full is not a loss */
	push_n(&ring, 29, 1);
	for (i = 22; i < 30; i++) {
		assert_true(event_ring_pop(&ring, &ev, NULL));
		check_event(&ev, i);
	}
	event_ring_free(&ring);
}

#define THREAD_EVENTS 200000ULL

struct reader_result {
	struct event_ring *ring;
	uint64_t popped;
	uint64_t lost;
	uint64_t bad;        /* out of order or torn */
};

static void *reader_thread(void *arg)
{
	struct reader_result *r = arg;
	uint64_t expect = 0, lost;
	struct event ev;

	while (expect < THREAD_EVENTS) {
		if (!event_ring_pop(r->ring, &ev, &lost))
			continue;
		expect += lost;
		r->lost += lost;
		r->popped++;
		if (ev.t_ns != expect || ev.u.exit.seq != expect ||
		    ev.u.exit.rip != ~expect || ev.u.exit.handle_ns != expect * 3)
			r->bad++;
		expect = ev.t_ns + 1;
	}
	return NULL;
}

static struct reader_result run_threads(uint32_t capacity)
{
	struct event_ring ring;
	struct reader_result r = { .ring = &ring };
	pthread_t reader;

	assert_int_equal(event_ring_init(&ring, capacity), 0);
	assert_int_equal(pthread_create(&reader, NULL, reader_thread, &r), 0);
	push_n(&ring, 0, THREAD_EVENTS);
	assert_int_equal(pthread_join(reader, NULL), 0);
	event_ring_free(&ring);
	return r;
}

/* A ring as large as the whole run: the reader can never lose. */
static void test_threads_no_loss(void **state)
{
	struct reader_result r;

	(void)state;
	r = run_threads(1 << 18);
	assert_int_equal(r.bad, 0);
	assert_int_equal(r.lost, 0);
	assert_int_equal(r.popped, THREAD_EVENTS);
}

/* A tiny ring: the reader loses events, but what it gets is whole and in
 * order, and what it got plus what it was told it lost is everything. */
static void test_threads_small_ring(void **state)
{
	struct reader_result r;

	(void)state;
	r = run_threads(4);
	assert_int_equal(r.bad, 0);
	assert_int_equal(r.popped + r.lost, THREAD_EVENTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_overwrite_oldest),
		cmocka_unit_test(test_threads_no_loss),
		cmocka_unit_test(test_threads_small_ring),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
