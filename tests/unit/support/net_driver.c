/*
 * tests/unit/support/net_driver.c - a test's driver of the virtio network
 * card (see net_driver.h).
 */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "guest/abi/netgen.h"
#include "tests/unit/support/guest_ram.h"
#include "tests/unit/support/net_driver.h"

static void record_log(void *opaque, const char *msg)
{
	struct netd *d = opaque;

	snprintf(d->log, sizeof(d->log), "%s", msg);
}

static void record_irq(void *opaque, int level)
{
	struct netd *d = opaque;

	d->irq = level;
}

int netd_open(struct netd *d, struct guest_mem *mem, struct net_wire *wire,
	      enum net_path path)
{
	struct virtio_net_setup s = { .bus = &d->bus, .base = NETD_BASE,
		.wire = wire, .path = path, .log = record_log, .opaque = d };

	memset(d, 0, sizeof(*d));
	bus_init(&d->bus);
	d->mem = mem ? mem : &d->ram;
	if (!mem && guest_mem_init(&d->ram, NETD_RAM))
		return -1;
	s.mem = d->mem;
	if (virtio_net_init(&d->n, &s)) {
		if (!mem)
			guest_mem_destroy(&d->ram);
		return -1;
	}
	virtio_net_set_irq(d->n, record_irq, d);
	return 0;
}

void netd_close(struct netd *d)
{
	virtio_net_free(d->n);
	if (d->mem == &d->ram)
		guest_mem_destroy(&d->ram);
}

int netd_setup_gen(void **state, uint32_t size, uint32_t rate,
		   enum net_path path)
{
	static const uint8_t mac[6] = VIRTIO_NET_MAC;
	static struct netd d;
	struct net_wire wire;

	if (net_gen_open(&wire, size, rate, mac) ||
	    netd_open(&d, NULL, &wire, path))
		return -1;
	netd_driver_start(&d);
	*state = &d;
	return 0;
}

int netd_teardown(void **state)
{
	netd_close(*state);
	return 0;
}

void netd_w32(struct netd *d, uint64_t reg, uint32_t v)
{
	uint64_t data = v;

	assert_non_null(bus_mmio_access(&d->bus, NETD_BASE + reg, 4, true,
					&data));
}

uint32_t netd_r32(struct netd *d, uint64_t reg)
{
	uint64_t data = 0;

	assert_non_null(bus_mmio_access(&d->bus, NETD_BASE + reg, 4, false,
					&data));
	return (uint32_t)data;
}

static void queue(struct netd *d, unsigned q, uint64_t at)
{
	netd_w32(d, VIRTIO_MMIO_QUEUE_SEL, q);
	netd_w32(d, VIRTIO_MMIO_QUEUE_NUM, NETD_QSIZE);
	netd_w32(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)at);
	netd_w32(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)at + 0x1000);
	netd_w32(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)at + 0x2000);
	netd_w32(d, VIRTIO_MMIO_QUEUE_READY, 1);
}

void netd_driver_setup(struct netd *d)
{
	netd_w32(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
		 VIRTIO_STATUS_DRIVER);
	netd_w32(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	netd_w32(d, VIRTIO_MMIO_DRIVER_FEATURES, 1);    /* VERSION_1 */
	netd_w32(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
		 VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	queue(d, VIRTIO_NET_RXQ, NETD_RXQ);
	queue(d, VIRTIO_NET_TXQ, NETD_TXQ);
}

void netd_driver_start(struct netd *d)
{
	netd_driver_setup(d);
	netd_w32(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
		 VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
		 VIRTIO_STATUS_DRIVER_OK);
}

void netd_desc(struct netd *d, uint64_t table, unsigned i, uint64_t addr,
	       uint32_t len, uint16_t flags, uint16_t next)
{
	struct virtq_desc desc = { addr, len, flags, next };

	assert_int_equal(guest_mem_write(d->mem, table + 16 * i, &desc,
					 sizeof(desc)), 0);
}

void netd_offer(struct netd *d, uint64_t at, uint16_t *offered,
		uint16_t head)
{
	ram_put16(d->mem, at + 0x1000 + 4 + 2 * (*offered % NETD_QSIZE), head);
	(*offered)++;
	ram_put16(d->mem, at + 0x1000 + 2, *offered);
}

void netd_post_rx(struct netd *d, unsigned k, uint32_t len)
{
	netd_desc(d, NETD_RXQ, 2 * k, NETD_HDRS + 16 * k, VIRTIO_NET_HDR_LEN,
		  VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2 * k + 1);
	netd_desc(d, NETD_RXQ, 2 * k + 1, NETD_BUFS + NETD_BUF_STRIDE * k, len,
		  VIRTQ_DESC_F_WRITE, 0);
	netd_offer(d, NETD_RXQ, &d->rx_offered, 2 * k);
}

void netd_kick(struct netd *d, unsigned q)
{
	netd_w32(d, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

void netd_expect_frame(struct netd *d, unsigned i, unsigned k, uint32_t seq,
		       uint32_t size)
{
	uint64_t used = NETD_RXQ + 0x2000 + 4 + 8 * i;
	uint32_t elem[2];
	struct virtio_net_hdr hdr;
	struct netgen_head head;
	const uint8_t *frame;

	assert_int_equal(guest_mem_read(d->mem, used, elem, sizeof(elem)), 0);
	assert_int_equal(elem[0], 2 * k);
	assert_int_equal(elem[1], VIRTIO_NET_HDR_LEN + size);
	assert_int_equal(guest_mem_read(d->mem, NETD_HDRS + 16 * k, &hdr,
					sizeof(hdr)), 0);
	assert_int_equal(hdr.num_buffers, 1);
	assert_int_equal(hdr.gso_type, 0);
	frame = guest_mem_ptr(d->mem, NETD_BUFS + NETD_BUF_STRIDE * k, size);
	assert_int_equal(frame[12], NETGEN_ETHERTYPE >> 8);
	memcpy(&head, frame + NETGEN_ETH_HLEN, sizeof(head));
	assert_int_equal(head.magic, NETGEN_MAGIC);
	assert_int_equal(head.seq, seq);
	assert_int_equal(head.size, size);
	for (uint32_t j = 0; j < size - NETGEN_PATTERN_OFF; j++)
		if (frame[NETGEN_PATTERN_OFF + j] != netgen_byte(seq, j))
			fail_msg("frame %u byte %u", seq, j);
}

struct netd_wait netd_wait_start(void)
{
	struct netd_wait w;

	clock_gettime(CLOCK_MONOTONIC, &w.until);
	w.until.tv_sec += 60;
	return w;
}

void netd_wait_yield(const struct netd_wait *w, const char *what)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > w->until.tv_sec ||
	    (now.tv_sec == w->until.tv_sec && now.tv_nsec > w->until.tv_nsec))
		fail_msg("%s (waited a minute)", what);
	sched_yield();
}

void netd_wait_used(struct netd *d, uint16_t n)
{
	struct netd_wait w = netd_wait_start();

	while (ram_get16(d->mem, NETD_RXQ + 0x2000 + 2) != n)
		netd_wait_yield(&w, "the worker never used the chains");
}

struct virtio_net_counters netd_counters(struct netd *d)
{
	struct virtio_net_counters c;

	virtio_net_counters(d->n, &c);
	return c;
}

int netd_send_none(void *state, const struct iovec *iov, int iovcnt)
{
	(void)state;
	(void)iov;
	(void)iovcnt;
	return 0;
}

void netd_close_none(void *state)
{
	(void)state;
}
