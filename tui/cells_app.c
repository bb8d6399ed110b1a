/*
 * tui/cells_app.c - `vmscope run --cell FILE`: the Cells view and its
 * text twin (see tui/tui.h and tui/panel_cells.h).
 *
 * Every cell runs flat out in a vCPU thread of its own from the start.
 * The UI thread keeps each cell's model up to date once a frame - the
 * snapshot, and the exits and console bytes drained from the cell's event
 * ring - and draws the view.  Tab hands the screen to the selected cell's
 * usual panels (tui/app.c's tui_cell_panels()) until v brings it back;
 * meanwhile only that cell's model is updated, so the others' rings may
 * overflow: their models count the events lost (their latency figures
 * then miss those ticks).
 */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "cli/signals.h"
#include "tui/panel_cells.h"
#include "tui/screen.h"
#include "tui/tui.h"

#define FRAME_MS 100   /* the table's figures change slowly */

static void start_all(struct tui_cell *cells, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		vcpu_thread_post(cells[i].t,
				 &(struct vcpu_cmd){ .kind = VCMD_FLAT_OUT });
}

static void update_all(struct tui_cell *cells, unsigned n,
		       struct exit_text_cache *cache)
{
	for (unsigned i = 0; i < n; i++)
		model_update(cells[i].m, cells[i].t, cache);
}

struct cells_app {
	struct tui_cell *cells;
	unsigned n, selected;
	const char *title;
	struct exit_text_cache *cache;
	struct grid g;
	bool quit;
};

/* One key of the Cells view.  0, or the error of a cell's panels. */
static int on_key(struct cells_app *a, int ch)
{
	switch (ch) {
	case KEY_UP:
		if (a->selected > 0)
			a->selected--;
		return 0;
	case KEY_DOWN:
		if (a->selected + 1 < a->n)
			a->selected++;
		return 0;
	case '\t': case '\r': case '\n': case KEY_ENTER:
		return tui_cell_panels(a->cells[a->selected].t,
				       a->cells[a->selected].m, a->cache,
				       &a->quit);
	case 'q':
		a->quit = true;
		return 0;
	default:
		return 0;
	}
}

static int draw(struct cells_app *a)
{
	bool resized = false;

	if (screen_fit_grid(&a->g, &resized))
		return -ENOMEM;
	panel_cells_draw(&a->g, a->title, a->cells, a->n, a->selected);
	screen_show(&a->g, true);
	return 0;
}

static int loop(struct cells_app *a)
{
	int ret = 0;

	while (!ret && !a->quit) {
		int ch;

		update_all(a->cells, a->n, a->cache);
		ret = draw(a);
		timeout(FRAME_MS);
		ch = getch();
		if (!ret && ch != ERR)
			ret = on_key(a, ch);
	}
	return ret;
}

int tui_cells_interactive(struct tui_cell *cells, unsigned n,
			  const char *title, const struct tui_options *o,
			  char *err, size_t len)
{
	struct cells_app a = { .cells = cells, .n = n, .title = title };
	struct disasm *dis = NULL;
	int ret;

	if (exit_text_cache_open(&a.cache) || disasm_open(&dis)) {
		exit_text_cache_close(a.cache);
		snprintf(err, len, "cannot start capstone");
		return -ENOMEM;
	}
	for (unsigned i = 0; i < n; i++)
		model_init(cells[i].m, dis);
	ret = screen_open(o->color, o->mouse, err, len);
	if (!ret) {
		start_all(cells, n);
		ret = loop(&a);
		if (ret)
			snprintf(err, len, "out of memory");
	}
	screen_close();
	grid_free(&a.g);
	disasm_close(dis);
	exit_text_cache_close(a.cache);
	return ret;
}

static bool all_ended(const struct tui_cell *cells, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (cells[i].m->snap.mode != VCPU_ENDED)
			return false;
	return true;
}

int tui_cells_batch(struct tui_cell *cells, unsigned n)
{
	struct exit_text_cache *cache;
	char line[160];

	if (exit_text_cache_open(&cache))
		return -ENOMEM;
	for (unsigned i = 0; i < n; i++)
		model_init(cells[i].m, NULL);
	start_all(cells, n);
	update_all(cells, n, cache);
	while (!all_ended(cells, n) && !signals_caught()) {
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
		update_all(cells, n, cache);
	}
	for (unsigned i = 0; i <= n; i++) {
		panel_cells_line(cells, n, i, line, sizeof(line));
		printf("%s\n", line);
	}
	exit_text_cache_close(cache);
	return 0;
}
