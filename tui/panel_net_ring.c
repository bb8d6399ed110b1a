/*
 * tui/panel_net_ring.c - the Network panel's second page (d): the card's
 * receive ring as the card reads it (devices/virtq_view.h).  At 52
 * columns:
 *
 *   rx ring, size 64 (d: counters)
 *   avail idx 1032  last seen 1032  used idx 1032
 *   P posted 14  D in use 0  U used 50  . free 0
 *     0 UUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUU
 *    32 UUUUUUUUUUUUUUUUUUPPPPPPPPPPPPPP
 *   last chain 14,15: 1512 bytes
 *      #    address  length flags               owner
 *   > 14 0x001ff000      12 NEXT WRITE          used
 *   > 15 0x00210000   65548 WRITE               used
 *
 * The three indexes (the driver's avail idx, the device's last seen and
 * used idx), each descriptor's owner as one letter in a map of the table,
 * the newest used entry's chain and byte count, then the descriptor table
 * from that chain's head on (its descriptors marked >).  A narrower panel
 * puts fewer map letters on a row and gives the flags as letters (N W I);
 * a ring the walker refuses says "broken: " and the walker's reason.
 */
#include <stdio.h>
#include <string.h>

#include "tui/panels.h"

#define WIDE 48                /* usable columns for flag words */
#define LAST_LISTED 8          /* descriptors named in the last chain */

static const char owner_letter[VIRTQ_OWNERS] = {
	[VIRTQ_OWN_FREE] = '.',
	[VIRTQ_OWN_POSTED] = 'P',
	[VIRTQ_OWN_IN_USE] = 'D',
	[VIRTQ_OWN_USED] = 'U',
};

/* Items left to right, two spaces apart, a new row when one does not fit
 * (the last column stays free); returns the rows used. */
static int put_items(const struct view *v, int y, char items[][32], int n)
{
	int x = 0, rows = 1;

	for (int i = 0; i < n; i++) {
		int len = (int)strlen(items[i]);

		if (x > 0 && x + 2 + len > v->w - 1) {
			x = 0;
			rows++;
		} else if (x > 0) {
			x += 2;
		}
		view_put(v, x, y + rows - 1, GA_NORMAL, items[i]);
		x += len;
	}
	return rows;
}

static int indexes(const struct virtq_view *r, const struct view *v, int y)
{
	char items[3][32];

	snprintf(items[0], sizeof(items[0]), "avail idx %u", r->avail_idx);
	snprintf(items[1], sizeof(items[1]), "last seen %u", r->last_seen);
	snprintf(items[2], sizeof(items[2]), "used idx %u", r->used_idx);
	return put_items(v, y, items, 3);
}

static int legend(const struct virtq_view *r, const struct view *v, int y)
{
	static const enum virtq_owner order[] = { VIRTQ_OWN_POSTED,
		VIRTQ_OWN_IN_USE, VIRTQ_OWN_USED, VIRTQ_OWN_FREE };
	char items[VIRTQ_OWNERS][32];

	for (int i = 0; i < VIRTQ_OWNERS; i++)
		snprintf(items[i], sizeof(items[i]), "%c %s %u",
			 owner_letter[order[i]], virtq_owner_names[order[i]],
			 r->owned[order[i]]);
	return put_items(v, y, items, VIRTQ_OWNERS);
}

/* Is descriptor d one of the last chain's (in the queue's table)? */
static bool in_last(const struct virtq_view_last *l, unsigned d)
{
	if (!l->walked)
		return false;
	if (l->indirect)
		return d == l->head;
	for (unsigned i = 0; i < l->n; i++)
		if (l->desc[i] == d)
			return true;
	return false;
}

/* Letters per map row: a power of two that fits after the index. */
static unsigned map_per_row(const struct view *v)
{
	unsigned per = 64;

	while (per > 8 && (int)per + 4 > v->w - 1)
		per /= 2;
	return per;
}

/* The owner map, in at most max rows; returns the rows used. */
static int owner_map(const struct virtq_view *r, const struct view *v, int y,
		     int max)
{
	unsigned per = map_per_row(v);
	int rows = 0;

	for (unsigned first = 0; first < r->size && rows < max;
	     first += per, rows++) {
		view_printf(v, 0, y + rows, GA_DIM, "%3u", first);
		for (unsigned i = first; i < first + per && i < r->size; i++) {
			char c[2] = { owner_letter[r->desc[i].owner], '\0' };

			view_put(v, 4 + (int)(i - first), y + rows,
				 in_last(&r->last, i) ? GA_BOLD : GA_NORMAL,
				 c);
		}
	}
	return rows;
}

/* "last chain 14,15: 1512 bytes", or why the newest used entry's chain
 * cannot be shown. */
