/*
 * tui/layout.c - panel geometry and drawing the screen (see layout.h).
 *
 * The bars at the bottom come first (they take the rows their text needs),
 * the panels share the rest: every row goes to a panel, none is left
 * empty below them.
 */
#include <stdio.h>
#include <string.h>

#include "tui/layout.h"
#include "tui/overlay.h"
#include "tui/panels.h"

static struct rect rect(int x, int y, int w, int h)
{
	return (struct rect){ x, y, w, h };
}

bool layout_panel_on(const struct tui_model *m, enum panel_id id)
{
	if (id == PANEL_LESSON)
		return m->lesson_on;
	if (id == PANEL_NESTING)
		return model_nesting(m);
	if (id == PANEL_NETWORK)
		return model_net(m);
	return id < PANEL_COUNT;
}

bool layout_in_slot(const struct tui_model *m, enum panel_id id)
{
	return id == PANEL_CONSOLE || id == PANEL_CPU || id == PANEL_STATS ||
	       id == PANEL_INTERRUPTS || (m->lesson_on && id == PANEL_EXITS) ||
	       (model_nesting(m) && id == PANEL_NESTING) ||
	       (model_net(m) && id == PANEL_NETWORK);
}

static void show(struct layout *l, enum panel_id id, struct rect r)
{
	l->panel[id] = r;
	l->shown[id] = true;
}

/* The full screen's top right: the Lesson in a lesson, else the Network
 * or Interrupts panel while Tab has brought it, else the Nesting panel
 * with --nested, else the CPU. */
static enum panel_id full_top_right(const struct tui_model *m)
{
	if (m->lesson_on)
		return PANEL_LESSON;
	if (m->slot == PANEL_NETWORK || m->slot == PANEL_INTERRUPTS)
		return m->slot;
	return model_nesting(m) ? PANEL_NESTING : PANEL_CPU;
}

/*
 * 120x40 and up: Flow | CPU, Exits, Console | Stats; rows beyond 40 go
 * two thirds to the exit log, a third to Console and Stats.  In a lesson
 * the Lesson panel takes the CPU's place, with --nested the Nesting panel
 * does, and the CPU shares Stats' place (the slot: Tab, or the lesson's
 * `show cpu`, brings it there; with --nested the CPU is there first, for
 * stepping).  A lesson with --nested has its Nesting panel there too.
 * With --net, Tab brings the Network panel to the top right (it needs the
 * rows), Stats below it, and the Interrupts panel likewise.
 */
static void layout_full(const struct tui_model *m, int w, int h,
			struct layout *l)
{
	int left = w * 66 / 120, top = 18, mid = 12 + (h - 38) * 2 / 3;
	int bottom = h - top - mid;
	struct rect right_top = rect(left, 0, w - left, top);
	struct rect right_bottom = rect(left, top + mid, w - left, bottom);
	enum panel_id top_right = full_top_right(m), below;

	show(l, PANEL_FLOW, rect(0, 0, left, top));
	show(l, PANEL_EXITS, rect(0, top, w, mid));
	show(l, PANEL_CONSOLE, rect(0, top + mid, left, bottom));
	show(l, top_right, right_top);
	if (top_right == PANEL_CPU || top_right == PANEL_NETWORK ||
	    top_right == PANEL_INTERRUPTS)
		below = PANEL_STATS;
	else if (m->slot == PANEL_CPU || m->slot == PANEL_STATS ||
		 m->slot == PANEL_NETWORK || m->slot == PANEL_INTERRUPTS ||
		 (m->slot == PANEL_NESTING && top_right != PANEL_NESTING))
		below = m->slot;
	else
		below = m->lesson_on ? PANEL_STATS : PANEL_CPU;
	show(l, below, right_bottom);
}

/*
 * 80x24 and up: Exits across the top with every row the Flow and the
 * slot panel below it leave.  In a lesson the Lesson panel is beside the
 * Flow, and the slot is the top: the Exits, or what Tab brings there.
 */
static void layout_small(const struct tui_model *m, int w, int h,
			 struct layout *l)
{
	int flow_h = FLOW_LAYERS + 2, exits_h = h - flow_h;
	int left = w * 46 / 80;
	struct rect top = rect(0, 0, w, exits_h);
	struct rect right = rect(left, exits_h, w - left, flow_h);

