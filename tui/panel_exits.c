/*
 * tui/panel_exits.c - the exit log: one line per exit as the tracer
 * prints it (cli/trace_line.c's formatter), newest at the bottom, and
 * under it the selected exit in full with a plain-English paragraph on
 * what its reason means (core/exit.c).
 *
 * The columns shrink with the panel: the time since the previous exit and
 * the nesting level go first, then the hardware reason, which the detail
 * always shows.
 */
#include <stdio.h>
#include <string.h>

#include "cli/trace_line.h"
#include "tui/panels.h"

static const struct trace_columns cols_narrow = {
	.sym_width = 15, .insn_width = 11,
};
static const struct trace_columns cols_medium = {
	.delta = true, .level = true, .sym_width = 21, .insn_width = 15,
};

static const struct trace_columns *columns_for(int width)
{
	if (width >= 140)
		return &trace_columns_all;
	return width >= 105 ? &cols_medium : &cols_narrow;
}

static void entry_line(const struct log_entry *e,
		       const struct trace_columns *cols, struct textbuf *tb)
{
	struct trace_line line = {
		.exit = &e->exit, .text = &e->text, .dt_ns = e->dt_ns,
	};

	trace_line_text(&line, cols, tb);
}

static void log_rows(const struct tui_model *m, const struct view *v,
		     int rows)
{
	const struct trace_columns *cols = columns_for(v->w);
	unsigned n = model_log_count(m), first = 0;
	struct textbuf tb;

	/* the selected line stays in view: scroll by whole pages */
	if (m->selected >= (unsigned)rows)
		first = m->selected - (unsigned)rows + 1;
	for (int r = 0; r < rows; r++) {
		unsigned i = first + (unsigned)(rows - 1 - r);
		const struct log_entry *e = i < n ? model_log_entry(m, i) : NULL;

		if (!e)
			continue;
		entry_line(e, cols, &tb);
		view_put(v, 0, r, i == m->selected ? GA_SELECTED : GA_NORMAL,
			 tb.buf);
		if (i == m->selected)
			view_attr(v, 0, r, v->w, GA_SELECTED);
	}
}

/* The stack is known for the exit the vCPU thread last stopped at. */
static void stack_text(const struct tui_model *m, const struct log_entry *e,
		       char *buf, size_t len)
{
	const struct vcpu_snapshot *s = &m->snap;
	size_t pos = 0;

	buf[0] = '\0';
	if (!s->have_exit || s->exit.u.exit.seq != e->exit.seq)
		return;
	pos = (size_t)snprintf(buf, len, "stack: ");
	for (uint32_t i = 0; i < s->nframes && pos + 1 < len; i++)
		pos += (size_t)snprintf(buf + pos, len - pos, "%s%s",
					i ? (s->frames[i].trap ||
					     s->frames[i - 1].trap ? " | "
								   : " > ")
					  : "", s->frames[i].name);
}

static void detail_rows(const struct tui_model *m, const struct view *v,
			int y)
{
	const struct log_entry *e = model_log_entry(m, m->selected);
	struct textbuf payload;
	char stack[1024];
	int rows = v->h - y;

	if (!e) {
		view_wrap(v, y, rows, GA_DIM, "No exit yet. space runs the "
			  "guest to its first exit, c continues, ? lists "
			  "every key.");
		return;
	}
	textbuf_reset(&payload);
	trace_line_payload(&e->exit, &payload);
	view_printf(v, 0, y++, GA_BOLD, "exit %llu: %s  hardware: %s  "
		    "cpl %u  handled in %.1fus",
		    (unsigned long long)e->exit.seq, e->text.reason,
		    e->text.hw, e->exit.cpl, e->exit.handle_ns / 1000.0);
	view_printf(v, 0, y++, GA_NORMAL, "at %s: %s   %s", e->text.sym,
		    e->text.insn, payload.buf);
	stack_text(m, e, stack, sizeof(stack));
	if (stack[0] && y < v->h)
		y += view_wrap(v, y, v->h - y > 2 ? 2 : 1, GA_NORMAL, stack);
	if (y < v->h)
		view_wrap(v, y, v->h - y, GA_DIM,
			  exit_reason_explain(e->exit.reason));
}

void panel_exits(const struct tui_model *m, const struct view *v)
{
	int detail = v->h >= 9 ? (v->h + 1) / 2 : 0;
	int rows = v->h - detail - (detail ? 1 : 0);

	log_rows(m, v, rows);
	if (!detail) {
		if (model_log_count(m) == 0)
			view_wrap(v, 0, rows, GA_DIM, "No exit yet. space "
				  "runs the guest to its first exit.");
		return;
	}
	for (int x = 0; x < v->w; x++)
		view_put(v, x, rows, GA_DIM, "-");
	detail_rows(m, v, rows + 1);
}
