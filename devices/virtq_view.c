/*
 * devices/virtq_view.c - a split virtqueue read for a student (see
 * devices/virtq_view.h).
 *
 * The view trusts no byte of the ring: the layout goes through
 * virtq_check_layout(), every read through guest_mem_read() (bounds
 * checked), and the chains through the walker itself - virtq_pop() on a
 * copy of the queue for the chains posted (so the available index is
 * checked as the device checks it), virtq_walk() from a head for the
 * others.  A posted chain the walker refuses is one the device will refuse
 * when it gets there: the view is broken, with the same words.  A chain
 * named by the used ring or taken by the device may since have been
 * rewritten by the driver (it owns them again once it has looked); one
 * that no longer walks marks only its head.
 */
#include <stdio.h>
#include <string.h>

#include "devices/virtq_view.h"

const char *const virtq_owner_names[VIRTQ_OWNERS] = {
	[VIRTQ_OWN_FREE] = "free",
	[VIRTQ_OWN_POSTED] = "posted",
	[VIRTQ_OWN_IN_USE] = "in use",
	[VIRTQ_OWN_USED] = "used",
};

void virtq_view_none(struct virtq_view *out, const char *broken_why)
{
	memset(out, 0, sizeof(*out));
	if (!broken_why)
		return;
	out->state = VIRTQ_VIEW_BROKEN;
	snprintf(out->why, sizeof(out->why), "%s", broken_why);
}

static void broken(struct virtq_view *out, const char *why)
{
	out->state = VIRTQ_VIEW_BROKEN;
	snprintf(out->why, sizeof(out->why), "%s", why);
}

/* A u16 or a used element of the rings; false when it is not in RAM. */
static bool read_at(const struct virtq *vq, uint64_t gpa, void *dst,
		    size_t len)
{
	return guest_mem_read(vq->mem, gpa, dst, len) == 0;
}

static bool read_table(const struct virtq *vq, struct virtq_view *out)
{
	for (unsigned i = 0; i < vq->size; i++) {
		struct virtq_desc d;

		if (!read_at(vq, vq->desc + (uint64_t)VIRTQ_DESC_SIZE * i, &d,
			     sizeof(d)))
			return false;
		out->desc[i] = (struct virtq_view_desc){ d.addr, d.len,
							 d.flags, d.next,
							 VIRTQ_OWN_FREE };
	}
	return true;
}

/* The queue's descriptors of chain c go to owner, unless already owned. */
static void own_chain(struct virtq_view *out, const struct virtq_chain *c,
		      enum virtq_owner owner)
{
	unsigned n = c->indirect ? 1 : c->n;

	for (unsigned i = 0; i < n; i++) {
		unsigned d = c->indirect ? c->head : c->bufs[i].desc;

		if (out->desc[d].owner == VIRTQ_OWN_FREE)
			out->desc[d].owner = (uint8_t)owner;
	}
}

/* The chain at head, if it still walks; else its head alone. */
static void own_head(const struct virtq *vq, enum virtq_expect expect,
		     uint32_t head, enum virtq_owner owner,
		     struct virtq_view *out, struct virtq_chain *c)
{
	char why[VIRTQ_WHY_LEN];

	if (head >= vq->size)
		return;
	if (virtq_walk(vq, (uint16_t)head, expect, c, why, sizeof(why)) == 0)
		own_chain(out, c, owner);
	else if (out->desc[head].owner == VIRTQ_OWN_FREE)
		out->desc[head].owner = (uint8_t)owner;
}

/* Posted: what the device would take next, popped from a copy (up to a
 * chain it would refuse). */
static void own_posted(const struct virtq *vq, enum virtq_expect expect,
		       struct virtq_view *out, struct virtq_chain *c)
{
	struct virtq copy = *vq;
	char why[VIRTQ_WHY_LEN];
	int r;

