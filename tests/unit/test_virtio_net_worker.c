/*
 * tests/unit/test_virtio_net_worker.c - the virtio network card's paths
 * with a worker thread (tests/unit/support/net_driver.h drives the card):
 * the vhost-style worker copies as the emulated path does; zero-copy
 * writes the frames straight into the posted buffers, holds what a fast
 * sender sends while none is posted in counted fallback slots and drops
 * the rest, counted; a reset with buffers in flight.  And the kicks: one
 * while the worker is inside a batch does not wait for it and makes it
 * run again; a kick of a card not yet started or broken is counted by
 * the transport and by the card on no path; the path switched between
 * frames keeps each path's counts apart.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "devices/virtio_net.h"
#include "tests/unit/support/guest_ram.h"
#include "tests/unit/support/net_driver.h"

/*
 * A wire whose recv() is held - inside the worker's batch, the card's lock
 * held - until the test lets it go; then it has no frame.  `entered` is
 * posted at every recv().  With a chain posted and no frame, a batch
 * calls recv() once: the chain goes back and the batch ends.
 */
static struct held_wire {
	sem_t entered, release;
	atomic_bool open;
} held;

static ssize_t held_recv(void *state, const struct iovec *iov, int iovcnt)
{
	(void)state;
	(void)iov;
	(void)iovcnt;
	sem_post(&held.entered);
	if (!atomic_load(&held.open))
		sem_wait(&held.release);
	return 0;
}

static const struct net_wire_ops held_ops = {
	.recv = held_recv, .send = netd_send_none, .close = netd_close_none,
};

/* The held wire on the vhost path, a chain posted before DRIVER_OK: the
 * worker's first batch is the one DRIVER_OK's wake begins, and it holds
 * the worker in recv() with no other wake waiting. */
static int setup_held(void **state)
{
	static struct netd d;
	struct net_wire wire = { &held_ops, NULL, "held", .fd = -1 };

	sem_init(&held.entered, 0, 0);
	sem_init(&held.release, 0, 0);
	atomic_store(&held.open, false);
	if (netd_open(&d, NULL, &wire, NET_PATH_VHOST))
		return -1;
	netd_post_rx(&d, 0, 9000);
	netd_driver_start(&d);
	*state = &d;
	return 0;
}

static int setup_1500(void **state)
{
	return netd_setup_gen(state, 1500, 0, NET_PATH_EMULATED);
}

static int setup_vhost(void **state)
{
	return netd_setup_gen(state, 9000, 0, NET_PATH_VHOST);
}

static int setup_zerocopy(void **state)
{
	return netd_setup_gen(state, 9000, 0, NET_PATH_ZEROCOPY);
}

/* A wire that pushes (a RATE, as a TAP): a million frames a second. */
static int setup_zerocopy_fast(void **state)
{
	return netd_setup_gen(state, 9000, 1000000, NET_PATH_ZEROCOPY);
}

/* Two chains posted, one kick: the worker fills both, every byte. */
static void receive_two(struct netd *f)
{
	netd_post_rx(f, 0, 9000);
	netd_post_rx(f, 1, 9000);
	netd_kick(f, VIRTIO_NET_RXQ);
	netd_wait_used(f, 2);
	netd_expect_frame(f, 0, 0, 0, 9000);
	netd_expect_frame(f, 1, 1, 1, 9000);
}

/* The vhost-style worker copies, as the emulated path does. */
static void test_vhost_copies(void **state)
{
	struct netd *f = *state;

	receive_two(f);
	assert_int_equal(netd_counters(f).bytes_copied, 2 * (9000 + 12));
	assert_int_equal(netd_counters(f).bytes_placed, 0);
}

/* Zero-copy: the frames are written straight into the guest's buffers. */
static void test_zerocopy_places(void **state)
{
	struct netd *f = *state;

	receive_two(f);
	assert_int_equal(netd_counters(f).bytes_copied, 0);
	assert_int_equal(netd_counters(f).bytes_placed, 2 * (9000 + 12));
}

/* A reset with zero-copy buffers posted: nothing more is written there,
 * and after a new start-up frames flow again. */
static void test_zerocopy_reset_in_flight(void **state)
{
	struct netd *f = *state;

	netd_post_rx(f, 0, 9000);
	netd_kick(f, VIRTIO_NET_RXQ);
	netd_wait_used(f, 1);
	netd_post_rx(f, 1, 9000);
	netd_w32(f, VIRTIO_MMIO_STATUS, 0);
	memset(guest_mem_ptr(f->mem, NETD_RXQ, 0x3000), 0, 0x3000);
	f->rx_offered = 0;
	netd_driver_start(f);
	netd_post_rx(f, 0, 9000);
	netd_kick(f, VIRTIO_NET_RXQ);
	netd_wait_used(f, 1);
	assert_int_equal(netd_counters(f).rx_packets, 2);
}

