/*
 * guest/net/vnet.h - a poll-mode virtio-net driver that runs in ring 3,
 * inside the user program, as DPDK's drivers do: the device's registers
 * are mapped into the program (the virtio window is user-accessible, see
 * guest/abi/machine.h) and the rings and buffers live in the program's own
 * memory, whose addresses are guest-physical too (RAM is identity-mapped).
 * No system call, no interrupt, no ring-0 code per frame.
 *
 * One receive chain per buffer: the 12-byte header in a slot of its own,
 * then a 64 KiB buffer starting at a page boundary (the zero-copy path's
 * placement).  The driver polls the used ring and kicks the device (an
 * MMIO write, an exit) only when it finds nothing: on the emulated path
 * that is when vmscope fills the posted buffers.
 */
#ifndef GUEST_NET_VNET_H
#define GUEST_NET_VNET_H

#include <stdint.h>

#include "guest/abi/virtio.h"

struct vnet_frame {
	const uint8_t *data;     /* the frame, Ethernet header first */
	uint32_t len;
	const struct virtio_net_hdr *hdr;
};

/* Find the card, negotiate (VERSION_1, EVENT_IDX), set up the receive
 * and transmit queues, post every receive buffer.  0, or -1 with the
 * reason in *why. */
int vnet_open(const char **why);
/* Wait (polling) for the next frame.  0, or -1 with why (the device
 * broke: DEVICE_NEEDS_RESET). */
int vnet_next(struct vnet_frame *f, const char **why);
/* The frame vnet_next() returned is read: its buffer goes back. */
void vnet_done(void);
/* Send one frame (copied into the transmit buffer) and wait until the
 * device has taken it.  0, or -1 with why. */
int vnet_send(const void *frame, uint32_t len, const char **why);
/* Send the frame vnet_next() returned back where it came from: its two
 * MAC addresses swapped in place, then its own receive buffer put on the
 * transmit queue (no copy), and wait until the device has taken it.
 * Call vnet_done() after.  0, or -1 with why. */
int vnet_echo(const char **why);

#endif /* GUEST_NET_VNET_H */
