/*
 * guest/net/netgen_check.h - checking a received frame against vmscope's
 * frame generator (guest/abi/netgen.h), byte for byte: what netrx and
 * netecho both do with every frame.
 */
#ifndef GUEST_NET_NETGEN_CHECK_H
#define GUEST_NET_NETGEN_CHECK_H

#include <stdint.h>

#include "guest/net/vnet.h"

/* "" when f is exactly frame seq as the generator sent it, else what is
 * wrong ("out of order", "pattern", ...); for "pattern", the frame's
 * byte in *bad_at. */
const char *netgen_check(const struct vnet_frame *f, uint32_t seq,
			 uint32_t *bad_at);

/* The number frame f says it is, or -1 when it is no generator frame. */
int64_t netgen_seq(const struct vnet_frame *f);

#endif /* GUEST_NET_NETGEN_CHECK_H */