	show(l, PANEL_FLOW, rect(0, exits_h, left, flow_h));
	if (m->lesson_on) {
		show(l, PANEL_LESSON, right);
		show(l, m->slot, top);
	} else {
		show(l, PANEL_EXITS, top);
		show(l, m->slot, right);
	}
}

void layout_compute(const struct tui_model *m, int w, int h,
		    struct layout *out)
{
	int status_h, keys_h, panels_h;

	memset(out, 0, sizeof(*out));
	out->too_small = w < LAYOUT_MIN_W || h < LAYOUT_MIN_H;
	if (out->too_small)
		return;
	/* the bars wrap rather than cut: they take the rows they need */
	status_h = statusbar_rows(m, w);
	keys_h = keybar_rows(m, w);
	panels_h = h - status_h - keys_h;
	out->full = w >= LAYOUT_FULL_W && h >= LAYOUT_FULL_H;
	if (out->full)
		layout_full(m, w, panels_h, out);
	else
		layout_small(m, w, panels_h, out);
	out->area = rect(0, 0, w, panels_h);
	out->status = rect(0, panels_h, w, status_h);
	out->keys = rect(0, panels_h + status_h, w, keys_h);
}

enum panel_id layout_hit(const struct layout *l, int x, int y)
{
	for (int p = 0; p < PANEL_COUNT; p++) {
		const struct rect *r = &l->panel[p];

		if (l->shown[p] && x >= r->x && x < r->x + r->w &&
		    y >= r->y && y < r->y + r->h)
			return (enum panel_id)p;
	}
	return PANEL_COUNT;
}

static struct view view_of(struct grid *g, const struct rect *r)
{
	struct view whole = grid_view(g);

	return view_sub(&whole, r->x, r->y, r->w, r->h);
}

/* The slot's title names the panels Tab brings there. */
static void slot_title(const struct tui_model *m, enum panel_id id,
		       char *buf, size_t len)
{
	static const enum panel_id order[] = {
		PANEL_EXITS, PANEL_CONSOLE, PANEL_CPU, PANEL_STATS,
		PANEL_NESTING, PANEL_NETWORK, PANEL_INTERRUPTS,
	};
	char own[64], others[64] = "";
	size_t pos = 0;

	panel_title(m, id, own, sizeof(own));
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (order[i] != id && layout_in_slot(m, order[i]))
			pos += (size_t)snprintf(others + pos,
						sizeof(others) - pos, "%s%s",
						pos ? ", " : "",
						panel_name(order[i]));
	snprintf(buf, len, "%s  (Tab: %s)", own, others);
}

static void draw_panel(const struct tui_model *m, const struct layout *l,
		       struct grid *g, enum panel_id id)
{
	struct view frame = view_of(g, &l->panel[id]);
	struct view inside = view_sub(&frame, 1, 1, frame.w - 2, frame.h - 2);
	char title[96];

	if (!l->full && id == m->slot)
		slot_title(m, id, title, sizeof(title));
	else
		panel_title(m, id, title, sizeof(title));
	view_box(&frame, title, id == m->focus ? GA_SELECTED : GA_TITLE);
	panel_render(m, id, &inside);
}

static void draw_too_small(struct grid *g)
{
	struct view v = grid_view(g);
	char msg[64];

	snprintf(msg, sizeof(msg), "terminal too small (need %dx%d)",
		 LAYOUT_MIN_W, LAYOUT_MIN_H);
	view_wrap(&v, 0, v.h, GA_BOLD, msg);
	if (v.h > 1)
		view_put(&v, 0, v.h - 1, GA_NORMAL, "q quits");
}

void layout_draw(const struct tui_model *m, struct grid *g)
{
	struct layout l;
	struct view v;

	grid_clear(g);
	layout_compute(m, g->w, g->h, &l);
	if (l.too_small) {
		draw_too_small(g);
		return;
	}
	for (int p = 0; p < PANEL_COUNT; p++)
		if (l.shown[p])
			draw_panel(m, &l, g, (enum panel_id)p);
	v = view_of(g, &l.status);
	statusbar_render(m, &v);
	v = view_of(g, &l.keys);
	keybar_render(m, &v);
	if (m->overlay != OVERLAY_NONE) {
		v = view_of(g, &l.area);
		overlay_draw(m, &v);
	}
}
