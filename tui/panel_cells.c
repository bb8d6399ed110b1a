/*
 * tui/panel_cells.c - the Cells view (see tui/panel_cells.h).  It reads
 * each cell's model only: the snapshot (state, stats, run time), the
 * recent exit rate and the timer's injection delays drained from the
 * cell's own event ring.
 */
#include <stdio.h>

#include "tui/panel_cells.h"

#define LINE_FORMAT "%-10.10s %-26.26s %-5s %12s %12s %8s"

/* "running", "paused", or how the guest ended. */
static void state_text(const struct vcpu_snapshot *s, char *buf, size_t len)
{
	if (s->mode != VCPU_ENDED) {
		snprintf(buf, len, "%s", vcpu_mode_runs(s->mode) ? "running"
								: "paused");
		return;
	}
	switch (s->state) {
	case VM_EXITED:
		snprintf(buf, len, "exited with status %d", s->exit_status);
		break;
	case VM_HALTED:
		snprintf(buf, len, "halted");
		break;
	case VM_CRASHED:
		snprintf(buf, len, "crashed");
		break;
	default:
		snprintf(buf, len, "stopped");
		break;
	}
}

/* The recent rate while it runs; once it ended, the average of its run. */
static double exits_per_s(const struct tui_model *m)
{
	const struct vcpu_snapshot *s = &m->snap;

	if (s->mode != VCPU_ENDED)
		return m->exit_rate;
	return s->run_ns ? (double)s->stats.total * 1e9 / (double)s->run_ns
			 : 0;
}

static void cell_line(const struct tui_cell *c, char *buf, size_t len)
{
	const struct cells_ticks *t = &c->m->ticks;
	char state[40], cpu[12] = "none", rate[24], now[24] = "-", p99[24] = "-";

	state_text(&c->m->snap, state, sizeof(state));
	if (c->cpu >= 0)
		snprintf(cpu, sizeof(cpu), "%d", c->cpu);
	snprintf(rate, sizeof(rate), "%.0f", exits_per_s(c->m));
	if (t->delay.samples) {
		snprintf(now, sizeof(now), "%llu us",
			 (unsigned long long)(t->last_delay_ns / 1000));
		snprintf(p99, sizeof(p99), "%llu us",
			 (unsigned long long)rt_hist_rank_us(&t->delay, 990));
	}
	snprintf(buf, len, LINE_FORMAT, c->name, state, cpu, rate, now, p99);
}

void panel_cells_line(const struct tui_cell *cells, unsigned n, unsigned i,
		      char *buf, size_t len)
{
	if (i == 0)
		snprintf(buf, len, LINE_FORMAT, "cell", "state", "cpu",
			 "exits/s", "latency now", "p99");
	else if (i <= n)
		cell_line(&cells[i - 1], buf, len);
	else
		snprintf(buf, len, "%s", "");
}

static void draw_too_small(struct view *v, unsigned n)
{
	char msg[96];

	snprintf(msg, sizeof(msg), "terminal too small for the Cells view "
		 "(need %dx%u)", CELLS_VIEW_MIN_W, n + CELLS_VIEW_ROWS_AROUND);
	view_wrap(v, 0, v->h, GA_BOLD, msg);
	if (v->h > 1)
		view_put(v, 0, v->h - 1, GA_NORMAL, "q quits");
}

void panel_cells_draw(struct grid *g, const char *title,
		      const struct tui_cell *cells, unsigned n,
		      unsigned selected)
{
	struct view v = grid_view(g);
	char line[160];

	grid_clear(g);
	if (v.w < CELLS_VIEW_MIN_W || v.h < (int)(n + CELLS_VIEW_ROWS_AROUND)) {
		draw_too_small(&v, n);
		return;
	}
	view_printf(&v, 0, 0, GA_BOLD, "Cells of %s", title);
	for (unsigned i = 0; i <= n; i++) {
		panel_cells_line(cells, n, i, line, sizeof(line));
		view_put(&v, 0, (int)i + 2, i == 0 ? GA_TITLE
					: i - 1 == selected ? GA_SELECTED
							    : GA_NORMAL, line);
	}
	view_fill(&(struct view){ g, 0, v.h - 1, v.w, 1 }, GA_BAR);
	view_put(&v, 0, v.h - 1, GA_BAR, " Up/Down: a cell  Tab: into its "
		 "panels (v: back here)  q: quit");
}
