/*
 * tui/grid.c - the text grid behind every panel (see grid.h).
 *
 * Every write is clipped to its view, and every view is clipped to its
 * grid, so a panel given a rectangle too small for its content loses the
 * end of its lines, never memory that is not its own.  Text never takes a
 * view's last column: a line that does not fit is cut after its last
 * whole word and that column shows GRID_MORE, so no word is ever cut in
 * two without saying so (tests/integration/screen_check.py checks it).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/grid.h"

int grid_init(struct grid *g, int w, int h)
{
	g->w = w > 0 ? w : 1;
	g->h = h > 0 ? h : 1;
	g->ch = malloc((size_t)g->w * g->h);
	g->attr = malloc((size_t)g->w * g->h);
	if (!g->ch || !g->attr) {
		grid_free(g);
		return -ENOMEM;
	}
	grid_clear(g);
	return 0;
}

void grid_free(struct grid *g)
{
	free(g->ch);
	free(g->attr);
	g->ch = NULL;
	g->attr = NULL;
}

void grid_clear(struct grid *g)
{
	memset(g->ch, ' ', (size_t)g->w * g->h);
	memset(g->attr, GA_NORMAL, (size_t)g->w * g->h);
}

struct view grid_view(struct grid *g)
{
	return (struct view){ g, 0, 0, g->w, g->h };
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

struct view view_sub(const struct view *v, int x, int y, int w, int h)
{
	struct view s = { v->g, 0, 0, 0, 0 };
	int x0 = clamp(x, 0, v->w), y0 = clamp(y, 0, v->h);

	s.x = v->x + x0;
	s.y = v->y + y0;
	s.w = clamp(x + w, 0, v->w) - x0;
	s.h = clamp(y + h, 0, v->h) - y0;
	if (s.w < 0)
		s.w = 0;
	if (s.h < 0)
		s.h = 0;
	return s;
}

static size_t cell(const struct view *v, int x, int y)
{
	return (size_t)(v->y + y) * v->g->w + (size_t)(v->x + x);
}

/* UTF-8 of the arrow the tracer puts before a nesting rule. */
static const char arrow_utf8[] = "\xe2\x86\x92";

/* Bytes of the character at s: 3 for the arrow, else 1. */
static int char_bytes(const char *s)
{
	return strncmp(s, arrow_utf8, 3) == 0 ? 3 : 1;
}

/* How many bytes of s to show in cols columns: all of it when it fits,
 * else up to the last space that fits (a whole word cut only when it is
 * wider than cols by itself). */
static int fit_len(const char *s, int cols)
{
	int at = 0, space = 0;

	for (int col = 0; s[at] && col < cols; col++) {
		if (s[at] == ' ')
			space = at;
		at += char_bytes(s + at);
	}
	if (!s[at] || s[at] == ' ')
		return at;
	return space > 0 ? space : at;
}

/* The first n bytes of s from (x, y); returns the cells they took. */
static int put_cells(const struct view *v, int x, int y, enum grid_attr a,
		     const char *s, int n)
{
	int cells = 0;

	for (int i = 0; i < n; i += char_bytes(s + i), cells++) {
		unsigned char c = (unsigned char)s[i];
		size_t at = cell(v, x + cells, y);

		/* the guest's bytes land here too: nothing but printable
		 * ASCII and our own codes reaches the terminal */
		if (char_bytes(s + i) == 3)
			v->g->ch[at] = GRID_ARROW;
		else
			v->g->ch[at] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
		v->g->attr[at] = (uint8_t)a;
	}
	return cells;
}

int view_put(const struct view *v, int x, int y, enum grid_attr a,
	     const char *s)
{
	int room = v->w - 1 - x, n, cells;

	if (y < 0 || y >= v->h || x < 0 || room <= 0)
		return 0;
	n = fit_len(s, room);
	cells = put_cells(v, x, y, a, s, n);
	if (s[n]) {   /* cut: say so in the column kept for it */
		v->g->ch[cell(v, v->w - 1, y)] = GRID_MORE;
		v->g->attr[cell(v, v->w - 1, y)] = (uint8_t)GA_DIM;
	}
	return cells;
}

int view_printf(const struct view *v, int x, int y, enum grid_attr a,
		const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return view_put(v, x, y, a, buf);
}

void view_fill(const struct view *v, enum grid_attr a)
{
	for (int y = 0; y < v->h; y++) {
		memset(&v->g->ch[cell(v, 0, y)], ' ', (size_t)v->w);
		memset(&v->g->attr[cell(v, 0, y)], a, (size_t)v->w);
	}
}

void view_attr(const struct view *v, int x, int y, int n, enum grid_attr a)
{
	if (y < 0 || y >= v->h)
		return;
	for (int i = x < 0 ? 0 : x; i < x + n && i < v->w; i++)
		v->g->attr[cell(v, i, y)] = (uint8_t)a;
}

int view_wrap(const struct view *v, int y, int maxrows, enum grid_attr a,
	      const char *s)
{
	int rows = 0;

	while (*s && rows < maxrows && v->w > 1) {
		int n = fit_len(s, v->w - 1);

		if (y + rows >= 0 && y + rows < v->h)
			put_cells(v, 0, y + rows, a, s, n);
		rows++;
		s += n;
		while (*s == ' ')
			s++;
	}
	return rows;
}

/* view_wrap itself counts, on a view no row of which is drawn. */
int view_wrap_rows(int w, const char *s)
{
	const struct view none = { .g = NULL, .w = w, .h = 0 };

	return view_wrap(&none, 0, INT_MAX, GA_NORMAL, s);
}

static void put_code(const struct view *v, int x, int y, char code,
		     enum grid_attr a)
{
	if (x < 0 || y < 0 || x >= v->w || y >= v->h)
		return;
	v->g->ch[cell(v, x, y)] = code;
	v->g->attr[cell(v, x, y)] = (uint8_t)a;
}

int view_paras(const struct view *v, const struct para *p, int n, int skip)
{
	int y = -skip;

	for (int i = 0; i < n; i++) {
		if (!p[i].text[0]) {
			y++;
			continue;
		}
		if (y < v->h)
			view_wrap(v, y, v->h - y, p[i].attr, p[i].text);
		y += view_wrap_rows(v->w, p[i].text);
	}
	return y + skip;
}

void view_hline(const struct view *v, int y)
{
	for (int x = 0; x < v->w; x++)
		put_code(v, x, y, GRID_HLINE, GA_DIM);
}

void view_box(const struct view *v, const char *title, enum grid_attr ta)
{
	if (v->w < 2 || v->h < 2)
		return;
	for (int x = 1; x < v->w - 1; x++) {
		put_code(v, x, 0, GRID_HLINE, GA_NORMAL);
		put_code(v, x, v->h - 1, GRID_HLINE, GA_NORMAL);
	}
	for (int y = 1; y < v->h - 1; y++) {
		put_code(v, 0, y, GRID_VLINE, GA_NORMAL);
		put_code(v, v->w - 1, y, GRID_VLINE, GA_NORMAL);
	}
	put_code(v, 0, 0, GRID_ULCORNER, GA_NORMAL);
	put_code(v, v->w - 1, 0, GRID_URCORNER, GA_NORMAL);
	put_code(v, 0, v->h - 1, GRID_LLCORNER, GA_NORMAL);
	put_code(v, v->w - 1, v->h - 1, GRID_LRCORNER, GA_NORMAL);
	if (title) {
		struct view top = view_sub(v, 2, 0, v->w - 4, 1);

		view_printf(&top, 0, 0, ta, " %s ", title);
	}
}