/*
 * A fast sender while the guest has posted nothing: the first 16 frames
 * wait in the fallback slots (counted), the rest are dropped (counted) -
 * read into the bounce buffer, never over a frame still waiting.  When
 * buffers come, frames 0, 1, 2, 3 arrive, every byte as sent.
 */
static void test_zerocopy_fast_sender(void **state)
{
	struct netd_wait w;
	struct netd *f = *state;

	netd_kick(f, VIRTIO_NET_RXQ);
	w = netd_wait_start();
	while (netd_counters(f).rx_dropped < 20)
		netd_wait_yield(&w, "the worker never dropped 20 frames");
	assert_int_equal(netd_counters(f).fallback_packets, 16);
	for (unsigned k = 0; k < 4; k++)
		netd_post_rx(f, k, 9000);
	netd_kick(f, VIRTIO_NET_RXQ);
	netd_wait_used(f, 4);
	for (unsigned k = 0; k < 4; k++)
		netd_expect_frame(f, k, k, k, 9000);
	assert_int_equal(netd_counters(f).bytes_copied, 4 * (9000 + 12));
	assert_int_equal(netd_counters(f).bytes_placed, 0);
}

/*
 * A frame held in a fallback slot that the chain posted next cannot hold:
 * that one frame is dropped (counted), the chain stays for the driver,
 * and as nothing reached the used ring no interrupt is raised or counted
 * as suppressed.  (On the emulated path, switched to after the slots
 * filled, the kick does it all in the caller's thread.)
 */
static void test_fallback_too_big_dropped(void **state)
{
	struct netd_wait w;
	struct netd *f = *state;
	uint64_t dropped;

	netd_kick(f, VIRTIO_NET_RXQ);
	w = netd_wait_start();
	while (netd_counters(f).fallback_packets < 16)
		netd_wait_yield(&w, "the worker never filled the fallback slots");
	assert_int_equal(virtio_net_set_path(f->n, NET_PATH_EMULATED), 0);
	dropped = netd_counters(f).rx_dropped;
	netd_post_rx(f, 0, 1000);
	netd_kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(netd_counters(f).rx_dropped, dropped + 1);
	assert_int_equal(ram_get16(f->mem, NETD_RXQ + 0x2000 + 2), 0);
	assert_int_equal(netd_counters(f).interrupts, 0);
	assert_int_equal(netd_counters(f).suppressed, 0);
	assert_int_equal(f->irq, 0);
}

/* The kicking thread's: the card, and a post once its kick came back. */
struct kick_arg {
	struct netd *f;
	sem_t kicked;
};

/* On a thread of its own: kick the receive queue, then say so. */
static void *kick_then_post(void *opaque)
{
	struct kick_arg *a = opaque;

	netd_kick(a->f, VIRTIO_NET_RXQ);
	sem_post(&a->kicked);
	return NULL;
}

/* Wait for s, a minute at most (a bound for what would never come, not a
 * measure of time): 0, or -1 when the minute passed. */
static int wait_a_minute(sem_t *s)
{
	struct timespec limit;
	int r;

	clock_gettime(CLOCK_REALTIME, &limit);
	limit.tv_sec += 60;
	while ((r = sem_timedwait(s, &limit)) < 0 && errno == EINTR)
		;
	return r;
}

/*
 * A kick of the receive queue while the worker is inside a batch (its
 * wire's recv() held, the card's lock with it) is taken without that
 * lock: it comes back while the batch goes on, is counted as a kick that
 * exited, and its eventfd signal makes the worker run again once the
 * batch is over.  The held batch is DRIVER_OK's (setup_held()), which
 * took every signal made before it, and it calls recv() once: so the
 * recv() after the release can come only from the kick's signal.  Before,
 * the kick waited for the batch (here: for ever); with its signal lost the
 * worker would never run again - each is given a minute, then fails.
 */
