/*
 * devices/virtqueue.c - the split virtqueue walker: every chain the guest
 * offers is checked before the device touches a byte of it.
 *
 * The rules, each with the reason it exists (virtio 1.2, 2.7; the same
 * checks QEMU's virtqueue_pop(), Linux vhost_get_vq_desc() and
 * Firecracker's queue.rs make):
 *   - the available index moves forward by at most the queue size: a
 *     bigger step (or one backwards, which is a huge step modulo 2^16)
 *     would make the device take entries the driver never wrote;
 *   - every index (in the available ring, in a next field) is below the
 *     size of the table it indexes: the table ends there;
 *   - a chain visits no descriptor twice: a loop would keep the device
 *     walking for ever ("loops in the descriptor chain are forbidden");
 *   - an indirect table has a length that is a nonzero multiple of 16 and
 *     at most the queue size, sits only at the head of a chain, without
 *     NEXT, and holds no INDIRECT descriptor itself;
 *   - every buffer is nonempty, does not wrap past 2^64, ends inside RAM
 *     and does not overlap the queue's own rings (a device writing a
 *     receive buffer onto the used ring would corrupt its own bookkeeping);
 *   - readable buffers come before writable ones, and a queue whose device
 *     only writes (a receive queue) holds no readable buffer;
 *   - a chain holds at most 2^32 bytes in all.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "devices/virtqueue.h"

/* Sizes of the three areas of a queue of size n (with the event fields). */
static uint64_t desc_bytes(unsigned n)  { return (uint64_t)VIRTQ_DESC_SIZE * n; }
static uint64_t avail_bytes(unsigned n) { return 6 + 2 * (uint64_t)n; }
static uint64_t used_bytes(unsigned n)  { return 6 + 8 * (uint64_t)n; }

