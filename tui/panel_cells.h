/*
 * tui/panel_cells.h - the Cells view of `vmscope run --cell FILE`: one
 * line per cell of the configuration, all running at once, each in a
 * vCPU thread and a model of its own (tui/vcpu_thread.h, tui/model.h):
 *
 *   cell       state                      cpu      exits/s  latency now      p99
 *   rt         running                    1          19950        33 us   340 us
 *   noise      running                    0         880213            -        -
 *
 * state is the cell's guest's (running, paused, or how it ended); cpu the
 * one it is pinned to; exits/s the recent rate while it runs, the average
 * once it ended; latency is vmscope's own injection delay of the cell's
 * timer ticks (core/cells_ticks.h), the newest and the p99 of all so far,
 * "-" for a cell whose timer never ticked.  Like every screen it has a
 * text twin: the same lines (panel_cells_line()) are what --batch prints.
 */
#ifndef TUI_PANEL_CELLS_H
#define TUI_PANEL_CELLS_H

#include <stddef.h>

#include "tui/grid.h"
#include "tui/model.h"

/* One cell in the full-screen view. */
struct tui_cell {
	const char *name;
	int cpu;                    /* CELL_CPU_NONE (-1), or its CPU */
	struct vcpu_thread *t;
	struct tui_model *m;        /* updated once a frame by the view */
};

#define CELLS_VIEW_MIN_W 80
#define CELLS_VIEW_ROWS_AROUND 5   /* title, blank, header, blank, keys */

/* Line i of the view's table: 0 the header, 1..n cell i - 1. */
void panel_cells_line(const struct tui_cell *cells, unsigned n, unsigned i,
		      char *buf, size_t len);
/* The whole view into g (cleared first): a title, the table with cell
 * selected lit, the key bar; on a grid too small for it, only a message
 * saying how much is needed, and that q quits. */
void panel_cells_draw(struct grid *g, const char *title,
		      const struct tui_cell *cells, unsigned n,
		      unsigned selected);

#endif /* TUI_PANEL_CELLS_H */
