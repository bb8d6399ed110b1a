/*
 * devices/virtqueue.h - split virtqueues (virtio 1.2, section 2.7), as a
 * device sees them: take the chains the driver made available, check each
 * one, hand the buffers to the device, give them back on the used ring.
 *
 * The guest writes every byte of a ring, so every byte is checked before it
 * is believed, with the checks the trusted implementations make (QEMU's
 * virtqueue_pop(), Linux vhost's vhost_get_vq_desc(), Firecracker's
 * queue.rs): the queue size, each index, each chain's length and links,
 * each buffer's place in guest RAM, the order of readable and writable
 * buffers, indirect tables.  A descriptor is copied out of guest memory
 * once and only the copy is looked at, so the guest cannot change it
 * between the check and the use.  A violation is reported as -EPROTO with
 * a reason a person can read; the transport then marks the device broken
 * until the driver resets it (devices/virtio_mmio.c).
 *
 * Guest memory layout of one queue of size N (all little-endian, as x86):
 *   descriptor table  16 * N bytes, 16-byte aligned
 *   available ring    flags u16, idx u16, ring[N] u16, used_event u16
 *   used ring         flags u16, idx u16, ring[N] {id u32, len u32},
 *                     avail_event u16
 *
 * Threading: one thread owns a queue at a time (the vCPU thread on the
 * emulated path, the worker on the vhost-style one); the guest runs
 * concurrently, so the ring indexes are read and written with acquire and
 * release ordering.
 */
#ifndef DEVICES_VIRTQUEUE_H
#define DEVICES_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "guest/abi/virtio.h"

#define VIRTQ_MAX_SIZE   256   /* the largest queue vmscope offers */

/* Where a queue lives and how far the device has got.  The transport
 * fills the first block when the driver sets the queue up. */
struct virtq {
	const struct guest_mem *mem;
	uint16_t size;           /* QueueNum: a power of two, <= the max */
	uint64_t desc;           /* guest-physical addresses of the three */
	uint64_t avail;          /* ... areas */
	uint64_t used;
	bool indirect;           /* VIRTIO_F_INDIRECT_DESC negotiated */
	bool event_idx;          /* VIRTIO_F_EVENT_IDX negotiated */

	uint16_t last_avail;     /* next available entry the device takes */
	uint16_t used_idx;       /* next used entry it fills */
	uint16_t signalled_used; /* used_idx when the driver was last told */
	bool signalled_valid;    /* ... and whether it ever was */
};

/* One buffer of a chain, checked: inside RAM, not on a ring, nonempty. */
struct virtq_buf {
	uint64_t gpa;
	uint32_t len;
	bool writable;
	uint16_t desc;           /* its descriptor's index in its table */
};

/* What a chain may hold, by the queue's purpose. */
enum virtq_expect {
	VIRTQ_EXPECT_ANY,       /* readable ones, then writable ones */
	VIRTQ_EXPECT_WRITABLE,  /* the device only writes (a receive queue) */
	VIRTQ_EXPECT_READABLE,  /* the device only reads (a transmit queue) */
};

/* A chain the driver made available.  Readable buffers come first:
 * bufs[0 .. nreadable) are readable, the rest writable. */
struct virtq_chain {
	uint16_t head;           /* what goes back on the used ring */
	bool indirect;           /* the buffers are the indirect table's that
				    descriptor head points at */
	unsigned n;
	unsigned nreadable;
	uint64_t readable_len;   /* bytes, summed */
	uint64_t writable_len;
	struct virtq_buf bufs[VIRTQ_MAX_SIZE];
};

/* Room for a reason such as "descriptor 3: next 300 is not below the
 * queue size 256". */
#define VIRTQ_WHY_LEN 160

/*
 * Is the queue the driver set up usable: size a power of two in
 * [1, max_size], each area aligned and inside RAM?  0, or -EINVAL with
 * the reason in why.  The transport calls it when the driver sets
 * QueueReady.
 */
int virtq_check_layout(const struct virtq *vq, unsigned max_size, char *why,
		       size_t whylen);
/* The device's position back to the start (a reset or a new queue). */
void virtq_restart(struct virtq *vq);
/*
 * Take the next available chain and check it.  1 with *c filled, 0 when
 * the driver has made nothing more available, -EPROTO with the reason in
 * why when the ring or the chain breaks a rule (the chain is not taken).
 */
int virtq_pop(struct virtq *vq, enum virtq_expect expect,
	      struct virtq_chain *c, char *why, size_t whylen);
/*
 * The chain at descriptor head, checked as virtq_pop() checks it, without
 * taking anything (a view of the ring, devices/virtq_view.c).  0 with *c
 * filled, or -EPROTO with the reason in why.
 */
int virtq_walk(const struct virtq *vq, uint16_t head, enum virtq_expect expect,
	       struct virtq_chain *c, char *why, size_t whylen);
/*
 * The chain i entries past the one virtq_pop() would take next, checked
 * as it checks it, without taking anything (to prepare for work to come).
 * 1 with *c filled, 0 when fewer than i + 1 chains are available, -EPROTO
 * with the reason in why (the pop that reaches it reports it).
 */
int virtq_peek(const struct virtq *vq, unsigned i, enum virtq_expect expect,
	       struct virtq_chain *c, char *why, size_t whylen);
/* Put back the chain virtq_pop() took last (the device could not use it
 * now; the next pop returns it again). */
void virtq_unpop(struct virtq *vq);
/* The device filled the first written bytes of c's writable buffers,
 * through host pointers: whoever watches RAM for vmscope's writes hears
 * of them (core/mem_watch.h: the software CPU, should the guest run
 * them).  Before virtq_push() returns the chain. */
void virtq_filled(const struct virtq *vq, const struct virtq_chain *c,
		  uint64_t written);
/* Return a chain on the used ring: written bytes of it were filled. */
void virtq_push(struct virtq *vq, uint16_t head, uint32_t written);
/*
 * After one or more pushes: does the driver want an interrupt now?  With
 * EVENT_IDX, when the used index passed the driver's used_event since the
 * last time the answer was yes; without, unless the driver set
 * VIRTQ_AVAIL_F_NO_INTERRUPT.
 */
bool virtq_need_interrupt(struct virtq *vq);
/*
 * Ask for kicks (on) or say none are needed (off): with EVENT_IDX by
 * writing avail_event, without by VIRTQ_USED_F_NO_NOTIFY.  After turning
 * kicks on, pop again: the driver may have added a chain just before.
 */
void virtq_want_kicks(struct virtq *vq, bool on);
/* Chains available and not yet taken (0 when the index is broken: the
 * next pop reports it). */
unsigned virtq_pending(const struct virtq *vq);

#endif /* DEVICES_VIRTQUEUE_H */
