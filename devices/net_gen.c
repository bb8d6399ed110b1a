/*
 * devices/net_gen.c - vmscope's own packet generator (--net gen): the wire
 * for machines where a TAP device is not allowed, and the cleanest one to
 * measure, because here vmscope itself is the NIC.
 *
 * Frame seq is written once, straight into the iovecs recv() is given,
 * as a NIC's DMA would write it (its pattern is one copy out of a table
 * made at start, guest/abi/netgen.h): on the zero-copy path those point into
 * the guest's buffers and the frame is never copied; on the copying paths
 * they point at a bounce buffer and the device copies from there.  The
 * frame's layout is guest/abi/netgen.h.
 *
 * RATE paces the frames by the host clock: frame n is due n/RATE seconds
 * after the first recv(); a recv() before that finds none.  RATE 0 has
 * every frame due at once.  Sent frames are counted and dropped.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "devices/net_wire.h"
#include "guest/abi/netgen.h"

#define NETGEN_TABLE (NETGEN_MAX_SIZE + NETGEN_SHIFTS)

struct net_gen {
	uint32_t size;
	uint32_t rate;
	uint32_t seq;            /* the next frame's */
	uint64_t start_ns;       /* the first recv(); 0 before it */
	uint8_t mac[6];
	uint64_t sent;           /* frames the guest sent, dropped */
	uint8_t table[NETGEN_TABLE];          /* netgen_seq_byte(j) */
	uint32_t prefix[NETGEN_TABLE + 1];    /* sums of table[0 .. j) */
};

/* The frame's pattern, copied out of the table: the one copy a NIC's DMA
 * makes. */
static void put_pattern(const struct net_gen *g, const struct iovec *iov,
			int iovcnt)
{
	uint32_t start = g->seq % NETGEN_SHIFTS;

	net_iov_put(iov, iovcnt, NETGEN_PATTERN_OFF, g->table + start,
		    g->size - NETGEN_PATTERN_OFF);
}

/* The sum of the pattern bytes of the current frame, from prefix sums. */
static uint32_t pattern_sum(const struct net_gen *g)
{
	uint32_t start = g->seq % NETGEN_SHIFTS;

	return g->prefix[start + g->size - NETGEN_PATTERN_OFF] -
	       g->prefix[start];
}

static bool frame_due(struct net_gen *g)
{
	uint64_t now = clock_now_ns();

	if (!g->start_ns)
		g->start_ns = now;
	return g->rate == 0 ||
	       now - g->start_ns >= (uint64_t)g->seq * 1000000000ULL / g->rate;
}

static ssize_t gen_recv(void *state, const struct iovec *iov, int iovcnt)
{
	struct net_gen *g = state;
	static const uint8_t src[6] = { 0x02, 0x76, 0x6d, 0x73, 0x67, 0x6e };
	uint8_t eth[NETGEN_ETH_HLEN];
	struct netgen_head head = { NETGEN_MAGIC, g->seq, g->size, 0 };

	if (!frame_due(g))
		return 0;
	if (net_iov_bytes(iov, iovcnt) < g->size) {
		g->seq++;          /* lost, as on a wire: the next one follows */
		return -EMSGSIZE;
	}
	memcpy(eth, g->mac, 6);
	memcpy(eth + 6, src, 6);
	eth[12] = NETGEN_ETHERTYPE >> 8;
	eth[13] = NETGEN_ETHERTYPE & 0xff;
	head.sum = pattern_sum(g);
	net_iov_put(iov, iovcnt, 0, eth, sizeof(eth));
	net_iov_put(iov, iovcnt, NETGEN_ETH_HLEN, &head, sizeof(head));
	put_pattern(g, iov, iovcnt);
	g->seq++;
	return g->size;
}

static int gen_send(void *state, const struct iovec *iov, int iovcnt)
{
	struct net_gen *g = state;

	(void)iov;
	(void)iovcnt;
	g->sent++;
	return 0;
}

static void gen_close(void *state)
{
	free(state);
}

static const struct net_wire_ops gen_ops = {
	.recv = gen_recv,
	.send = gen_send,
	.close = gen_close,
};

int net_gen_open(struct net_wire *wire, uint32_t size, uint32_t rate,
		 const uint8_t mac[6])
{
	struct net_gen *g;

	if (size < NETGEN_MIN_SIZE || size > NETGEN_MAX_SIZE)
		return -EINVAL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->size = size;
	g->rate = rate;
	for (uint32_t j = 0; j < NETGEN_TABLE; j++) {
		g->table[j] = netgen_seq_byte(j);
		g->prefix[j + 1] = g->prefix[j] + g->table[j];
	}
	memcpy(g->mac, mac, 6);
	*wire = (struct net_wire){ &gen_ops, g, "generator", .fd = -1,
				   .paced = rate > 0, .poll_ms = rate > 0 };
	return 0;
}
