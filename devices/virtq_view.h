/*
 * devices/virtq_view.h - a split virtqueue as a student looks at it: the
 * descriptor table, who owns each descriptor, the three indexes, and the
 * last chain the device gave back (the TUI's Network panel shows the
 * receive queue's, tui/panel_network.c).
 *
 * Everything is read from guest memory, which the guest writes, with the
 * checks devices/virtqueue.c makes - the view uses the walker itself on a
 * copy of the queue, so it says exactly what the device would: a ring
 * that breaks a rule gives a view marked broken with the walker's reason,
 * never a read outside RAM.
 *
 * Who owns a descriptor, in the order the view decides it:
 *   posted  in a chain the driver made available that the device has not
 *           taken yet (available ring, from "last seen" to "avail idx")
 *   in use  in a chain the device took and has not given back (from "used
 *           idx" to "last seen": the card uses chains in order)
 *   used    in a chain on the used ring (its last size entries) that the
 *           driver has not posted again: given back, and the driver may
 *           not have looked yet - the device cannot see the driver read
 *   free    in none of them: the driver's
 */
#ifndef DEVICES_VIRTQ_VIEW_H
#define DEVICES_VIRTQ_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/virtqueue.h"

enum virtq_owner {
	VIRTQ_OWN_FREE,
	VIRTQ_OWN_POSTED,
	VIRTQ_OWN_IN_USE,
	VIRTQ_OWN_USED,
	VIRTQ_OWNERS,
};

extern const char *const virtq_owner_names[VIRTQ_OWNERS];

enum virtq_view_state {
	VIRTQ_VIEW_NONE,         /* the driver has not set the queue up */
	VIRTQ_VIEW_OK,
	VIRTQ_VIEW_BROKEN,       /* why says what; the rest may be partial */
};

/* One descriptor, as the table held it when the view was taken. */
struct virtq_view_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
	uint8_t owner;           /* enum virtq_owner */
};

/* The newest entry of the used ring and the chain it names. */
struct virtq_view_last {
	bool valid;              /* the device has used a chain */
	uint16_t pos;            /* its place in the used ring's sequence */
	uint32_t head;           /* the entry's id, as the ring holds it */
	uint32_t len;            /* bytes the device wrote */
	bool walked;             /* the chain at head passes the checks now */
	bool indirect;
	unsigned n;              /* buffers */
	uint16_t desc[VIRTQ_MAX_SIZE];  /* their descriptors (the queue's;
					   an indirect table's when indirect) */
	char why[VIRTQ_WHY_LEN]; /* !walked: the walker's reason */
};

struct virtq_view {
	enum virtq_view_state state;
	char why[VIRTQ_WHY_LEN + 64];   /* broken: the reason */
	uint16_t size;
	uint16_t avail_idx;      /* the driver's: chains made available */
	uint16_t last_seen;      /* the device's: available entries taken */
	uint16_t used_idx;       /* the device's: chains given back */
	unsigned owned[VIRTQ_OWNERS];   /* descriptors per owner */
	struct virtq_view_desc desc[VIRTQ_MAX_SIZE];
	struct virtq_view_last last;
};

/*
 * Read queue vq (its layout is checked first) whose chains hold what
 * expect says.  Never fails: a rule broken gives state VIRTQ_VIEW_BROKEN
 * with the reason, and what could be read before it.
 */
void virtq_view_read(const struct virtq *vq, enum virtq_expect expect,
		     struct virtq_view *out);
/* A view of a queue that cannot be read, with the reason (NULL: not set
 * up yet). */
void virtq_view_none(struct virtq_view *out, const char *broken_why);

#endif /* DEVICES_VIRTQ_VIEW_H */
