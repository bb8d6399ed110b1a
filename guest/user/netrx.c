/*
 * guest/user/netrx.c - receives NETRX_FRAMES frames from vmscope's frame
 * generator (--net gen) and checks every byte of each against the
 * generator's pattern (guest/abi/netgen.h): the header in front, the
 * Ethernet type, the frame's number (they must arrive in order, none
 * missing), its size, its checksum, and each pattern byte.
 *
 * The driver is guest/net/vnet.c, in this program (ring 3, polling).
 * Output when all is well, then exit status 0:
 *
 *   netrx: 1000 frames of 1500 bytes, 1500000 bytes, every byte as sent
 *
 * On the first wrong byte it says which frame and byte, and exits 1.
 */
#include <stdio.h>

#include "guest/abi/netgen.h"
#include "guest/net/vnet.h"

#define NETRX_FRAMES 1000

/* "" when frame seq is exactly what the generator sent, else why not. */
static const char *check(const struct vnet_frame *f, uint32_t seq,
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

int main(void)
{
	struct vnet_frame f;
	const char *why;
	uint64_t bytes = 0;
	uint32_t size = 0, bad_at = 0;

	if (vnet_open(&why)) {
		printf("netrx: %s\n", why);
		return 1;
	}
	for (uint32_t seq = 0; seq < NETRX_FRAMES; seq++) {
		if (vnet_next(&f, &why)) {
			printf("netrx: frame %u: %s\n", seq, why);
			return 1;
		}
		why = check(&f, seq, &bad_at);
		if (*why) {
			printf("netrx: frame %u is wrong: %s (byte %u)\n", seq,
			       why, bad_at);
			return 1;
		}
		size = f.len;
		bytes += f.len;
		vnet_done();
	}
	printf("netrx: %u frames of %u bytes, %llu bytes, every byte as "
	       "sent\n", NETRX_FRAMES, size, (unsigned long long)bytes);
	return 0;
}
