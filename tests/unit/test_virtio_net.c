/*
 * tests/unit/test_virtio_net.c - the virtio network card on the emulated
 * path, driven the way a guest driver drives it (through the MMIO window
 * on a real bus, rings in guest RAM), fed by the built-in generator: every
 * byte of each frame arrives, with the 12-byte header in front; what does
 * not fit is dropped and counted; a bad chain breaks the card until reset;
 * a guest that never refills loses nothing; transmit reaches the wire;
 * a kick while the worker is inside a batch does not wait for it, and
 * wakes it again; a kick of a card not yet started or broken is counted
 * by the card on no path.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>
#include <string.h>

#include <cmocka.h>

#include "core/bus.h"
#include "core/memory.h"
#include "devices/virtio_net.h"
#include "guest/abi/netgen.h"
#include "tests/unit/support/guest_ram.h"

#define BASE   0xd0200000ULL
#define RAM    (4ULL << 20)
#define QSIZE  8
#define RXQ_AT 0x10000ULL    /* desc, +0x1000 avail, +0x2000 used */
#define TXQ_AT 0x20000ULL
#define HDRS   0x30000ULL    /* 16-byte header slots */
#define BUFS   0x100000ULL   /* 64 KiB + a page per descriptor pair */
#define BUF_STRIDE 0x11000ULL

struct fixture {
	struct bus bus;
	struct guest_mem mem;
	struct virtio_net *n;
	char log[256];
	int irq;
	uint16_t rx_offered, tx_offered;
};

static void record_log(void *opaque, const char *msg)
{
	struct fixture *f = opaque;

	snprintf(f->log, sizeof(f->log), "%s", msg);
}

static void record_irq(void *opaque, int level)
{
	struct fixture *f = opaque;

	f->irq = level;
}

static void w32(struct fixture *f, uint64_t reg, uint32_t v)
{
	uint64_t d = v;

	assert_non_null(bus_mmio_access(&f->bus, BASE + reg, 4, true, &d));
}

static uint32_t r32(struct fixture *f, uint64_t reg)
{
	uint64_t d = 0;

	assert_non_null(bus_mmio_access(&f->bus, BASE + reg, 4, false, &d));
	return (uint32_t)d;
}

static void queue(struct fixture *f, unsigned q, uint64_t at)
{
	w32(f, VIRTIO_MMIO_QUEUE_SEL, q);
	w32(f, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
	w32(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)at);
	w32(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)at + 0x1000);
	w32(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)at + 0x2000);
	w32(f, VIRTIO_MMIO_QUEUE_READY, 1);
}

/* The driver's start-up (virtio 1.2, 3.1.1) with both queues, up to
 * DRIVER_OK: the queues ready, the card not yet told it may use them. */