static void last_text(const struct virtq_view_last *l, char *buf, size_t len)
{
	size_t pos;

	if (!l->valid) {
		snprintf(buf, len, "no chain used yet");
		return;
	}
	if (!l->walked) {
		snprintf(buf, len, "last chain: used entry %u names %u: %s",
			 l->pos, l->head, l->why);
		return;
	}
	if (l->indirect) {
		snprintf(buf, len, "last chain %u (indirect, %u buffers): %u "
			 "bytes", l->head, l->n, l->len);
		return;
	}
	pos = (size_t)snprintf(buf, len, "last chain ");
	for (unsigned i = 0; i < l->n && i < LAST_LISTED && pos < len; i++)
		pos += (size_t)snprintf(buf + pos, len - pos, "%s%u",
					i ? "," : "", l->desc[i]);
	if (pos < len)
		snprintf(buf + pos, len - pos, "%s: %u bytes",
			 l->n > LAST_LISTED ? ",..." : "", l->len);
}

/* "NEXT WRITE" (wide) or "NW". */
static void flag_text(uint16_t flags, bool wide, char *buf, size_t len)
{
	static const struct { uint16_t bit; const char *word; } names[] = {
		{ VIRTQ_DESC_F_NEXT, "NEXT" },
		{ VIRTQ_DESC_F_WRITE, "WRITE" },
		{ VIRTQ_DESC_F_INDIRECT, "INDIRECT" },
	};
	size_t pos = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].bit))
			continue;
		if (wide)
			pos += (size_t)snprintf(buf + pos, len - pos, "%s%s",
						pos ? " " : "", names[i].word);
		else
			pos += (size_t)snprintf(buf + pos, len - pos, "%c",
						names[i].word[0]);
	}
}

static void table_row(const struct virtq_view *r, const struct view *v,
		      int y, unsigned d)
{
	const struct virtq_view_desc *e = &r->desc[d];
	bool wide = v->w - 1 >= WIDE;
	char len[16], flags[32];

	panel_fit_number(len, sizeof(len), e->len, wide ? 7 : 6);
	flag_text(e->flags, wide, flags, sizeof(flags));
	view_printf(v, 0, y, in_last(&r->last, d) ? GA_BOLD : GA_NORMAL,
		    wide ? "%c%3u 0x%08llx %7s %-19s %s" :
			   "%c%3u %8llx %6s %-3s %s",
		    in_last(&r->last, d) ? '>' : ' ', d,
		    (unsigned long long)e->addr, len, flags,
		    virtq_owner_names[e->owner]);
}

/* The table from the last chain's head on, in the rows left. */
static void table(const struct virtq_view *r, const struct view *v, int y)
{
	bool wide = v->w - 1 >= WIDE;
	unsigned first = r->last.walked ? r->last.head : 0;

	if (y >= v->h)
		return;
	view_printf(v, 0, y, GA_DIM, wide ? "%c%3s %10s %7s %-19s %s" :
				     "%c%3s %8s %6s %-3s %s", ' ', "#",
		    "address", "length", wide ? "flags" : "flg", "owner");
	for (unsigned k = 0; k < r->size && y + 1 + (int)k < v->h; k++)
		table_row(r, v, y + 1 + (int)k, (first + k) % r->size);
}

void panel_net_ring(const struct virtq_view *r, const struct view *v)
{
	char text[VIRTQ_WHY_LEN + 160];
	int y = 1, last_rows;

	view_printf(v, 0, 0, GA_BOLD, "rx ring, size %u (d: counters)",
		    r->size);
	if (r->size == 0) {
		if (r->state == VIRTQ_VIEW_BROKEN)
			snprintf(text, sizeof(text), "broken: %s (the card "
				 "touches no queue until the driver resets it)",
				 r->why);
		else
			snprintf(text, sizeof(text), "The driver has not set "
				 "the receive queue up yet.");
		view_wrap(v, y, v->h - y, r->state == VIRTQ_VIEW_BROKEN ?
			  GA_WARN : GA_DIM, text);
		return;
	}
	y += indexes(r, v, y);
	if (r->state == VIRTQ_VIEW_BROKEN) {
		snprintf(text, sizeof(text), "broken: %s", r->why);
		y += view_wrap(v, y, v->h - y, GA_WARN, text);
	}
	y += legend(r, v, y);
	last_text(&r->last, text, sizeof(text));
	last_rows = view_wrap_rows(v->w, text);
	/* the map leaves room for the last chain and two rows of the table
	 * (a receive chain's two descriptors) under its header */
	y += owner_map(r, v, y, v->h - y - last_rows - 3);
	y += view_wrap(v, y, v->h - y, GA_NORMAL, text);
	table(r, v, y);
}
