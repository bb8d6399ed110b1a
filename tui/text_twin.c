/*
 * tui/text_twin.c - printing the panels as plain text (see text_twin.h).
 */
#include <errno.h>
#include <string.h>

#include "tui/panels.h"
#include "tui/text_twin.h"

/* The rows each panel gets; empty rows before and after its text are not
 * printed (the console fills its rows from the bottom: its last 40). */
static int panel_rows(enum panel_id id)
{
	switch (id) {
	case PANEL_EXITS: return 24;
	case PANEL_FLOW: return FLOW_LAYERS + 6;
	case PANEL_CPU: return 24;
	case PANEL_CONSOLE: return 40;
	case PANEL_NESTING: return 60;
	case PANEL_INTERRUPTS: return 28;
	default: return 16;
	}
}

/* A cell as text: the box pieces as ASCII, the arrow as the tracer
 * prints it. */
static void put_plain(char c, FILE *out)
{
	switch (c) {
	case GRID_HLINE: fputc('-', out); break;
	case GRID_VLINE: fputc('|', out); break;
	case GRID_ULCORNER: case GRID_URCORNER:
	case GRID_LLCORNER: case GRID_LRCORNER: fputc('+', out); break;
	case GRID_MORE: fputc('>', out); break;
	case GRID_ARROW: fputs("\u2192", out); break;
	default: fputc(c, out); break;
	}
}

static bool blank_row(const struct grid *g, int y)
{
	for (int x = 0; x < g->w; x++)
		if (g->ch[(size_t)y * g->w + x] != ' ')
			return false;
	return true;
}

/* The rows from the first to the last that holds anything. */
static void print_grid(const struct grid *g, FILE *out)
{
	int first = 0, last = g->h - 1;

	while (first <= last && blank_row(g, first))
		first++;
	while (last >= first && blank_row(g, last))
		last--;
	for (int y = first; y <= last; y++) {
		const char *row = &g->ch[(size_t)y * g->w];
		int n = g->w;

		while (n > 0 && row[n - 1] == ' ')
			n--;
		for (int x = 0; x < n; x++)
			put_plain(row[x], out);
		fputc('\n', out);
	}
}

int text_twin_panel(const struct tui_model *m, enum panel_id id, int width,
		    int rows, FILE *out)
{
	struct grid g;
	struct view v;

	if (grid_init(&g, width, rows))
		return -ENOMEM;
	v = grid_view(&g);
	panel_render(m, id, &v);
	print_grid(&g, out);
	grid_free(&g);
	return 0;
}

static void print_panel(const struct tui_model *m, enum panel_id id,
			int width, FILE *out)
{
	char title[96];

	panel_title(m, id, title, sizeof(title));
	fprintf(out, "== %s ==\n", title);
	text_twin_panel(m, id, width, panel_rows(id), out);
	fputc('\n', out);
}

static void print_bar(const struct tui_model *m, int width, FILE *out,
		      void (*render)(const struct tui_model *,
				     const struct view *), int rows)
{
	struct grid g;
	struct view v;

	if (grid_init(&g, width, rows))
		return;
	v = grid_view(&g);
	render(m, &v);
	print_grid(&g, out);
	grid_free(&g);
}

void text_twin_print(const struct tui_model *m, int width, FILE *out)
{
	static const enum panel_id order[] = {
		PANEL_FLOW, PANEL_EXITS, PANEL_CPU, PANEL_CONSOLE, PANEL_STATS,
	};

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		print_panel(m, order[i], width, out);
	if (model_nesting(m))
		print_panel(m, PANEL_NESTING, width, out);
	if (model_net(m))
		print_panel(m, PANEL_NETWORK, width, out);
	print_panel(m, PANEL_INTERRUPTS, width, out);
	fprintf(out, "== Status ==\n");
	print_bar(m, width, out, statusbar_render, 1);
	if (m->snap.note[0])
		print_bar(m, width, out, keybar_render, 3);
}
