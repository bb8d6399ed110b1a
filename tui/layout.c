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

/* 120x40 and up: Flow | CPU, Exits, Console | Stats; rows beyond 40 go
 * two thirds to the exit log, a third to Console and Stats. */
static void layout_full(int w, int h, struct layout *l)
{
	int left = w * 66 / 120, top = 18, mid = 12 + (h - 38) * 2 / 3;
	int bottom = h - top - mid;

	l->panel[PANEL_FLOW] = rect(0, 0, left, top);
	l->panel[PANEL_CPU] = rect(left, 0, w - left, top);
	l->panel[PANEL_EXITS] = rect(0, top, w, mid);
	l->panel[PANEL_CONSOLE] = rect(0, top + mid, left, bottom);
	l->panel[PANEL_STATS] = rect(left, top + mid, w - left, bottom);
	for (int p = 0; p < PANEL_COUNT; p++)
		l->shown[p] = true;
}

/* 80x24 and up: Exits across the top with every row the Flow and the
 * slot panel below it leave. */
static void layout_small(int w, int h, enum panel_id slot, struct layout *l)
{
	int flow_h = FLOW_LAYERS + 2, exits_h = h - flow_h;
	int left = w * 46 / 80;

	l->panel[PANEL_EXITS] = rect(0, 0, w, exits_h);
	l->panel[PANEL_FLOW] = rect(0, exits_h, left, flow_h);
	l->panel[slot] = rect(left, exits_h, w - left, flow_h);
	l->shown[PANEL_EXITS] = l->shown[PANEL_FLOW] = l->shown[slot] = true;
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
		layout_full(w, panels_h, out);
	else
		layout_small(w, panels_h, m->slot, out);
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
	char own[64];

	panel_title(m, id, own, sizeof(own));
	snprintf(buf, len, "%s  (Tab: %s)", own,
		 id == PANEL_CONSOLE ? "CPU, Stats" :
		 id == PANEL_CPU ? "Console, Stats" : "Console, CPU");
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