static void test_kick_during_batch(void **state)
{
	struct kick_arg a = { .f = *state };
	struct netd *f = a.f;
	pthread_t t;
	int r;

	sem_wait(&held.entered);                 /* the batch has begun */
	sem_init(&a.kicked, 0, 0);
	assert_int_equal(pthread_create(&t, NULL, kick_then_post, &a), 0);
	r = wait_a_minute(&a.kicked);
	atomic_store(&held.open, true);          /* the batch ends */
	sem_post(&held.release);
	pthread_join(t, NULL);
	if (r)
		fail_msg("the kick waited for the worker's batch");
	if (wait_a_minute(&held.entered))
		fail_msg("the kick's signal did not make the worker run again");
	assert_int_equal(netd_counters(f).kicks, 1);
	assert_int_equal(netd_counters(f).kicks_eventfd, 0);
}

/* The path switched between frames (as the TUI's n does): each path's
 * counters keep their own frames, and the kicks' counts follow. */
static void test_switch_path(void **state)
{
	struct netd *f = *state;
	struct virtio_net_counters c[NET_PATHS];

	netd_post_rx(f, 0, 2048);
	netd_kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(virtio_net_set_path(f->n, NET_PATH_VHOST), 0);
	netd_post_rx(f, 1, 2048);
	netd_kick(f, VIRTIO_NET_RXQ);
	netd_wait_used(f, 2);
	assert_int_equal(virtio_net_set_path(f->n, NET_PATH_EMULATED), 0);
	netd_expect_frame(f, 1, 1, 1, 1500);
	virtio_net_path_counters(f->n, c);
	assert_int_equal(c[NET_PATH_EMULATED].rx_packets, 1);
	assert_int_equal(c[NET_PATH_EMULATED].kicks, 1);
	assert_int_equal(c[NET_PATH_VHOST].rx_packets, 1);
	assert_int_equal(c[NET_PATH_VHOST].kicks, 1);
	assert_int_equal(c[NET_PATH_ZEROCOPY].rx_packets, 0);
	assert_int_equal(virtio_net_path(f->n), NET_PATH_EMULATED);
}

/* How many QueueNotify writes of a ready queue the transport saw. */
static uint64_t transport_kicks(struct netd *f)
{
	return virtio_mmio_counters(virtio_net_transport(f->n))->kicks;
}

/*
 * Kicks of a card the driver has not yet set DRIVER_OK on: the transport
 * counts them (a ready queue was kicked), the card does not (it may not
 * use its queues yet) - on every path: a worker's kick taken without the
 * lock counted one and woke the worker for nothing.
 */
static void test_kick_before_driver_ok(void **state)
{
	struct netd *f = *state;

	netd_w32(f, VIRTIO_MMIO_STATUS, 0);
	netd_driver_setup(f);
	netd_post_rx(f, 0, 2048);
	netd_kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(transport_kicks(f), 1);
	assert_int_equal(netd_counters(f).kicks, 0);
}

/* The card marked broken (a readable receive buffer), as the worker
 * does it: wait until Status says so. */
static void break_card(struct netd *f)
{
	struct netd_wait w;

	netd_desc(f, NETD_RXQ, 0, NETD_BUFS, 2048, 0, 0);
	netd_offer(f, NETD_RXQ, &f->rx_offered, 0);
	netd_kick(f, VIRTIO_NET_RXQ);
	w = netd_wait_start();
	while (!(netd_r32(f, VIRTIO_MMIO_STATUS) &
		 VIRTIO_STATUS_DEVICE_NEEDS_RESET))
		netd_wait_yield(&w, "the card never broke");
}

/* Kicks of a broken card: the transport counts them, the card counts
 * only the kick that came before it broke - on every path. */
static void test_kick_broken(void **state)
{
	struct netd *f = *state;

	break_card(f);
	netd_kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(transport_kicks(f), 2);
	assert_int_equal(netd_counters(f).kicks, 1);
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, netd_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_vhost_copies, setup_vhost),
		T(test_zerocopy_places, setup_zerocopy),
		T(test_zerocopy_reset_in_flight, setup_zerocopy),
		T(test_fallback_too_big_dropped, setup_zerocopy_fast),
		T(test_zerocopy_fast_sender, setup_zerocopy_fast),
		T(test_kick_during_batch, setup_held),
		{ "test_kick_before_driver_ok (emulated)",
		  test_kick_before_driver_ok, setup_1500, netd_teardown,
		  NULL },
		{ "test_kick_before_driver_ok (vhost)",
		  test_kick_before_driver_ok, setup_vhost, netd_teardown,
		  NULL },
		{ "test_kick_broken (emulated)", test_kick_broken, setup_1500,
		  netd_teardown, NULL },
		{ "test_kick_broken (vhost)", test_kick_broken, setup_vhost,
		  netd_teardown, NULL },
		T(test_switch_path, setup_1500),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
