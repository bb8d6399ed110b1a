/*
 * guest/user/netecho.c - receives NETECHO_FRAMES frames from the wire,
 * checks every byte of each against the generator's pattern (as netrx
 * does: guest/net/netgen_check.c), and sends each back through the
 * transmit queue, addresses swapped, from the buffer it arrived in (the
 * driver's vnet_echo: no copy in the guest).  Whoever sent the frames
 * checks the echoes: vmscope's generator (--net gen) counts an echo that
 * is not exactly its frame as a wire error; over a TAP, the test's sender
 * (tests/integration/net_send.py --echo) compares every byte.
 *
 * Output when all is well, then exit status 0:
 *
 *   netecho: 1000 frames of 1500 bytes, every byte as sent, all sent back
 *
 * On the first wrong byte it says which frame and byte, and exits 1.
 */
#include <stdio.h>

#include "guest/net/netgen_check.h"
#include "guest/net/vnet.h"

#define NETECHO_FRAMES 1000

int main(void)
{
	struct vnet_frame f;
	const char *why;
	uint32_t size = 0, bad_at = 0;

	if (vnet_open(&why)) {
		printf("netecho: %s\n", why);
		return 1;
	}
	for (uint32_t seq = 0; seq < NETECHO_FRAMES; seq++) {
		if (vnet_next(&f, &why)) {
			printf("netecho: frame %u: %s\n", seq, why);
			return 1;
		}
		why = netgen_check(&f, seq, &bad_at);
		if (*why) {
			printf("netecho: frame %u is wrong: %s (byte %u)\n",
			       seq, why, bad_at);
			return 1;
		}
		size = f.len;
		if (vnet_echo(&why)) {
			printf("netecho: frame %u: %s\n", seq, why);
			return 1;
		}
		vnet_done();
	}
	printf("netecho: %u frames of %u bytes, every byte as sent, all sent "
	       "back\n", NETECHO_FRAMES, size);
	return 0;
}
