/*
 * tui/screen.c - the grid on a real terminal, with ncurses (see screen.h).
 *
 * Cell meanings (grid.h) become attributes here, in one table per mode:
 * with colour, and without (NO_COLOR, --no-color, or a terminal without
 * colours), where bold, reverse and dim carry the same information.
 *
 * Only what changed is drawn: the grid shown last is kept, and a row is
 * rewritten from its first to its last changed cell; curses then sends the
 * terminal only the cells that differ from what it holds.
 */
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/screen.h"

enum { PAIR_LIT = 1, PAIR_CHANGED, PAIR_TITLE, PAIR_WARN, PAIR_LEVEL2 };

static bool open_now;
static bool use_color;
static struct grid shown;

static chtype attr_of(uint8_t a)
{
	static const chtype plain[GA_COUNT] = {
		[GA_NORMAL] = A_NORMAL, [GA_BOLD] = A_BOLD, [GA_DIM] = A_DIM,
		[GA_LIT] = A_BOLD, [GA_CHANGED] = A_REVERSE,
		[GA_SELECTED] = A_REVERSE, [GA_TITLE] = A_BOLD,
		[GA_BAR] = A_REVERSE, [GA_WARN] = A_BOLD | A_REVERSE,
		[GA_LEVEL2] = A_NORMAL,   /* the level column says it */
	};

	if (a >= GA_COUNT)
		return A_NORMAL;
	if (!use_color)
		return plain[a];
	switch (a) {
	case GA_LIT: return COLOR_PAIR(PAIR_LIT) | A_BOLD;
	case GA_CHANGED: return COLOR_PAIR(PAIR_CHANGED) | A_BOLD;
	case GA_TITLE: return COLOR_PAIR(PAIR_TITLE) | A_BOLD;
	case GA_WARN: return COLOR_PAIR(PAIR_WARN) | A_BOLD | A_REVERSE;
	case GA_LEVEL2: return COLOR_PAIR(PAIR_LEVEL2);
	default: return plain[a];
	}
}

static chtype char_of(char c)
{
	switch (c) {
	case GRID_HLINE: return ACS_HLINE;
	case GRID_VLINE: return ACS_VLINE;
	case GRID_ULCORNER: return ACS_ULCORNER;
	case GRID_URCORNER: return ACS_URCORNER;
	case GRID_LLCORNER: return ACS_LLCORNER;
	case GRID_LRCORNER: return ACS_LRCORNER;
	case GRID_MORE: return ACS_RARROW;
	case GRID_ARROW: return ACS_RARROW;
	default: return (chtype)(unsigned char)c;
	}
}

static void on_fatal(int sig)
{
	screen_close();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_fatal_signals(void)
{
	static const int sigs[] = { SIGSEGV, SIGABRT, SIGTERM, SIGBUS,
				    SIGFPE, SIGHUP, SIGQUIT, SIGINT };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], on_fatal);
}

static void start_colors(void)
{
	start_color();
	use_default_colors();
	init_pair(PAIR_LIT, COLOR_GREEN, -1);
	init_pair(PAIR_CHANGED, COLOR_YELLOW, -1);
	init_pair(PAIR_TITLE, COLOR_CYAN, -1);
	init_pair(PAIR_WARN, COLOR_YELLOW, -1);
	init_pair(PAIR_LEVEL2, COLOR_MAGENTA, -1);
}

/* A screen curses draws by moving the cursor: TERM=dumb (and a printing
 * terminal) cannot, and its "screen" would be a garble of lines. */
static bool can_place_cursor(void)
{
	const char *cup = tigetstr("cup");

	return cup && cup != (const char *)-1;
}

int screen_open(bool color, bool mouse, char *err, size_t len)
{
	SCREEN *term;

	if (!isatty(0) || !isatty(1)) {
		snprintf(err, len, "not a terminal: use --batch for text");
		return -ENOTTY;
	}
	setlocale(LC_ALL, "");   /* UTF-8 terminals get real line drawing */
	term = newterm(NULL, stdout, stdin);
	if (!term || !can_place_cursor()) {
		if (term) {
			endwin();
			delscreen(term);
		}
		snprintf(err, len, "TERM=%s %s (xterm, tmux, screen and "
			 "linux %s); --batch prints the panels as text",
			 getenv("TERM") ? getenv("TERM") : "(unset)",
			 term ? "cannot place the cursor, which the full-screen "
				"view needs" : "is not a terminal curses knows",
			 term ? "can" : "are");
		return -ENOTTY;
	}
	open_now = true;
	atexit(screen_close);
	catch_fatal_signals();
	raw();          /* Ctrl-C is a key here: pause */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	use_color = color && has_colors();
	if (use_color)
		start_colors();
	if (mouse)
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL);
	return 0;
}

void screen_close(void)
{
	if (!open_now)
		return;
	open_now = false;
	endwin();
	grid_free(&shown);
	shown.w = shown.h = 0;
}

void screen_size(int *w, int *h)
{
	getmaxyx(stdscr, *h, *w);
}

int screen_fit_grid(struct grid *g, bool *resized)
{
	int w, h;

	screen_size(&w, &h);
	if (w == g->w && h == g->h)
		return 0;
	grid_free(g);
	*resized = true;
	return grid_init(g, w, h) ? -ENOMEM : 0;
}

static void show_row(const struct grid *g, int y, int from, int to)
{
	move(y, from);
	for (int x = from; x <= to; x++) {
		size_t i = (size_t)y * g->w + x;

		/* the last cell of the screen too: curses writes it without
		 * scrolling (addch only reports that the cursor cannot move
		 * on), and a cell never written keeps what a shrink left */
		addch(char_of(g->ch[i]) | attr_of(g->attr[i]));
	}
}

/* The first and last cell of row y that differ from what is shown. */
static bool row_change(const struct grid *g, int y, int *from, int *to)
{
	size_t row = (size_t)y * g->w;

	*from = 0;
	*to = g->w - 1;
	while (*from < g->w && g->ch[row + *from] == shown.ch[row + *from] &&
	       g->attr[row + *from] == shown.attr[row + *from])
		(*from)++;
	if (*from == g->w)
		return false;
	while (g->ch[row + *to] == shown.ch[row + *to] &&
	       g->attr[row + *to] == shown.attr[row + *to])
		(*to)--;
	return true;
}

void screen_show(const struct grid *g, bool force)
{
	size_t cells = (size_t)g->w * g->h;
	int from, to;

	if (shown.w != g->w || shown.h != g->h) {
		grid_free(&shown);
		if (grid_init(&shown, g->w, g->h))
			return;
		force = true;
	}
	if (force) {
		clearok(curscr, TRUE);
		for (int y = 0; y < g->h; y++)
			show_row(g, y, 0, g->w - 1);
	} else {
		for (int y = 0; y < g->h; y++)
			if (row_change(g, y, &from, &to))
				show_row(g, y, from, to);
	}
	memcpy(shown.ch, g->ch, cells);
	memcpy(shown.attr, g->attr, cells);
	refresh();
}
