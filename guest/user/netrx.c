/*
 * guest/user/netrx.c - receives NETRX_FRAMES frames from vmscope's frame
 * generator (--net gen) and checks every byte of each against the
 * generator's pattern (guest/abi/netgen.h): the header in front, the
 * Ethernet type, the frame's number (they must arrive in order; frames
 * missing - dropped by the card on the way, counted in the trace summary -
 * are counted and said), its size, its checksum, and each pattern byte.
 *
 * The driver is guest/net/vnet.c, in this program (ring 3, polling); the
 * check is guest/net/netgen_check.c.
 * Output when all is well, then exit status 0:
 *
 *   netrx: 1000 frames of 1500 bytes, 1500000 bytes, every byte as sent
 *
 * and, when frames were missing, "; 37 missing" at the end of that line.
 *
 * On the first wrong byte it says which frame and byte, and exits 1.
 */
#include <stdio.h>

#include "guest/net/netgen_check.h"
#include "guest/net/vnet.h"

#define NETRX_FRAMES 1000

/* The next frame must be frame *seq or a later one: frames the card
 * dropped on the way (a fast sender, zero-copy's full fallback slots) are
 * counted in *missing; an earlier one (a repeat) is an error. */
static const char *next_seq(const struct vnet_frame *f, uint32_t *seq,
			    uint32_t *missing)
{
	int64_t got = netgen_seq(f);

	if (got >= 0 && got < *seq)
		return "out of order";
	if (got > *seq) {
		*missing += (uint32_t)(got - *seq);
		*seq = (uint32_t)got;
	}
	return "";
}

int main(void)
{
	struct vnet_frame f;
	const char *why;
	uint64_t bytes = 0;
	uint32_t size = 0, bad_at = 0, seq = 0, missing = 0;

	if (vnet_open(&why)) {
		printf("netrx: %s\n", why);
		return 1;
	}
	for (uint32_t got = 0; got < NETRX_FRAMES; got++, seq++) {
		if (vnet_next(&f, &why)) {
			printf("netrx: frame %u: %s\n", seq, why);
			return 1;
		}
		why = next_seq(&f, &seq, &missing);
		if (!*why)
			why = netgen_check(&f, seq, &bad_at);
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
	       "sent", NETRX_FRAMES, size, (unsigned long long)bytes);
	if (missing)
		printf("; %u missing", missing);
	printf("\n");
	return 0;
}