static int say(char *why, size_t whylen, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int say(char *why, size_t whylen, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return err;
}

static int check_area(const struct virtq *vq, const char *name, uint64_t gpa,
		      uint64_t len, uint64_t align, char *why, size_t whylen)
{
	if (gpa % align)
		return say(why, whylen, -EINVAL,
			   "%s at 0x%llx is not %llu-byte aligned", name,
			   (unsigned long long)gpa, (unsigned long long)align);
	if (!guest_mem_ptr(vq->mem, gpa, len))
		return say(why, whylen, -EINVAL,
			   "%s at 0x%llx (%llu bytes) is not inside RAM", name,
			   (unsigned long long)gpa, (unsigned long long)len);
	return 0;
}

int virtq_check_layout(const struct virtq *vq, unsigned max_size, char *why,
		       size_t whylen)
{
	unsigned n = vq->size;
	int err;

	if (max_size > VIRTQ_MAX_SIZE)
		max_size = VIRTQ_MAX_SIZE;
	if (n == 0 || n > max_size || (n & (n - 1)))
		return say(why, whylen, -EINVAL,
			   "queue size %u is not a power of two from 1 to %u",
			   n, max_size);
	err = check_area(vq, "descriptor table", vq->desc, desc_bytes(n), 16,
			 why, whylen);
	if (!err)
		err = check_area(vq, "available ring", vq->avail,
				 avail_bytes(n), 2, why, whylen);
	if (!err)
		err = check_area(vq, "used ring", vq->used, used_bytes(n), 4,
				 why, whylen);
	return err;
}

void virtq_restart(struct virtq *vq)
{
	vq->last_avail = 0;
	vq->used_idx = 0;
	vq->signalled_used = 0;
	vq->signalled_valid = false;
}

/*
 * The ring fields the guest changes while the device looks: read and
 * written in place, atomically.  The queue passed virtq_check_layout(), so
 * each field lies inside RAM and is naturally aligned.
 */
static uint16_t *ring16(const struct virtq *vq, uint64_t gpa)
{
	return guest_mem_ptr(vq->mem, gpa, sizeof(uint16_t));
}

static uint16_t avail_idx(const struct virtq *vq)
{
	return __atomic_load_n(ring16(vq, vq->avail + 2), __ATOMIC_ACQUIRE);
}

unsigned virtq_pending(const struct virtq *vq)
{
	uint16_t n = (uint16_t)(avail_idx(vq) - vq->last_avail);

	return n <= vq->size ? n : 0;
}

/* One walk over one chain: what it has seen so far. */
struct walk {
	const struct virtq *vq;
	enum virtq_expect expect;
	struct virtq_chain *c;
	char *why;
	size_t whylen;
};

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static bool on_a_ring(const struct virtq *vq, uint64_t gpa, uint64_t len)
{
	return overlaps(gpa, len, vq->desc, desc_bytes(vq->size)) ||
	       overlaps(gpa, len, vq->avail, avail_bytes(vq->size)) ||
	       overlaps(gpa, len, vq->used, used_bytes(vq->size));
}

/* Where a buffer or table may lie.  what names it in the reason. */
static int check_place(struct walk *w, const char *what, unsigned i,
		       uint64_t gpa, uint32_t len)
{
	if (len == 0)
		return say(w->why, w->whylen, -EPROTO,
			   "descriptor %u: %s of length 0", i, what);
	if (gpa > UINT64_MAX - len)
		return say(w->why, w->whylen, -EPROTO,
			   "descriptor %u: %s at 0x%llx + %u wraps around", i,
			   what, (unsigned long long)gpa, len);
	if (!guest_mem_ptr(w->vq->mem, gpa, len))
		return say(w->why, w->whylen, -EPROTO,
			   "descriptor %u: %s at 0x%llx + %u is past the end "
			   "of RAM", i, what, (unsigned long long)gpa, len);
	if (on_a_ring(w->vq, gpa, len))
		return say(w->why, w->whylen, -EPROTO,
			   "descriptor %u: %s at 0x%llx + %u lies on the "
			   "queue's own rings", i, what,
			   (unsigned long long)gpa, len);
	return 0;
}

/* Direction rules: readable before writable, and what the queue allows. */
static int check_direction(struct walk *w, unsigned i, bool writable)
{
	const struct virtq_chain *c = w->c;

	if (!writable && c->n > c->nreadable)
		return say(w->why, w->whylen, -EPROTO,
			   "descriptor %u: readable buffer after a writable "
			   "one", i);
	if (!writable && w->expect == VIRTQ_EXPECT_WRITABLE)
		return say(w->why, w->whylen, -EPROTO,
			   "descriptor %u: readable buffer in a chain the "
			   "device only writes (a receive queue)", i);
	if (writable && w->expect == VIRTQ_EXPECT_READABLE)
		return say(w->why, w->whylen, -EPROTO,
			   "descriptor %u: writable buffer in a chain the "
			   "device only reads (a transmit queue)", i);
	return 0;
}

static int add_buffer(struct walk *w, unsigned i, const struct virtq_desc *d)
{
	struct virtq_chain *c = w->c;
	bool writable = d->flags & VIRTQ_DESC_F_WRITE;
	int err = check_place(w, "buffer", i, d->addr, d->len);

	if (!err)
		err = check_direction(w, i, writable);
	if (err)
		return err;
	if (c->readable_len + c->writable_len + d->len > UINT32_MAX)
		return say(w->why, w->whylen, -EPROTO,
			   "descriptor %u: the chain holds more than 4 GiB", i);
	c->bufs[c->n++] = (struct virtq_buf){ d->addr, d->len, writable,
					      (uint16_t)i };
	if (writable) {
		c->writable_len += d->len;
	} else {
		c->nreadable++;
		c->readable_len += d->len;
	}
	return 0;
}

static int walk_indirect(struct walk *w, unsigned i,
			 const struct virtq_desc *d);

/*
 * Follow one chain through a table of n descriptors at table, from first.
 * indirect: the table is an indirect one (no INDIRECT inside it).  Each
 * descriptor is copied out once; seen[] catches a second visit.
 */
static int walk_table(struct walk *w, uint64_t table, unsigned n,
		      unsigned first, bool indirect)
{
	uint8_t seen[VIRTQ_MAX_SIZE / 8] = { 0 };
	const char *kind = indirect ? "indirect table" : "queue";
	struct virtq_desc d;
	unsigned i = first;
	int err;

	for (;;) {
		if (i >= n)
			return say(w->why, w->whylen, -EPROTO,
				   "descriptor index %u is not below the %s "
				   "size %u", i, kind, n);
		if (seen[i / 8] & (1u << (i % 8)))
			return say(w->why, w->whylen, -EPROTO,
				   "descriptor %u comes twice in one chain "
				   "(a loop)", i);
		seen[i / 8] |= 1u << (i % 8);
		memcpy(&d, guest_mem_ptr(w->vq->mem, table + desc_bytes(i),
					 VIRTQ_DESC_SIZE), sizeof(d));
		if (d.flags & VIRTQ_DESC_F_INDIRECT)
			return indirect ?
			       say(w->why, w->whylen, -EPROTO,
				   "descriptor %u: INDIRECT inside an "
				   "indirect table", i) :
			       walk_indirect(w, i, &d);
		err = add_buffer(w, i, &d);
		if (err || !(d.flags & VIRTQ_DESC_F_NEXT))
			return err;
		i = d.next;
	}
}

/* Descriptor i of the queue points at an indirect table. */
static int walk_indirect(struct walk *w, unsigned i,
			 const struct virtq_desc *d)
{
	const char *rule = NULL;
	int err;

	if (!w->vq->indirect)
		rule = "INDIRECT, but VIRTIO_F_INDIRECT_DESC was not "
		       "negotiated";
	else if (w->c->n > 0)
		rule = "INDIRECT anywhere but at the head of a chain";
	else if (d->flags & VIRTQ_DESC_F_NEXT)
		rule = "INDIRECT together with NEXT";
	else if (d->len % VIRTQ_DESC_SIZE)
		rule = "indirect table length not a multiple of 16";
	else if (d->len / VIRTQ_DESC_SIZE > w->vq->size)
		rule = "indirect table longer than the queue";
	if (rule)
		return say(w->why, w->whylen, -EPROTO, "descriptor %u: %s", i,
			   rule);
	err = check_place(w, "indirect table", i, d->addr, d->len);
	if (err)
		return err;
	w->c->indirect = true;
	return walk_table(w, d->addr, d->len / VIRTQ_DESC_SIZE, 0, true);
}

int virtq_walk(const struct virtq *vq, uint16_t head, enum virtq_expect expect,
	       struct virtq_chain *c, char *why, size_t whylen)
{
	struct walk w = { vq, expect, c, why, whylen };

	c->head = head;
	c->indirect = false;
	c->n = c->nreadable = 0;
	c->readable_len = c->writable_len = 0;
	return walk_table(&w, vq->desc, vq->size, head, false);
}

/* The head the available ring holds i entries past the next one the
 * device takes. */
static uint16_t avail_head(const struct virtq *vq, unsigned i)
{
	uint16_t at = (uint16_t)(vq->last_avail + i) % vq->size;

	return __atomic_load_n(ring16(vq, vq->avail + 4 + 2 * (uint64_t)at),
			       __ATOMIC_RELAXED);
}

int virtq_peek(const struct virtq *vq, unsigned i, enum virtq_expect expect,
	       struct virtq_chain *c, char *why, size_t whylen)
{
	int err;

	if (i >= virtq_pending(vq))
		return 0;
	err = virtq_walk(vq, avail_head(vq, i), expect, c, why, whylen);
	return err ? err : 1;
}

int virtq_pop(struct virtq *vq, enum virtq_expect expect,
	      struct virtq_chain *c, char *why, size_t whylen)
{
	uint16_t idx = avail_idx(vq);
	uint16_t moved = (uint16_t)(idx - vq->last_avail);
	uint16_t head;
	int err;

	if (moved > vq->size)
		return say(why, whylen, -EPROTO,
			   "available index went from %u to %u: more than "
			   "the queue size %u", vq->last_avail, idx, vq->size);
	if (moved == 0)
		return 0;
	head = avail_head(vq, 0);
	err = virtq_walk(vq, head, expect, c, why, whylen);
	if (err)
		return err;
	vq->last_avail++;
	return 1;
}

void virtq_unpop(struct virtq *vq)
{
	vq->last_avail--;
}

void virtq_filled(const struct virtq *vq, const struct virtq_chain *c,
		  uint64_t written)
{
	for (unsigned i = c->nreadable; i < c->n && written; i++) {
		uint64_t len = c->bufs[i].len < written ? c->bufs[i].len
							: written;

		guest_mem_wrote(vq->mem, c->bufs[i].gpa, len);
		written -= len;
	}
}

void virtq_push(struct virtq *vq, uint16_t head, uint32_t written)
{
	uint64_t slot = vq->used + 4 + 8 * (uint64_t)(vq->used_idx % vq->size);
	uint32_t elem[2] = { head, written };

	memcpy(guest_mem_ptr(vq->mem, slot, sizeof(elem)), elem, sizeof(elem));
	vq->used_idx++;
	/* The entry before the index: the driver reads them in that order. */
	__atomic_store_n(ring16(vq, vq->used + 2), vq->used_idx,
			 __ATOMIC_RELEASE);
	guest_mem_wrote(vq->mem, vq->used, used_bytes(vq->size));
}

/* virtio 1.2, 2.7.10: has new_idx passed event since old? (modulo 2^16) */
static bool need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

bool virtq_need_interrupt(struct virtq *vq)
{
	uint16_t old = vq->signalled_used;
	bool valid = vq->signalled_valid;
	uint16_t event;

	/* Our used index store before the driver's event read: a full
	 * fence, or both sides may miss each other's update. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!vq->event_idx)
		return !(__atomic_load_n(ring16(vq, vq->avail), __ATOMIC_RELAXED)
			 & VIRTQ_AVAIL_F_NO_INTERRUPT);
	vq->signalled_used = vq->used_idx;
	vq->signalled_valid = true;
	event = __atomic_load_n(ring16(vq, vq->avail + 4 + 2 * vq->size),
				__ATOMIC_RELAXED);
	return !valid || need_event(event, vq->used_idx, old);
}

/* A 16-bit field of the used ring that the driver reads, stored in place
 * and said written, as every host write into guest RAM is
 * (core/memory.h). */
static void used_store16(struct virtq *vq, uint64_t gpa, uint16_t v)
{
	__atomic_store_n(ring16(vq, gpa), v, __ATOMIC_RELAXED);
	guest_mem_wrote(vq->mem, gpa, sizeof(v));
}

void virtq_want_kicks(struct virtq *vq, bool on)
{
	if (vq->event_idx) {
		/* Off needs no write: the driver kicks only when it passes
		 * avail_event, which stays behind. */
		if (on)
			used_store16(vq, vq->used + 4 + 8 * vq->size,
				     vq->last_avail);
	} else {
		used_store16(vq, vq->used, on ? 0 : VIRTQ_USED_F_NO_NOTIFY);
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}
