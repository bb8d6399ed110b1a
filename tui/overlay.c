/*
 * tui/overlay.c - the help and the exit in full, over the panels (see
 * overlay.h).  The box is as wide as reads well (72 columns of text) and
 * as tall as the text or the screen; its title says when there is more
 * above or below.
 */
#include <stdio.h>
#include <string.h>

#include "tui/overlay.h"
#include "tui/panels.h"

#define OVERLAY_TEXT_W 72

/* The box in v, and the text's view inside it (a frame and a margin). */
static void boxes(const struct view *v, int rows, struct view *box,
		  struct view *text)
{
	int w = v->w < OVERLAY_TEXT_W + 4 ? v->w : OVERLAY_TEXT_W + 4;
	int h = v->h < rows + 2 ? v->h : rows + 2;

	*box = view_sub(v, (v->w - w) / 2, (v->h - h) / 2, w, h);
	*text = view_sub(box, 2, 1, w - 3, h - 2);
}

static int body(const struct tui_model *m, const struct view *v, int skip)
{
	if (m->overlay == OVERLAY_HELP)
		return help_render(v, skip);
	return panel_exits_detail(m, v, skip);
}

/* The rows the text needs in the largest box v allows. */
static int text_rows(const struct tui_model *m, const struct view *v)
{
	struct view box, text, none;

	boxes(v, v->h, &box, &text);
	none = view_sub(&text, 0, 0, text.w, 0);
	return body(m, &none, 0);
}

static int max_top(int rows, int shown)
{
	return rows > shown ? rows - shown : 0;
}

void overlay_draw(const struct tui_model *m, const struct view *v)
{
	int rows = text_rows(m, v), top;
	struct view box, text;
	char title[80];
	const struct log_entry *e = model_log_entry(m, m->selected);

	boxes(v, rows, &box, &text);
	top = m->overlay_top < max_top(rows, text.h) ? m->overlay_top
						     : max_top(rows, text.h);
	if (m->overlay == OVERLAY_HELP)
		snprintf(title, sizeof(title), "Help: keys");
	else if (e)
		snprintf(title, sizeof(title), "Exit %llu",
			 (unsigned long long)e->exit.seq);
	else
		snprintf(title, sizeof(title), "Exit");
	if (rows > text.h)
		snprintf(title + strlen(title), sizeof(title) - strlen(title),
			 "  (rows %d-%d of %d: Up/Down)", top + 1,
			 top + text.h, rows);
	view_fill(&box, GA_NORMAL);
	view_box(&box, title, GA_TITLE);
	body(m, &text, top);
}

int overlay_max_top(const struct tui_model *m, int w, int h)
{
	struct grid none = { .w = w, .h = h };
	struct view v = grid_view(&none), box, text;
	int rows = text_rows(m, &v);

	boxes(&v, rows, &box, &text);
	return max_top(rows, text.h);
}

int overlay_page(int h)
{
	return h > 6 ? h - 4 : 1;
}