	while ((r = virtq_pop(&copy, expect, c, why, sizeof(why))) > 0)
		own_chain(out, c, VIRTQ_OWN_POSTED);
	if (r < 0)
		broken(out, why);
}

/* In use: available entries [used idx, last seen) - the card gives chains
 * back in the order it took them. */
static void own_in_use(const struct virtq *vq, enum virtq_expect expect,
		       struct virtq_view *out, struct virtq_chain *c)
{
	uint16_t n = (uint16_t)(vq->last_avail - vq->used_idx);

	for (uint16_t k = 0; k < n && k < vq->size; k++) {
		uint16_t pos = (uint16_t)(vq->used_idx + k), head;

		if (read_at(vq, vq->avail + 4 + 2 * (uint64_t)(pos % vq->size),
			    &head, sizeof(head)))
			own_head(vq, expect, head, VIRTQ_OWN_IN_USE, out, c);
	}
}

/* One entry of the used ring, at position pos of its sequence. */
static bool used_entry(const struct virtq *vq, uint16_t pos, uint32_t elem[2])
{
	return read_at(vq, vq->used + 4 + 8 * (uint64_t)(pos % vq->size), elem,
		       2 * sizeof(uint32_t));
}

/* Used: the ring's entries, newest first (an index of 0 reads as none
 * written yet: the 65536th chain shows none). */
static void own_used(const struct virtq *vq, enum virtq_expect expect,
		     struct virtq_view *out, struct virtq_chain *c)
{
	unsigned n = vq->used_idx < vq->size ? vq->used_idx : vq->size;
	uint32_t elem[2];

	for (unsigned k = 1; k <= n; k++)
		if (used_entry(vq, (uint16_t)(vq->used_idx - k), elem))
			own_head(vq, expect, elem[0], VIRTQ_OWN_USED, out, c);
}

/* The newest used entry and its chain as the table holds it now. */
static void last_chain(const struct virtq *vq, enum virtq_expect expect,
		       struct virtq_view_last *last, struct virtq_chain *c)
{
	uint32_t elem[2];

	if (vq->used_idx == 0 ||
	    !used_entry(vq, (uint16_t)(vq->used_idx - 1), elem))
		return;
	last->valid = true;
	last->pos = (uint16_t)(vq->used_idx - 1);
	last->head = elem[0];
	last->len = elem[1];
	if (elem[0] > UINT16_MAX) {
		snprintf(last->why, sizeof(last->why), "descriptor index %u "
			 "is not below the queue size %u", elem[0], vq->size);
		return;
	}
	if (virtq_walk(vq, (uint16_t)elem[0], expect, c, last->why,
		       sizeof(last->why)))
		return;
	last->walked = true;
	last->indirect = c->indirect;
	last->n = c->n;
	for (unsigned i = 0; i < c->n; i++)
		last->desc[i] = c->bufs[i].desc;
}

void virtq_view_read(const struct virtq *vq, enum virtq_expect expect,
		     struct virtq_view *out)
{
	struct virtq_chain chain;   /* the walker's scratch */
	char why[VIRTQ_WHY_LEN];

	virtq_view_none(out, NULL);
	out->last_seen = vq->last_avail;
	out->used_idx = vq->used_idx;
	if (virtq_check_layout(vq, VIRTQ_MAX_SIZE, why, sizeof(why))) {
		broken(out, why);   /* size stays 0: desc[] holds no entry */
		return;
	}
	out->size = vq->size;
	out->state = VIRTQ_VIEW_OK;
	if (!read_at(vq, vq->avail + 2, &out->avail_idx,
		     sizeof(out->avail_idx)) || !read_table(vq, out)) {
		broken(out, "the ring is not inside RAM");
		return;
	}
	own_posted(vq, expect, out, &chain);
	own_in_use(vq, expect, out, &chain);
	own_used(vq, expect, out, &chain);
	for (unsigned i = 0; i < vq->size; i++)
		out->owned[out->desc[i].owner]++;
	last_chain(vq, expect, &out->last, &chain);
}