static void driver_setup(struct fixture *f)
{
	w32(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	    VIRTIO_STATUS_DRIVER);
	w32(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	w32(f, VIRTIO_MMIO_DRIVER_FEATURES, 1);    /* VERSION_1 */
	w32(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	    VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	queue(f, VIRTIO_NET_RXQ, RXQ_AT);
	queue(f, VIRTIO_NET_TXQ, TXQ_AT);
}

/* ... and DRIVER_OK: the card starts. */
static void driver_start(struct fixture *f)
{
	driver_setup(f);
	w32(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	    VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
	    VIRTIO_STATUS_DRIVER_OK);
}

/* The card on wire (taken), not yet set up by the driver. */
static int card_open(void **state, struct net_wire *wire, enum net_path path)
{
	static struct fixture f;
	struct virtio_net_setup s = { .bus = &f.bus, .base = BASE,
		.mem = &f.mem, .wire = wire, .path = path, .log = record_log,
		.opaque = &f };

	memset(&f, 0, sizeof(f));
	bus_init(&f.bus);
	if (guest_mem_init(&f.mem, RAM))
		return -1;
	if (virtio_net_init(&f.n, &s))
		return -1;
	virtio_net_set_irq(f.n, record_irq, &f);
	*state = &f;
	return 0;
}

/* The card on wire (taken), started by the driver. */
static int setup_with(void **state, struct net_wire *wire,
		      enum net_path path)
{
	if (card_open(state, wire, path))
		return -1;
	driver_start(*state);
	return 0;
}

static int setup_wire(void **state, uint32_t size, uint32_t rate,
		      enum net_path path)
{
	static const uint8_t mac[6] = VIRTIO_NET_MAC;
	struct net_wire wire;

	if (net_gen_open(&wire, size, rate, mac))
		return -1;
	return setup_with(state, &wire, path);
}

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

static int held_send(void *state, const struct iovec *iov, int iovcnt)
{
	(void)state;
	(void)iov;
	(void)iovcnt;
	return 0;
}

static void held_close(void *state)
{
	(void)state;
}

static const struct net_wire_ops held_ops = {
	.recv = held_recv, .send = held_send, .close = held_close,
};

static void post_rx(struct fixture *f, unsigned k, uint32_t len);

/* The held wire on the vhost path, a chain posted before DRIVER_OK: the
 * worker's first batch is the one DRIVER_OK's wake begins, and it holds
 * the worker in recv() with no other wake waiting. */
static int setup_held(void **state)
{
	struct net_wire wire = { &held_ops, NULL, "held", .fd = -1 };

	sem_init(&held.entered, 0, 0);
	sem_init(&held.release, 0, 0);
	atomic_store(&held.open, false);
	if (card_open(state, &wire, NET_PATH_VHOST))
		return -1;
	post_rx(*state, 0, 9000);
	driver_start(*state);
	return 0;
}

static int setup_size(void **state, uint32_t size, enum net_path path)
{
	return setup_wire(state, size, 0, path);
}

/* A wire that pushes (a RATE, as a TAP): a million frames a second. */
static int setup_zerocopy_fast(void **state)
{
	return setup_wire(state, 9000, 1000000, NET_PATH_ZEROCOPY);
}

static int setup_1500(void **state)
{
	return setup_size(state, 1500, NET_PATH_EMULATED);
}

static int setup_64k(void **state)
{
	return setup_size(state, 65536, NET_PATH_EMULATED);
}

static int setup_vhost(void **state)
{
	return setup_size(state, 9000, NET_PATH_VHOST);
}

static int setup_zerocopy(void **state)
{
	return setup_size(state, 9000, NET_PATH_ZEROCOPY);
}

static struct virtio_net_counters counters(struct fixture *f)
{
	struct virtio_net_counters c;

	virtio_net_counters(f->n, &c);
	return c;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	virtio_net_free(f->n);
	guest_mem_destroy(&f->mem);
	return 0;
}

static void desc(struct fixture *f, uint64_t table, unsigned i, uint64_t addr,
		 uint32_t len, uint16_t flags, uint16_t next)
{
	struct virtq_desc d = { addr, len, flags, next };

	assert_int_equal(guest_mem_write(&f->mem, table + 16 * i, &d,
					 sizeof(d)), 0);
}

static void offer(struct fixture *f, uint64_t at, uint16_t *offered,
		  uint16_t head)
{
	ram_put16(&f->mem, at + 0x1000 + 4 + 2 * (*offered % QSIZE), head);
	(*offered)++;
	ram_put16(&f->mem, at + 0x1000 + 2, *offered);
}

/* Receive chain k: a 12-byte header buffer, then a page-aligned one of
 * len bytes (descriptors 2k and 2k+1). */
static void post_rx(struct fixture *f, unsigned k, uint32_t len)
{
	desc(f, RXQ_AT, 2 * k, HDRS + 16 * k, VIRTIO_NET_HDR_LEN,
	     VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2 * k + 1);
	desc(f, RXQ_AT, 2 * k + 1, BUFS + BUF_STRIDE * k, len,
	     VIRTQ_DESC_F_WRITE, 0);
	offer(f, RXQ_AT, &f->rx_offered, 2 * k);
}

static void kick(struct fixture *f, unsigned q)
{
	w32(f, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

/* Used entry i of the receive queue names chain k and frame seq, whose
 * every byte is the generator's. */
static void expect_frame(struct fixture *f, unsigned i, unsigned k,
			 uint32_t seq, uint32_t size)
{
	uint64_t used = RXQ_AT + 0x2000 + 4 + 8 * i;
	uint32_t elem[2];
	struct virtio_net_hdr hdr;
	struct netgen_head head;
	const uint8_t *frame;

	assert_int_equal(guest_mem_read(&f->mem, used, elem, sizeof(elem)), 0);
	assert_int_equal(elem[0], 2 * k);
	assert_int_equal(elem[1], VIRTIO_NET_HDR_LEN + size);
	assert_int_equal(guest_mem_read(&f->mem, HDRS + 16 * k, &hdr,
					sizeof(hdr)), 0);
	assert_int_equal(hdr.num_buffers, 1);
	assert_int_equal(hdr.gso_type, 0);
	frame = guest_mem_ptr(&f->mem, BUFS + BUF_STRIDE * k, size);
	assert_int_equal(frame[12], NETGEN_ETHERTYPE >> 8);
	memcpy(&head, frame + NETGEN_ETH_HLEN, sizeof(head));
	assert_int_equal(head.magic, NETGEN_MAGIC);
	assert_int_equal(head.seq, seq);
	assert_int_equal(head.size, size);
	for (uint32_t j = 0; j < size - NETGEN_PATTERN_OFF; j++)
		if (frame[NETGEN_PATTERN_OFF + j] != netgen_byte(seq, j))
			fail_msg("frame %u byte %u", seq, j);
}

static void test_identity_and_mac(void **state)
{
	struct fixture *f = *state;
	uint64_t d = 0;

	assert_int_equal(r32(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_NET);
	w32(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(r32(f, VIRTIO_MMIO_DEVICE_FEATURES),
			 1u << VIRTIO_NET_F_MAC | 1u << VIRTIO_F_EVENT_IDX |
			 1u << VIRTIO_F_INDIRECT_DESC);
	assert_non_null(bus_mmio_access(&f->bus, BASE + VIRTIO_MMIO_CONFIG + 5,
					1, false, &d));
	assert_int_equal(d, 0x56);
}

static void test_frames_arrive_intact(void **state)
{
	struct fixture *f = *state;

	post_rx(f, 0, 2048);
	post_rx(f, 1, 2048);
	kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(ram_get16(&f->mem, RXQ_AT + 0x2000 + 2), 2);
	expect_frame(f, 0, 0, 0, 1500);
	expect_frame(f, 1, 1, 1, 1500);
	assert_int_equal(f->irq, 1);
	assert_int_equal(counters(f).rx_packets, 2);
	assert_int_equal(counters(f).bytes_copied,
			 2 * (1500 + 12));
	assert_int_equal(counters(f).posted_bytes,
			 2 * (2048 + 12));
}

static void test_64k_frame(void **state)
{
	struct fixture *f = *state;

	post_rx(f, 0, 65536);
	kick(f, VIRTIO_NET_RXQ);
	expect_frame(f, 0, 0, 0, 65536);
}

/* After a large frame the card looks ahead at every chain posted (to load
 * the translations of their pages, rx_warm()): the chains before a broken
 * one are filled as ever, in order, and the broken one breaks the card
 * only when the pop reaches it. */
static void test_64k_broken_chain_ahead(void **state)
{
	struct fixture *f = *state;

	post_rx(f, 0, 65536);
	kick(f, VIRTIO_NET_RXQ);
	post_rx(f, 1, 65536);
	post_rx(f, 2, 65536);
	desc(f, RXQ_AT, 6, HDRS + 48, VIRTIO_NET_HDR_LEN,
	     VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 7);
	desc(f, RXQ_AT, 7, BUFS + 3 * BUF_STRIDE, 0, VIRTQ_DESC_F_WRITE, 0);
	offer(f, RXQ_AT, &f->rx_offered, 6);
	kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(ram_get16(&f->mem, RXQ_AT + 0x2000 + 2), 3);
	expect_frame(f, 1, 1, 1, 65536);
	expect_frame(f, 2, 2, 2, 65536);
	assert_string_equal(f->log, "virtio-net: broken until reset: receive "
			    "queue: descriptor 7: buffer of length 0");
	assert_true(r32(f, VIRTIO_MMIO_STATUS) &
		    VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

/* Too small a buffer: the frame is lost and counted, the chain stays. */
static void test_too_big_dropped(void **state)
{
	struct fixture *f = *state;

	post_rx(f, 0, 1000);
	kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(ram_get16(&f->mem, RXQ_AT + 0x2000 + 2), 0);
	assert_int_equal(counters(f).rx_dropped, 1);
	assert_int_equal(f->irq, 0);
}

/* A guest that never refills: frames wait for it, none is lost. */
static void test_never_refills(void **state)
{
	struct fixture *f = *state;

	post_rx(f, 0, 2048);
	kick(f, VIRTIO_NET_RXQ);
	for (int i = 0; i < 100; i++)
		virtio_net_poll(f->n);
	assert_int_equal(counters(f).rx_packets, 1);
	assert_int_equal(counters(f).rx_dropped, 0);
	post_rx(f, 1, 2048);
	virtio_net_poll(f->n);
	expect_frame(f, 1, 1, 1, 1500);
}

static void test_readable_rx_buffer_breaks(void **state)
{
	struct fixture *f = *state;

	desc(f, RXQ_AT, 0, BUFS, 2048, 0, 0);
	offer(f, RXQ_AT, &f->rx_offered, 0);
	kick(f, VIRTIO_NET_RXQ);
	assert_string_equal(f->log, "virtio-net: broken until reset: receive "
			    "queue: descriptor 0: readable buffer in a chain "
			    "the device only writes (a receive queue)");
	assert_true(r32(f, VIRTIO_MMIO_STATUS) &
		    VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_int_equal(r32(f, VIRTIO_MMIO_INTERRUPT_STATUS),
			 VIRTIO_MMIO_INT_CONFIG);
}

static void test_header_only_chain_breaks(void **state)
{
	struct fixture *f = *state;

	desc(f, RXQ_AT, 0, HDRS, VIRTIO_NET_HDR_LEN, VIRTQ_DESC_F_WRITE, 0);
	offer(f, RXQ_AT, &f->rx_offered, 0);
	kick(f, VIRTIO_NET_RXQ);
	assert_string_equal(f->log, "virtio-net: broken until reset: receive "
			    "queue: a chain too small for the 12-byte header "
			    "and a frame");
}

/* Broken, then reset and set up again: frames flow again. */
static void test_reset_recovers(void **state)
{
	struct fixture *f = *state;

	desc(f, RXQ_AT, 0, BUFS, 2048, 0, 0);
	offer(f, RXQ_AT, &f->rx_offered, 0);
	kick(f, VIRTIO_NET_RXQ);
	w32(f, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(r32(f, VIRTIO_MMIO_STATUS), 0);
	memset(guest_mem_ptr(&f->mem, RXQ_AT, 0x3000), 0, 0x3000);
	f->rx_offered = 0;
	driver_start(f);
	post_rx(f, 0, 2048);
	kick(f, VIRTIO_NET_RXQ);
	expect_frame(f, 0, 0, 0, 1500);
}

static void test_transmit(void **state)
{
	struct fixture *f = *state;
	uint8_t frame[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	assert_int_equal(guest_mem_write(&f->mem, BUFS, frame, sizeof(frame)),
			 0);
	desc(f, TXQ_AT, 0, HDRS, VIRTIO_NET_HDR_LEN, VIRTQ_DESC_F_NEXT, 1);
	desc(f, TXQ_AT, 1, BUFS, sizeof(frame), 0, 0);
	offer(f, TXQ_AT, &f->tx_offered, 0);
	kick(f, VIRTIO_NET_TXQ);
	assert_int_equal(ram_get16(&f->mem, TXQ_AT + 0x2000 + 2), 1);
	assert_int_equal(counters(f).tx_packets, 1);
	assert_int_equal(counters(f).tx_bytes, 60);
}

/* Send back the frame in receive chain k (size bytes), its addresses
 * swapped, as netecho does: tx_offered goes up by one. */
static void echo_chain(struct fixture *f, unsigned k, uint32_t size)
{
	uint8_t *frame = guest_mem_ptr(&f->mem, BUFS + BUF_STRIDE * k, size);
	uint8_t mac[6];

	memcpy(mac, frame, 6);
	memcpy(frame, frame + 6, 6);
	memcpy(frame + 6, mac, 6);
	desc(f, TXQ_AT, 0, HDRS + 16 * 7, VIRTIO_NET_HDR_LEN,
	     VIRTQ_DESC_F_NEXT, 1);
	desc(f, TXQ_AT, 1, BUFS + BUF_STRIDE * k, size, 0, 0);
	offer(f, TXQ_AT, &f->tx_offered, 0);
	kick(f, VIRTIO_NET_TXQ);
}

/* The generator checks what comes back of its own frames: frame 0 echoed
 * is fine; frame 1 with one byte changed, and frame 0 again (out of
 * order), are wire errors; frame 1 as sent is then fine. */
static void test_generator_checks_echoes(void **state)
{
	struct fixture *f = *state;
	uint8_t *byte = guest_mem_ptr(&f->mem, BUFS + BUF_STRIDE + 700, 1);

	post_rx(f, 0, 2048);
	post_rx(f, 1, 2048);
	kick(f, VIRTIO_NET_RXQ);
	echo_chain(f, 0, 1500);
	assert_int_equal(counters(f).wire_errors, 0);
	(*byte)++;
	echo_chain(f, 1, 1500);
	assert_int_equal(counters(f).wire_errors, 1);
	echo_chain(f, 0, 1500);   /* swapped back: frame 0 as it came */
	echo_chain(f, 0, 1500);   /* ... and as an echo: out of order */
	assert_int_equal(counters(f).wire_errors, 3);
	(*byte)--;
	echo_chain(f, 1, 1500);   /* swapped twice: as it came, then ... */
	echo_chain(f, 1, 1500);   /* ... as an echo */
	assert_int_equal(counters(f).wire_errors, 4);
	assert_int_equal(counters(f).tx_packets, 6);
}

static void test_writable_tx_buffer_breaks(void **state)
{
	struct fixture *f = *state;

	desc(f, TXQ_AT, 0, BUFS, 64, VIRTQ_DESC_F_WRITE, 0);
	offer(f, TXQ_AT, &f->tx_offered, 0);
	kick(f, VIRTIO_NET_TXQ);
	assert_string_equal(f->log, "virtio-net: broken until reset: transmit "
			    "queue: descriptor 0: writable buffer in a chain "
			    "the device only reads (a transmit queue)");
}

/* With a worker the kick only wakes it: wait (bounded by the number of
 * looks, not by time) until it has used n chains. */
static void wait_used(struct fixture *f, uint16_t n)
{
	for (long i = 0; ram_get16(&f->mem, RXQ_AT + 0x2000 + 2) != n; i++) {
		if (i > 200000000L)
			fail_msg("the worker never used %u chains", n);
		sched_yield();
	}
}

/* Two chains posted, one kick: the worker fills both, every byte. */
static void receive_two(struct fixture *f)
{
	post_rx(f, 0, 9000);
	post_rx(f, 1, 9000);
	kick(f, VIRTIO_NET_RXQ);
	wait_used(f, 2);
	expect_frame(f, 0, 0, 0, 9000);
	expect_frame(f, 1, 1, 1, 9000);
}

/* The vhost-style worker copies, as the emulated path does. */
static void test_vhost_copies(void **state)
{
	struct fixture *f = *state;

	receive_two(f);
	assert_int_equal(counters(f).bytes_copied, 2 * (9000 + 12));
	assert_int_equal(counters(f).bytes_placed, 0);
}

/* Zero-copy: the frames are written straight into the guest's buffers. */
static void test_zerocopy_places(void **state)
{
	struct fixture *f = *state;

	receive_two(f);
	assert_int_equal(counters(f).bytes_copied, 0);
	assert_int_equal(counters(f).bytes_placed, 2 * (9000 + 12));
}

/* A reset with zero-copy buffers posted: nothing more is written there,
 * and after a new start-up frames flow again. */
static void test_zerocopy_reset_in_flight(void **state)
{
	struct fixture *f = *state;

	post_rx(f, 0, 9000);
	kick(f, VIRTIO_NET_RXQ);
	wait_used(f, 1);
	post_rx(f, 1, 9000);
	w32(f, VIRTIO_MMIO_STATUS, 0);
	memset(guest_mem_ptr(&f->mem, RXQ_AT, 0x3000), 0, 0x3000);
	f->rx_offered = 0;
	driver_start(f);
	post_rx(f, 0, 9000);
	kick(f, VIRTIO_NET_RXQ);
	wait_used(f, 1);
	assert_int_equal(counters(f).rx_packets, 2);
}

/*
 * A fast sender while the guest has posted nothing: the first 16 frames
 * wait in the fallback slots (counted), the rest are dropped (counted) -
 * read into the bounce buffer, never over a frame still waiting.  When
 * buffers come, frames 0, 1, 2, 3 arrive, every byte as sent.
 */
static void test_zerocopy_fast_sender(void **state)
{
	struct fixture *f = *state;

	kick(f, VIRTIO_NET_RXQ);
	for (long i = 0; counters(f).rx_dropped < 20; i++) {
		if (i > 20000000L)
			fail_msg("the worker never dropped 20 frames");
		sched_yield();
	}
	assert_int_equal(counters(f).fallback_packets, 16);
	for (unsigned k = 0; k < 4; k++)
		post_rx(f, k, 9000);
	kick(f, VIRTIO_NET_RXQ);
	wait_used(f, 4);
	for (unsigned k = 0; k < 4; k++)
		expect_frame(f, k, k, k, 9000);
	assert_int_equal(counters(f).bytes_copied, 4 * (9000 + 12));
	assert_int_equal(counters(f).bytes_placed, 0);
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
	struct fixture *f = *state;
	uint64_t dropped;

	kick(f, VIRTIO_NET_RXQ);
	for (long i = 0; counters(f).fallback_packets < 16; i++) {
		if (i > 20000000L)
			fail_msg("the worker never filled the fallback slots");
		sched_yield();
	}
	assert_int_equal(virtio_net_set_path(f->n, NET_PATH_EMULATED), 0);
	dropped = counters(f).rx_dropped;
	post_rx(f, 0, 1000);
	kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(counters(f).rx_dropped, dropped + 1);
	assert_int_equal(ram_get16(&f->mem, RXQ_AT + 0x2000 + 2), 0);
	assert_int_equal(counters(f).interrupts, 0);
	assert_int_equal(counters(f).suppressed, 0);
	assert_int_equal(f->irq, 0);
}

struct kick_arg {
	struct fixture *f;
	sem_t kicked;
};

/* On a thread of its own: kick the receive queue, then say so. */
static void *kick_then_post(void *opaque)
{
	struct kick_arg *a = opaque;

	kick(a->f, VIRTIO_NET_RXQ);
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
	struct fixture *f = a.f;
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
	assert_int_equal(counters(f).kicks, 1);
	assert_int_equal(counters(f).kicks_eventfd, 0);
}

/* The path switched between frames (as the TUI's n does): each path's
 * counters keep their own frames, and the kicks' counts follow. */
static void test_switch_path(void **state)
{
	struct fixture *f = *state;
	struct virtio_net_counters c[NET_PATHS];

	post_rx(f, 0, 2048);
	kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(virtio_net_set_path(f->n, NET_PATH_VHOST), 0);
	post_rx(f, 1, 2048);
	kick(f, VIRTIO_NET_RXQ);
	for (long i = 0; ram_get16(&f->mem, RXQ_AT + 0x2000 + 2) != 2; i++) {
		if (i > 200000000L)
			fail_msg("the worker never used the second chain");
		sched_yield();
	}
	assert_int_equal(virtio_net_set_path(f->n, NET_PATH_EMULATED), 0);
	expect_frame(f, 1, 1, 1, 1500);
	virtio_net_path_counters(f->n, c);
	assert_int_equal(c[NET_PATH_EMULATED].rx_packets, 1);
	assert_int_equal(c[NET_PATH_EMULATED].kicks, 1);
	assert_int_equal(c[NET_PATH_VHOST].rx_packets, 1);
	assert_int_equal(c[NET_PATH_VHOST].kicks, 1);
	assert_int_equal(c[NET_PATH_ZEROCOPY].rx_packets, 0);
	assert_int_equal(virtio_net_path(f->n), NET_PATH_EMULATED);
}

/* How many QueueNotify writes of a ready queue the transport saw. */
static uint64_t transport_kicks(struct fixture *f)
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
	struct fixture *f = *state;

	w32(f, VIRTIO_MMIO_STATUS, 0);
	driver_setup(f);
	post_rx(f, 0, 2048);
	kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(transport_kicks(f), 1);
	assert_int_equal(counters(f).kicks, 0);
}

/* The card marked broken (a readable receive buffer), as the worker
 * does it: wait until Status says so. */
static void break_card(struct fixture *f)
{
	desc(f, RXQ_AT, 0, BUFS, 2048, 0, 0);
	offer(f, RXQ_AT, &f->rx_offered, 0);
	kick(f, VIRTIO_NET_RXQ);
	for (long i = 0; !(r32(f, VIRTIO_MMIO_STATUS) &
			   VIRTIO_STATUS_DEVICE_NEEDS_RESET); i++) {
		if (i > 20000000L)
			fail_msg("the card never broke");
		sched_yield();
	}
}

/* Kicks of a broken card: the transport counts them, the card counts
 * only the kick that came before it broke - on every path. */
static void test_kick_broken(void **state)
{
	struct fixture *f = *state;

	break_card(f);
	kick(f, VIRTIO_NET_RXQ);
	assert_int_equal(transport_kicks(f), 2);
	assert_int_equal(counters(f).kicks, 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_1500, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_identity_and_mac),
		T(test_frames_arrive_intact),
		cmocka_unit_test_setup_teardown(test_64k_frame, setup_64k,
						teardown),
		cmocka_unit_test_setup_teardown(test_64k_broken_chain_ahead,
						setup_64k, teardown),
		T(test_too_big_dropped),
		T(test_never_refills),
		T(test_readable_rx_buffer_breaks),
		T(test_header_only_chain_breaks),
		T(test_reset_recovers),
		T(test_transmit),
		T(test_generator_checks_echoes),
		T(test_switch_path),
		T(test_writable_tx_buffer_breaks),
		cmocka_unit_test_setup_teardown(test_kick_during_batch,
						setup_held, teardown),
		{ "test_kick_before_driver_ok (emulated)",
		  test_kick_before_driver_ok, setup_1500, teardown, NULL },
		{ "test_kick_before_driver_ok (vhost)",
		  test_kick_before_driver_ok, setup_vhost, teardown, NULL },
		{ "test_kick_broken (emulated)", test_kick_broken, setup_1500,
		  teardown, NULL },
		{ "test_kick_broken (vhost)", test_kick_broken, setup_vhost,
		  teardown, NULL },
		cmocka_unit_test_setup_teardown(test_vhost_copies, setup_vhost,
						teardown),
		cmocka_unit_test_setup_teardown(test_zerocopy_places,
						setup_zerocopy, teardown),
		cmocka_unit_test_setup_teardown(test_zerocopy_reset_in_flight,
						setup_zerocopy, teardown),
		cmocka_unit_test_setup_teardown(test_fallback_too_big_dropped,
						setup_zerocopy_fast, teardown),
		cmocka_unit_test_setup_teardown(test_zerocopy_fast_sender,
						setup_zerocopy_fast, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
