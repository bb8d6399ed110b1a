/*
 * tui/grid.c - the text grid behind every panel (see grid.h).
 *
 * Every write is clipped to its view, and every view is clipped to its
 * grid, so a panel given a rectangle too small for its content loses the
 * end of its lines, never memory that is not its own.
 */
#include <errno.h>
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

int view_put(const struct view *v, int x, int y, enum grid_attr a,
	     const char *s)
{
	int n = 0;

	if (y < 0 || y >= v->h || x < 0)
		return 0;
	for (; *s && x + n < v->w; s++, n++) {
		unsigned char c = (unsigned char)*s;
		size_t i = cell(v, x + n, y);

		/* the guest's bytes land here too: nothing but printable
		 * ASCII and our own box codes reaches the terminal */
		v->g->ch[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
		v->g->attr[i] = (uint8_t)a;
	}
	return n;
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

/* The length of the next word-wrapped line of s at width w. */
static int wrap_len(const char *s, int w)
{
	int len = (int)strlen(s), cut;

	if (len <= w)
		return len;
	for (cut = w; cut > 0 && s[cut] != ' '; cut--)
		;
	return cut > 0 ? cut : w;
}

int view_wrap(const struct view *v, int y, int maxrows, enum grid_attr a,
	      const char *s)
{
	char line[512];
	int rows = 0;

	while (*s && rows < maxrows && v->w > 0) {
		int n = wrap_len(s, v->w < (int)sizeof(line) ? v->w
							    : (int)sizeof(line) - 1);

		memcpy(line, s, (size_t)n);
		line[n] = '\0';
		view_put(v, 0, y + rows, a, line);
		rows++;
		s += n;
		while (*s == ' ')
			s++;
	}
	return rows;
}

static void put_code(const struct view *v, int x, int y, char code,
		     enum grid_attr a)
{
	if (x < 0 || y < 0 || x >= v->w || y >= v->h)
		return;
	v->g->ch[cell(v, x, y)] = code;
	v->g->attr[cell(v, x, y)] = (uint8_t)a;
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
