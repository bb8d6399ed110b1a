/*
 * devices/virtio_net.h - a virtio network card (virtio 1.2, section 5.1)
 * on the virtio-MMIO transport, with a wire behind it (devices/net_wire.h).
 *
 * Features offered: VERSION_1, MAC, EVENT_IDX, INDIRECT_DESC.  Two queues:
 * receiveq (0), whose chains the device only writes, and transmitq (1),
 * whose chains it only reads.  Every frame, both ways, has the 12-byte
 * struct virtio_net_hdr in front (guest/abi/virtio.h); num_buffers is 1:
 * one frame fills one chain.
 *
 * The emulated receive path: everything happens on the vCPU thread.  A
 * kick of the receive queue (an MMIO exit) or virtio_net_poll() between
 * two runs takes frames from the wire into a bounce buffer and copies
 * them into the chains the guest posted, then interrupts the guest if it
 * wants that (EVENT_IDX).  A frame larger than the chain is dropped and
 * counted; a chain that cannot hold the header, or any chain the walker
 * refuses, marks the device broken until reset.
 */
#ifndef DEVICES_VIRTIO_NET_H
#define DEVICES_VIRTIO_NET_H

#include <stdint.h>

#include "core/bus.h"
#include "core/memory.h"
#include "devices/net_wire.h"
#include "devices/virtio_mmio.h"

/* The MAC the card reports (a locally administered QEMU-style address). */
#define VIRTIO_NET_MAC { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }

/* What the card did: the trace summary and the Network panel show it. */
struct virtio_net_counters {
	uint64_t rx_packets;     /* frames placed in guest buffers */
	uint64_t rx_bytes;       /* their bytes (header not counted) */
	uint64_t bytes_copied;   /* bytes vmscope copied into guest RAM */
	uint64_t bytes_placed;   /* bytes written there directly (zero-copy) */
	uint64_t rx_dropped;     /* frames lost: larger than the chain */
	uint64_t posted_bytes;   /* writable bytes of the chains used */
	uint64_t used_bytes;     /* ... of which the frames filled */
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t interrupts;     /* used-ring interrupts raised */
	uint64_t suppressed;     /* ... not raised: the driver said so */
	uint64_t wire_errors;    /* the wire failed a read or a write */
};

struct virtio_net;

/*
 * The card at base on bus, its transport's log to log.  It takes the wire
 * (closes it in virtio_net_free).  0 or -errno; nothing left on failure
 * (the wire stays the caller's then).
 */
int virtio_net_init(struct virtio_net **out, struct bus *bus, uint64_t base,
		    const struct guest_mem *mem, struct net_wire *wire,
		    virtio_log_fn log, void *log_opaque);
/* NULL is allowed. */
void virtio_net_free(struct virtio_net *n);
void virtio_net_set_irq(struct virtio_net *n,
			void (*set_irq)(void *opaque, int level),
			void *opaque);
/* Power-on state (a machine reset). */
void virtio_net_reset(struct virtio_net *n);
/* Between two runs: deliver the frames that are due into posted chains. */
void virtio_net_poll(struct virtio_net *n);
const struct virtio_net_counters *virtio_net_counters(const struct virtio_net *n);
struct virtio_mmio *virtio_net_transport(struct virtio_net *n);

#endif /* DEVICES_VIRTIO_NET_H */
