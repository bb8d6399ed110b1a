/*
 * devices/virtio_net.c - the virtio network card: configuration (the MAC),
 * the receive queue filled from the wire, the transmit queue emptied onto
 * it (see devices/virtio_net.h for the path and its rules).
 *
 * One frame is one chain: the 12-byte header in the first writable bytes,
 * the frame right after it, across as many buffers as the chain has.  A
 * driver that wants the payload page-aligned posts the header alone in
 * its first buffer and a page-aligned buffer after it.
 *
 * Transmit needs no copy by vmscope: the chain's readable buffers, past
 * the header, are handed to the wire as iovecs into guest RAM.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/virtio_net.h"
#include "guest/abi/netgen.h"

#define NET_QUEUE_MAX 256
#define NET_BOUNCE    (VIRTIO_NET_HDR_LEN + NETGEN_MAX_SIZE)

struct virtio_net {
	struct virtio_mmio *t;
	const struct guest_mem *mem;
	struct net_wire wire;
	uint8_t mac[6];
	struct virtio_net_counters counters;
	struct virtq_chain chain;            /* the one being worked on */
	struct iovec iov[VIRTQ_MAX_SIZE];    /* its buffers, as host memory */
	uint8_t bounce[NET_BOUNCE];          /* header + frame, before the copy */
};

static uint64_t net_config_read(void *dev, uint64_t offset, unsigned size)
{
	struct virtio_net *n = dev;
	uint64_t v = 0;

	/* The config is the MAC; the rest of the space reads as zeros. */
	if (offset < sizeof(n->mac) && size <= sizeof(n->mac) - offset)
		memcpy(&v, n->mac + offset, size);
	return v;
}

/* The chain's buffers from the first one of the given direction, as
 * iovecs into guest RAM (the walker checked each lies inside it). */
static int chain_iov(struct virtio_net *n, bool writable)
{
	const struct virtq_chain *c = &n->chain;
	unsigned first = writable ? c->nreadable : 0;
	unsigned last = writable ? c->n : c->nreadable;
	int cnt = 0;

	for (unsigned i = first; i < last; i++)
		n->iov[cnt++] = (struct iovec){
			guest_mem_ptr(n->mem, c->bufs[i].gpa, c->bufs[i].len),
			c->bufs[i].len };
	return cnt;
}

/* The chain popped from vq broke a rule, or the walker refused it. */
static void net_fail(struct virtio_net *n, unsigned q, const char *why)
{
	char msg[VIRTQ_WHY_LEN + 32];

	snprintf(msg, sizeof(msg), "%s queue: %s",
		 q == VIRTIO_NET_RXQ ? "receive" : "transmit", why);
	virtio_mmio_fail(n->t, msg);
}

static void net_interrupt(struct virtio_net *n, struct virtq *vq)
{
	if (virtq_need_interrupt(vq)) {
		n->counters.interrupts++;
		virtio_mmio_interrupt(n->t);
	} else {
		n->counters.suppressed++;
	}
}

/*
 * One frame from the wire into the chain just popped: the header and the
 * frame go to the bounce buffer first, then are copied into the chain.
 * 1 placed, 0 no frame (the chain goes back), -1 dropped (too big).
 */
static int rx_one(struct virtio_net *n, struct virtq *vq)
{
	struct virtio_net_hdr hdr = { .num_buffers = 1 };
	struct iovec frame = { n->bounce + VIRTIO_NET_HDR_LEN, NETGEN_MAX_SIZE };
	ssize_t len = n->wire.ops->recv(n->wire.state, &frame, 1);
	size_t total;

	if (len <= 0) {
		if (len < 0)
			n->counters.wire_errors++;
		virtq_unpop(vq);
		return 0;
	}
	total = VIRTIO_NET_HDR_LEN + (size_t)len;
	if (total > n->chain.writable_len) {
		n->counters.rx_dropped++;
		virtq_unpop(vq);
		return -1;
	}
	memcpy(n->bounce, &hdr, sizeof(hdr));
	net_iov_put(n->iov, chain_iov(n, true), 0, n->bounce, total);
	virtq_push(vq, n->chain.head, (uint32_t)total);
	n->counters.rx_packets++;
	n->counters.rx_bytes += len;
	n->counters.bytes_copied += total;
	n->counters.posted_bytes += n->chain.writable_len;
	n->counters.used_bytes += total;
	return 1;
}

