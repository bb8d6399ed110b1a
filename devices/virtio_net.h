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
 * Three receive paths (--net-path; devices/virtio_net.c says how each
 * works): emulated (the vCPU thread copies), vhost (a worker thread
 * copies), zerocopy (the worker has the wire write into the guest's
 * buffers; a counted fallback copy when none is posted).  A frame larger
 * than the chain is dropped and counted; a chain that cannot hold the
 * header, or any chain the walker refuses, marks the card broken until
 * reset.
 */
#ifndef DEVICES_VIRTIO_NET_H
#define DEVICES_VIRTIO_NET_H

#include <stdint.h>

#include "core/bus.h"
#include "core/memory.h"
#include "devices/net_wire.h"
#include "devices/virtio_mmio.h"
#include "devices/virtq_view.h"

/* The MAC the card reports (a locally administered QEMU-style address). */
#define VIRTIO_NET_MAC { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }

/* What the card did: the trace summary and the Network panel show it.
 * Only uint64_t counters: virtio_net_counters() adds them up word by
 * word. */
struct virtio_net_counters {
	uint64_t rx_packets;     /* frames placed in guest buffers */
	uint64_t rx_bytes;       /* their bytes (header not counted) */
	uint64_t bytes_copied;   /* bytes vmscope copied into guest RAM */
	uint64_t bytes_placed;   /* bytes written there directly (zero-copy) */
	uint64_t rx_dropped;     /* frames lost: larger than the chain, or
				    no buffer and no fallback slot */
	uint64_t fallback_packets; /* zerocopy: held in a bounce slot while
				      no buffer was posted */
	uint64_t posted_bytes;   /* writable bytes of the chains used */
	uint64_t used_bytes;     /* ... of which the frames filled */
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t interrupts;     /* used-ring interrupts raised */
	uint64_t suppressed;     /* ... not raised: the driver said so */
	uint64_t wire_errors;    /* the wire failed a read or a write */
	uint64_t kicks;          /* QueueNotify writes that exited to vmscope */
	uint64_t kicks_eventfd;  /* ... that signalled the worker's eventfd
				    without an exit (a backend's ioeventfd) */
	uint64_t irq_vmscope;    /* the line raised by vmscope's vCPU thread
				    (then injected by vmscope, or passed to
				    the backend's chip) */
	uint64_t irq_irqfd;      /* ... raised through the worker's irq
				    eventfd, a backend's irqfd: no vmscope
				    thread (a resampled level included) */
};

struct virtio_net;

/* Where the card goes and what it is attached to. */
struct virtio_net_setup {
	struct bus *bus;
	uint64_t base;
	const struct guest_mem *mem;
	struct net_wire *wire;   /* taken on success (zeroed then) */
	enum net_path path;
	virtio_log_fn log;       /* the transport's refusals and failures */
	/* The worker changed the interrupt line: have the vCPU thread call
	 * virtio_net_poll() soon.  Any thread. */
	void (*wake)(void *opaque);
	void *opaque;            /* for log and wake */
};

/* 0 or -errno; nothing left on failure (the wire stays the caller's). */
int virtio_net_init(struct virtio_net **out, const struct virtio_net_setup *s);
/* NULL is allowed. */
void virtio_net_free(struct virtio_net *n);
void virtio_net_set_irq(struct virtio_net *n,
			void (*set_irq)(void *opaque, int level),
			void *opaque);
/* Power-on state (a machine reset). */
void virtio_net_reset(struct virtio_net *n);
/* Between two runs, on the vCPU thread: the emulated path delivers the
 * frames that are due; with a worker, the interrupt line is brought up to
 * date. */
void virtio_net_poll(struct virtio_net *n);
/* A consistent copy of the counters, all paths added up; any thread but
 * the worker's. */
void virtio_net_counters(struct virtio_net *n, struct virtio_net_counters *c);
/* ... and each path's own (indexed by enum net_path). */
void virtio_net_path_counters(struct virtio_net *n,
			      struct virtio_net_counters out[NET_PATHS]);
/* Switch the receive path, on the vCPU thread between two runs (the
 * kick's eventfd changes: re-register it, core/vm_net.c).  0, or -errno
 * with the card on the emulated path. */
int virtio_net_set_path(struct virtio_net *n, enum net_path path);
enum net_path virtio_net_path(const struct virtio_net *n);
/* The CPU time the worker thread has used so far (ns); 0 on the emulated
 * path, where the vCPU thread does the work (bench/net_paths.c). */
uint64_t virtio_net_worker_cpu_ns(const struct virtio_net *n);
/* The eventfd that wakes the worker, for a backend's ioeventfd on the
 * receive queue's QueueNotify; -1 on the emulated path (no worker). */
int virtio_net_kick_fd(const struct virtio_net *n);
/* The receive queue as a student looks at it (devices/virtq_view.h),
 * read under the card's lock; any thread but the worker's.  Not set up,
 * or the card broken: a view saying so. */
void virtio_net_rx_view(struct virtio_net *n, struct virtq_view *out);
/* The worker's irq eventfd and its resample eventfd, for a backend's
 * irqfd on the card's line; -1 on the emulated path (no worker). */
int virtio_net_irq_fd(const struct virtio_net *n);
int virtio_net_resample_fd(const struct virtio_net *n);
/* On: the backend took the irqfd - from now on the card raises its line
 * by signalling the irq eventfd (a level still high after the guest's EOI
 * again), never through set_irq; a level already high is signalled at
 * once.  Off: set_irq again.  On the vCPU thread, between two runs. */
void virtio_net_set_irqfd(struct virtio_net *n, bool on);
/* Does the card raise its line by the irqfd (virtio_net_set_irqfd(on))? */
bool virtio_net_irqfd_on(struct virtio_net *n);
/* "generator" or "tap". */
const char *virtio_net_wire_name(const struct virtio_net *n);
struct virtio_mmio *virtio_net_transport(struct virtio_net *n);

#endif /* DEVICES_VIRTIO_NET_H */
