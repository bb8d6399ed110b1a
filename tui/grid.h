/*
 * tui/grid.h - a plain text grid: the one thing every panel draws into.
 *
 * Each panel renders into a rectangle of a grid - characters plus a small
 * set of meaning-level attributes (lit, changed, title...) - and nothing
 * else.  The curses screen (tui/screen.c) copies the grid to the terminal,
 * the text twin (tui/text_twin.c) prints it as plain lines, so the two can
 * never show different things.  Characters are ASCII; the box-drawing
 * pieces are their own codes, drawn as line characters by curses and as
 * '+', '-', '|' in plain text, and so is the one other character the
 * panels print, the arrow of a nesting rule (drawn as an arrow by curses,
 * as UTF-8 "\u2192" in plain text, as the tracer prints it).
 */
#ifndef TUI_GRID_H
#define TUI_GRID_H

#include <stdint.h>

/* What a cell means; screen.c decides how that looks (colour or not). */
enum grid_attr {
	GA_NORMAL = 0,
	GA_BOLD,        /* headings, values worth reading first */
	GA_DIM,         /* unlit layers, hints */
	GA_LIT,         /* on the path of the current exit */
	GA_CHANGED,     /* a register that changed since the last stop */
	GA_SELECTED,    /* the selected exit, the focused panel's title */
	GA_TITLE,       /* a panel title */
	GA_BAR,         /* the status bar and the key bar */
	GA_WARN,        /* a note the user should read (cannot do that...) */
	GA_LEVEL2,      /* an exit of L2's code (the nesting stage) */
	GA_COUNT,
};

/* Box pieces, stored as characters below ' '. */
#define GRID_HLINE   1
#define GRID_VLINE   2
#define GRID_ULCORNER 3
#define GRID_URCORNER 4
#define GRID_LLCORNER 5
#define GRID_LRCORNER 6
#define GRID_MORE    7   /* a line goes on beyond the view's edge */
#define GRID_ARROW   8   /* the text's "\u2192" (UTF-8 e2 86 92), one cell:
			    the tracer's arrow before a nesting rule */

struct grid {
	int w, h;
	char *ch;        /* w * h */
	uint8_t *attr;   /* w * h, enum grid_attr */
};

/* A rectangle of a grid that a panel draws in; all writes are clipped. */
struct view {
	struct grid *g;
	int x, y, w, h;
};

/* 0 or -ENOMEM. */
int grid_init(struct grid *g, int w, int h);
void grid_free(struct grid *g);
void grid_clear(struct grid *g);

/* A view of the whole grid, and a sub-rectangle of a view (clipped). */
struct view grid_view(struct grid *g);
struct view view_sub(const struct view *v, int x, int y, int w, int h);

/* Text at (x, y) of the view; returns columns used.  Text stops before the
 * view's last column: a longer line is cut after its last whole word that
 * fits and the last column shows GRID_MORE. */
int view_put(const struct view *v, int x, int y, enum grid_attr a,
	     const char *s);
/* printf-style; same clipping. */
int view_printf(const struct view *v, int x, int y, enum grid_attr a,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Fill the view with spaces in attribute a. */
void view_fill(const struct view *v, enum grid_attr a);
/* Set the attribute of cells [x, x + n) of row y. */
void view_attr(const struct view *v, int x, int y, int n, enum grid_attr a);
/* Word-wrap s into rows y .. y + maxrows - 1 (each row keeps the last
 * column free, as view_put); returns rows used, including those above
 * the view's top (y < 0) that were not drawn. */
int view_wrap(const struct view *v, int y, int maxrows, enum grid_attr a,
	      const char *s);
/* The rows view_wrap needs for s in a view w columns wide. */
int view_wrap_rows(int w, const char *s);
/* A paragraph of text for view_paras; "" is an empty row. */
struct para {
	const char *text;
	enum grid_attr attr;
};

/* The paragraphs one below the other, each word-wrapped, with the first
 * skip rows of the whole left out (scrolling); returns the rows the whole
 * text needs at this width, drawn or not. */
int view_paras(const struct view *v, const struct para *p, int n, int skip);
/* A horizontal line across row y. */
void view_hline(const struct view *v, int y);
/* A frame around the view's edge with the title in its top line. */
void view_box(const struct view *v, const char *title, enum grid_attr ta);

#endif /* TUI_GRID_H */
