/*
 * tui/panel_exits.c - the exit log: one line per exit as the tracer
 * prints it (cli/trace_line.c's formatter), newest at the bottom, and
 * under it the selected exit with a plain-English paragraph on what it
 * means on this backend, reflected to L1 or not (core/exit.c) - as much as fits below the log; the same
 * text, scrolled, is the overlay Enter opens.
 *
 * The columns shrink with the panel: the time since the previous exit and
 * the nesting level go first, then the hardware reason, which the detail
 * always shows.  With --nested, L2's exits are coloured apart from L1's.
 */
#include <stdio.h>
#include <string.h>

#include "cli/trace_line.h"
#include "core/exit_number.h"
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

/* The tracer's line, numbered as the tracer numbers it. */
static void entry_line(const struct log_entry *e,
		       const struct trace_columns *cols, struct textbuf *tb)
{
	struct exit_number num = model_entry_number(e);
	struct trace_line line = {
		.exit = &e->exit, .text = &e->text, .dt_ns = e->dt_ns,
		.number = &num,
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
		view_put(v, 0, r, i == m->selected ? GA_SELECTED
			 : e->exit.level > 0 ? GA_LEVEL2 : GA_NORMAL, tb.buf);
		if (i == m->selected)
			view_attr(v, 0, r, v->w, GA_SELECTED);
	}
}

/* The call chain the vCPU thread unwound at this exit, as the tracer's
 * --stack prints it. */
static void stack_text(const struct log_entry *e, char *buf, size_t len)
{
	buf[0] = '\0';
	if (e->have_note && e->note.stack[0])
		snprintf(buf, len, "stack: %s", e->note.stack);
	else if (e->note_pending)
		snprintf(buf, len, "stack: (being read)");
}

/* The selected exit's detail as paragraphs; bufs holds their text. */
struct detail {
	struct para p[6];
	int n;
	char head[256], at[2600], stack[1024], explain[1024];
};

static void detail_build(const struct tui_model *m, const struct log_entry *e,
			 struct detail *d)
{
	struct textbuf payload;
	char which[80];

	textbuf_reset(&payload);
	trace_line_payload(&e->exit, &payload);
	exit_number_words(model_entry_number(e), which, sizeof(which));
	snprintf(d->head, sizeof(d->head), "%s: %s  hardware: %s  cpl %u  "
		 "handled in %.1fus", which, e->text.reason, e->text.hw,
		 e->exit.cpl, e->exit.handle_ns / 1000.0);
	snprintf(d->at, sizeof(d->at), "at %s: %s   %s", e->text.sym,
		 e->text.insn, payload.buf);
	stack_text(e, d->stack, sizeof(d->stack));
	d->n = 0;
	d->p[d->n++] = (struct para){ d->head, GA_BOLD };
	d->p[d->n++] = (struct para){ d->at, GA_NORMAL };
	if (d->stack[0])
		d->p[d->n++] = (struct para){ d->stack, GA_NORMAL };
	exit_explain(&e->exit, m->snap.flavour, d->explain,
		     sizeof(d->explain));
	d->p[d->n++] = (struct para){ d->explain, GA_DIM };
	/* the words a PVM host puts on the screen, said where they show */
	if (m->snap.flavour == HOST_PVM)
		d->p[d->n++] = (struct para){ help_pvm_hardware, GA_DIM };
	if (strstr(d->stack, "#UD, emulated"))
		d->p[d->n++] = (struct para){ help_pvm_int80, GA_DIM };
}

static const struct para no_exit = {
	"No exit yet. space runs the guest to its first exit, c continues, "
	"? lists every key.", GA_DIM,
};
static const struct para no_exit_lesson = {
	"No exit yet. n or Space runs the lesson's step; ? lists every key.",
	GA_DIM,
};

/* What an empty log says: what to press for the first exit. */
static const struct para *nothing_yet(const struct tui_model *m)
{
	return m->lesson_on ? &no_exit_lesson : &no_exit;
}

int panel_exits_detail(const struct tui_model *m, const struct view *v,
		       int skip)
{
	const struct log_entry *e = model_log_entry(m, m->selected);
	struct detail d;

	if (!e)
		return view_paras(v, nothing_yet(m), 1, skip);
	detail_build(m, e, &d);
	return view_paras(v, d.p, d.n, skip);
}

/* The detail in rows y.. of v, as much as fits; when it does not, its
 * last row says where the rest is. */
static void detail_rows(const struct tui_model *m, const struct view *v,
			int y, int need)
{
	struct view d = view_sub(v, 0, y, v->w, v->h - y);

	panel_exits_detail(m, &d, 0);
	if (need > d.h && d.h > 0 && model_log_count(m)) {
		struct view last = view_sub(&d, 0, d.h - 1, d.w, 1);

		view_fill(&last, GA_NORMAL);
		view_put(&last, 0, 0, GA_DIM, "(Enter: this exit in full)");
	}
}

/* The log takes what the detail leaves, the detail what it needs but at
 * least a third (a half on a short panel) stays for the log. */
void panel_exits(const struct tui_model *m, const struct view *v)
{
	struct view none = view_sub(v, 0, 0, v->w, 0);
	int need = panel_exits_detail(m, &none, 0);
	bool sep = v->h >= 10;
	int min_log = sep ? v->h / 3 : v->h / 2;
	int detail = v->h - (sep ? 1 : 0) - min_log;
	int rows;

	if (v->h < 5) {   /* too short for a detail */
		log_rows(m, v, v->h);
		if (!model_log_count(m))
			view_paras(v, nothing_yet(m), 1, 0);
		return;
	}
	if (detail > need)
		detail = need;
	rows = v->h - detail - (sep ? 1 : 0);
	log_rows(m, v, rows);
	if (sep)
		view_hline(v, rows);
	detail_rows(m, v, rows + (sep ? 1 : 0), need);
}