/* Fill posted chains while frames are there. */
static void rx_deliver(struct virtio_net *n)
{
	struct virtq *vq = virtio_mmio_queue(n->t, VIRTIO_NET_RXQ);
	char why[VIRTQ_WHY_LEN];
	bool placed = false;
	int r;

	if (!vq)
		return;
	for (;;) {
		r = virtq_pop(vq, VIRTQ_EXPECT_WRITABLE, &n->chain, why,
			      sizeof(why));
		if (r < 0) {
			net_fail(n, VIRTIO_NET_RXQ, why);
			return;
		}
		if (r == 0)
			break;
		if (n->chain.writable_len <= VIRTIO_NET_HDR_LEN) {
			net_fail(n, VIRTIO_NET_RXQ, "a chain too small for "
				 "the 12-byte header and a frame");
			return;
		}
		/* After a drop too: the same chain would drop the next. */
		r = rx_one(n, vq);
		if (r <= 0)
			break;
		placed = true;
	}
	if (placed)
		net_interrupt(n, vq);
}

static void tx_one(struct virtio_net *n, struct virtq *vq)
{
	int cnt = chain_iov(n, false);
	uint64_t len = n->chain.readable_len - VIRTIO_NET_HDR_LEN;
	struct iovec *iov = n->iov;

	/* Skip the header: the wire takes the frame alone. */
	for (size_t skip = VIRTIO_NET_HDR_LEN; skip; ) {
		size_t k = skip < iov->iov_len ? skip : iov->iov_len;

		iov->iov_base = (uint8_t *)iov->iov_base + k;
		iov->iov_len -= k;
		skip -= k;
		if (!iov->iov_len) {
			iov++;
			cnt--;
		}
	}
	if (n->wire.ops->send(n->wire.state, iov, cnt))
		n->counters.wire_errors++;
	n->counters.tx_packets++;
	n->counters.tx_bytes += len;
	virtq_push(vq, n->chain.head, 0);
}

static void tx_process(struct virtio_net *n)
{
	struct virtq *vq = virtio_mmio_queue(n->t, VIRTIO_NET_TXQ);
	char why[VIRTQ_WHY_LEN];
	bool sent = false;
	int r;

	if (!vq)
		return;
	while ((r = virtq_pop(vq, VIRTQ_EXPECT_READABLE, &n->chain, why,
			      sizeof(why))) > 0) {
		if (n->chain.readable_len <= VIRTIO_NET_HDR_LEN) {
			net_fail(n, VIRTIO_NET_TXQ, "a chain too small for "
				 "the 12-byte header and a frame");
			return;
		}
		tx_one(n, vq);
		sent = true;
	}
	if (r < 0)
		net_fail(n, VIRTIO_NET_TXQ, why);
	else if (sent)
		net_interrupt(n, vq);
}

static void net_notify(void *dev, unsigned q)
{
	struct virtio_net *n = dev;

	if (q == VIRTIO_NET_RXQ)
		rx_deliver(n);
	else
		tx_process(n);
}

static void net_driver_ok(void *dev)
{
	rx_deliver(dev);
}

static const struct virtio_dev_ops net_ops = {
	.name = "virtio-net",
	.device_id = VIRTIO_ID_NET,
	.features = 1ULL << VIRTIO_F_VERSION_1 | 1ULL << VIRTIO_NET_F_MAC |
		    1ULL << VIRTIO_F_EVENT_IDX | 1ULL << VIRTIO_F_INDIRECT_DESC,
	.nqueues = 2,
	.queue_max = NET_QUEUE_MAX,
	.config_read = net_config_read,
	.notify = net_notify,
	.driver_ok = net_driver_ok,
	.reset = NULL,          /* the emulated path keeps no buffer */
};

int virtio_net_init(struct virtio_net **out, struct bus *bus, uint64_t base,
		    const struct guest_mem *mem, struct net_wire *wire,
		    virtio_log_fn log, void *log_opaque)
{
	static const uint8_t mac[6] = VIRTIO_NET_MAC;
	struct virtio_net *n = calloc(1, sizeof(*n));
	int err;

	*out = NULL;
	if (!n)
		return -ENOMEM;
	n->mem = mem;
	memcpy(n->mac, mac, sizeof(mac));
	err = virtio_mmio_init(&n->t, bus, base, mem, &net_ops, n, log,
			       log_opaque);
	if (err) {
		free(n);
		return err;
	}
	n->wire = *wire;
	memset(wire, 0, sizeof(*wire));
	*out = n;
	return 0;
}

void virtio_net_free(struct virtio_net *n)
{
	if (!n)
		return;
	virtio_mmio_free(n->t);
	net_wire_close(&n->wire);
	free(n);
}

void virtio_net_set_irq(struct virtio_net *n,
			void (*set_irq)(void *opaque, int level),
			void *opaque)
{
	virtio_mmio_set_irq(n->t, set_irq, opaque);
}

void virtio_net_reset(struct virtio_net *n)
{
	virtio_mmio_reset(n->t);
}

void virtio_net_poll(struct virtio_net *n)
{
	rx_deliver(n);
}

const struct virtio_net_counters *virtio_net_counters(const struct virtio_net *n)
{
	return &n->counters;
}

struct virtio_mmio *virtio_net_transport(struct virtio_net *n)
{
	return n->t;
}
