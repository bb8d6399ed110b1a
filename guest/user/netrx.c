/*
 * guest/user/netrx.c - receives NETRX_FRAMES frames from vmscope's frame
 * generator (--net gen) and checks every byte of each against the
 * generator's pattern (guest/abi/netgen.h): the header in front, the
 * Ethernet type, the frame's number (they must arrive in order, none
 * missing), its size, its checksum, and each pattern byte.
 *
 * The driver is guest/net/vnet.c, in this program (ring 3, polling); the
 * check is guest/net/netgen_check.c.
 * Output when all is well, then exit status 0:
 *
 *   netrx: 1000 frames of 1500 bytes, 1500000 bytes, every byte as sent
 *
 * On the first wrong byte it says which frame and byte, and exits 1.
 */
#include <stdio.h>

#include "guest/net/netgen_check.h"
#include "guest/net/vnet.h"

#define NETRX_FRAMES 1000

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
	       "sent\n", NETRX_FRAMES, size, (unsigned long long)bytes);
	return 0;
}
