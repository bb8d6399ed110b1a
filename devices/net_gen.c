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
 * every frame due at once.  Sent frames are counted and dropped; those
 * of the generator's type are echoes (guest/user/netecho.c) and must be
 * the frames it sent, in order, every byte, the addresses swapped.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "devices/net_wire.h"
#include "guest/abi/netgen.h"

#define NETGEN_TABLE (NETGEN_MAX_SIZE + NETGEN_SHIFTS)

/* The generator's own address, the frames' source. */
static const uint8_t gen_mac[6] = { 0x02, 0x76, 0x6d, 0x73, 0x67, 0x6e };

struct net_gen {
	uint32_t size;
	uint32_t rate;
	uint32_t seq;            /* the next frame's */
	uint64_t start_ns;       /* the first recv(); 0 before it */
	uint8_t mac[6];
	uint64_t sent;           /* frames the guest sent, dropped */
	uint32_t echoed;         /* echoes found intact: the next one's seq */
	uint8_t echo[NETGEN_MAX_SIZE];        /* the echo expected */
	uint8_t table[NETGEN_TABLE];          /* netgen_seq_byte(j) */
	uint32_t prefix[NETGEN_TABLE + 1];    /* sums of table[0 .. j) */
};

/* The frame's pattern, copied out of the table: the one copy a NIC's DMA
 * makes. */
static void put_pattern(const struct net_gen *g, uint32_t seq,
			const struct iovec *iov, int iovcnt)
{
	uint32_t start = seq % NETGEN_SHIFTS;

	net_iov_put(iov, iovcnt, NETGEN_PATTERN_OFF, g->table + start,
		    g->size - NETGEN_PATTERN_OFF);
}

/* The sum of the pattern bytes of frame seq, from prefix sums. */
static uint32_t pattern_sum(const struct net_gen *g, uint32_t seq)
{
	uint32_t start = seq % NETGEN_SHIFTS;

	return g->prefix[start + g->size - NETGEN_PATTERN_OFF] -
	       g->prefix[start];
}

/* Without a RATE every frame is due: no clock is read (a clock read per
 * frame was a tenth of the emulated path's time for 64-byte frames). */
static bool frame_due(struct net_gen *g)
{
	uint64_t now;

	if (g->rate == 0)
		return true;
	now = clock_now_ns();
	if (!g->start_ns)
		g->start_ns = now;
	return now - g->start_ns >= (uint64_t)g->seq * 1000000000ULL / g->rate;
}

/* Frame seq (g->size bytes) into the iovecs, from dst to src. */
static void put_frame(const struct net_gen *g, uint32_t seq,
		      const struct iovec *iov, int iovcnt,
		      const uint8_t dst[6], const uint8_t src[6])
{
	uint8_t eth[NETGEN_ETH_HLEN];
	struct netgen_head head = { NETGEN_MAGIC, seq, g->size,
				    pattern_sum(g, seq) };

	memcpy(eth, dst, 6);
	memcpy(eth + 6, src, 6);
	eth[12] = NETGEN_ETHERTYPE >> 8;
	eth[13] = NETGEN_ETHERTYPE & 0xff;
	net_iov_put(iov, iovcnt, 0, eth, sizeof(eth));
	net_iov_put(iov, iovcnt, NETGEN_ETH_HLEN, &head, sizeof(head));
	put_pattern(g, seq, iov, iovcnt);
}

static ssize_t gen_recv(void *state, const struct iovec *iov, int iovcnt)
{
	struct net_gen *g = state;

	if (!frame_due(g))
		return 0;
	if (net_iov_bytes(iov, iovcnt) < g->size) {
		g->seq++;          /* lost, as on a wire: the next one follows */
		return -EMSGSIZE;
	}
	put_frame(g, g->seq, iov, iovcnt, g->mac, gen_mac);
	g->seq++;
	return g->size;
}

/* Do the iovecs hold exactly the len bytes at want? */
static bool iov_equal(const struct iovec *iov, int iovcnt, const uint8_t *want,
		      size_t len)
{
	if (net_iov_bytes(iov, iovcnt) != len)
		return false;
	for (int i = 0; i < iovcnt; i++) {
		if (memcmp(iov[i].iov_base, want, iov[i].iov_len))
			return false;
		want += iov[i].iov_len;
	}
	return true;
}

/* Byte off of the iovecs, or -1 past their end. */
static int iov_byte(const struct iovec *iov, int iovcnt, size_t off)
{
	for (int i = 0; i < iovcnt; i++) {
		if (off < iov[i].iov_len)
			return ((const uint8_t *)iov[i].iov_base)[off];
		off -= iov[i].iov_len;
	}
	return -1;
}

/*
 * The sink.  A frame of the generator's type is an echo (netecho): it must
 * be the next frame not yet echoed, every byte as sent, the addresses
 * swapped; anything else there is -EPROTO (the card counts a wire error).
 * Other frames are counted and dropped.
 */
static int gen_send(void *state, const struct iovec *iov, int iovcnt)
{
	struct net_gen *g = state;
	struct iovec want = { g->echo, g->size };

	g->sent++;
	if (iov_byte(iov, iovcnt, 12) != NETGEN_ETHERTYPE >> 8 ||
	    iov_byte(iov, iovcnt, 13) != (NETGEN_ETHERTYPE & 0xff))
		return 0;
	put_frame(g, g->echoed, &want, 1, gen_mac, g->mac);
	if (!iov_equal(iov, iovcnt, g->echo, g->size))
		return -EPROTO;
	g->echoed++;
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
	/* 4 KiB pages: in a 2 MiB page no path got faster (docs/NETWORK.md). */
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
