/*
 * guest/net/netgen_check.c - a received frame against the generator's
 * (see guest/net/netgen_check.h): the virtio header in front, the
 * Ethernet type, the magic, the frame's number, its size, every pattern
 * byte, and the checksum.
 */
#include "guest/abi/netgen.h"
#include "guest/net/netgen_check.h"

int64_t netgen_seq(const struct vnet_frame *f)
{
	const struct netgen_head *h =
		(const struct netgen_head *)(f->data + NETGEN_ETH_HLEN);

	if (f->len < NETGEN_PATTERN_OFF || h->magic != NETGEN_MAGIC)
		return -1;
	return h->seq;
}

const char *netgen_check(const struct vnet_frame *f, uint32_t seq,
			 uint32_t *bad_at)
{
	const struct netgen_head *h =
		(const struct netgen_head *)(f->data + NETGEN_ETH_HLEN);
	uint32_t sum = 0;

	if (f->hdr->num_buffers != 1 || f->hdr->gso_type != 0)
		return "virtio-net header";
	if (f->len < NETGEN_PATTERN_OFF || f->data[12] != NETGEN_ETHERTYPE >> 8
	    || h->magic != NETGEN_MAGIC)
		return "not a generator frame";
	if (h->seq != seq)
		return "out of order";
	if (h->size != f->len)
		return "size";
	for (uint32_t i = 0; i < f->len - NETGEN_PATTERN_OFF; i++) {
		uint8_t b = f->data[NETGEN_PATTERN_OFF + i];

		if (b != netgen_byte(seq, i)) {
			*bad_at = NETGEN_PATTERN_OFF + i;
			return "pattern";
		}
		sum += b;
	}
	return sum == h->sum ? "" : "checksum";
}
