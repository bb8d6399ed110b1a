/*
 * tui/panel_nesting.c - the Nesting panel (`--nested`): what L0 did with
 * the last exit of L2's and why, what runs next, the shadow address
 * space's counters, and L1's control block beside L0's copy of it.
 *
 *   exit 173 L2 IO_INSTRUCTION(30): reflected to L1 (L1's I/O bitmap has
 *   port 0x3f9)
 *   next: L1 runs; L2 waits for L1's run doorbell
 *   shadow_faults 16  pages_mapped 15  shadow_reused 85 ...
 *   block at L1-physical 0x10d000: 2 fields differ (*)
 *   field              L1 wrote     L0's shadow
 *   rip                1008d0       1008ce       *
 *
 * The rule is the tracer's words for the same exit (trace_line_verdict),
 * the counters carry the names of the trace's summary
 * (core/nested_stats.c), so the two can be compared word for word.  The
 * block's table shows the fields a student looks at first and every
 * field where the two sides differ: L1 stepping L2's RIP past an exit,
 * answering an IN in RAX - or anything that wrote the block behind L0's
 * back, which L0 does not see (it runs L2 from its copy).
 */
#include <stdio.h>
#include <string.h>

#include "cli/trace_line.h"
#include "core/exit_number.h"
#include "tui/panels.h"

/* The shadow address space's counters, in this order. */
static const char *const shadow_counters[] = {
	"shadow_faults", "pages_mapped", "shadow_reused", "shadow_rebuilt",
	"invalidates", "pages_dropped",
};
/* ... and the runs and how their exits were decided (L3's: --nested 2). */
static const char *const run_counters[] = {
	"runs", "l2_exits", "reflected", "handled_l0",
	"l3_runs", "l3_exits", "l3_reflected", "l3_handled_l0",
};

#define STATS_MAX 24

/* The newest logged exit of L2's code, or NULL. */
static const struct log_entry *last_l2_exit(const struct tui_model *m)
{
	for (unsigned i = 0; i < model_log_count(m); i++) {
		const struct log_entry *e = model_log_entry(m, i);

		if (e->exit.level > 0 && e->exit.nest.verdict)
			return e;
	}
	return NULL;
}

static int rule_rows(const struct tui_model *m, const struct view *v, int y)
{
	const struct log_entry *e = last_l2_exit(m);
	struct textbuf tb;
	char label[32];

	if (!e) {
		textbuf_reset(&tb);
		textbuf_str(&tb, "No exit of ");
		textbuf_str(&tb, m->snap.nest.depth > 1 ? "L2's or L3's"
							: "L2's");
		textbuf_str(&tb, " yet: L0 decides each, handled in L0 or "
			    "reflected to L1.");
		return y + view_wrap(v, y, v->h - y, GA_DIM, tb.buf);
	}
	exit_number_label(model_entry_number(e), label, sizeof(label));
	textbuf_reset(&tb);
	textbuf_str(&tb, "exit ");
	textbuf_str(&tb, label);
	textbuf_str(&tb, " L");
	textbuf_dec(&tb, trace_level(&e->exit), 0);
	textbuf_char(&tb, ' ');
	textbuf_str(&tb, e->text.hw);
	textbuf_str(&tb, ": ");
	trace_line_verdict(&e->exit, &tb);
	return y + view_wrap(v, y, v->h - y, GA_LEVEL2, tb.buf);
}

static const char *next_text(const struct nested_view *n)
{
	if (!n->have_block)
		return "next: L1 runs; it has not rung the run doorbell yet";
	if (n->l2_active)
		return n->run_level == 2
		       ? "next: L3 runs, from L0's shadow of the block"
		       : "next: L2 runs, from L0's shadow of the block";
	return n->depth > 1
	       ? "next: L1 runs; L2 and L3 wait for L1's run doorbell"
	       : "next: L1 runs; L2 waits for L1's run doorbell";
}

/*
 * "name value  name value ..." for the named counters, from row y on: a
 * pair is never split over two rows.  Returns the row after the last.
 */
static int counter_rows(const struct nested_view *nv,
			const char *const *names, size_t count,
			const struct view *v, int y)
{
	struct nested_stat rows[STATS_MAX];
	int n = nested_stats_of(&nv->counters, nv->depth, rows, STATS_MAX);
	int x = 0;

	for (size_t k = 0; k < count; k++)
		for (int i = 0; i < n; i++) {
			char pair[64];
			int len;

			if (strcmp(rows[i].name, names[k]) != 0)
				continue;
			len = snprintf(pair, sizeof(pair), "%s %llu",
				       rows[i].name,
				       (unsigned long long)rows[i].value);
			if (x && x + 2 + len >= v->w) {
				y++;
				x = 0;
			}
			x += x ? 2 : 0;
			x += view_put(v, x, y, GA_NORMAL, pair);
		}
	return y + 1;
}

static bool field_differs(const struct nested_view *n,
			  const struct nested_field *f)
{
	return nested_field_value(f, &n->l1) !=
	       nested_field_value(f, &n->shadow);
}

/* Column widths: a wide panel fits 64-bit values whole. */
struct table_cols {
	int name, value;
};

static struct table_cols table_cols(int w)
{
	return w >= 52 ? (struct table_cols){ 19, 14 }
		       : (struct table_cols){ 12, 8 };
}

static int block_rows(const struct nested_view *n, const struct view *v,
		      int y)
{
	struct table_cols c = table_cols(v->w);
	unsigned differ = 0;
	char buf[160];

	for (size_t i = 0; i < nested_field_count; i++)
		differ += field_differs(n, &nested_fields[i]);
	snprintf(buf, sizeof(buf), "block at L1-physical 0x%llx: %u field%s "
		 "differ%s%s", (unsigned long long)n->block_gpa, differ,
		 differ == 1 ? "" : "s", differ == 1 ? "s" : "",
		 differ ? " (*)" : "");
	y += view_wrap(v, y, v->h - y, GA_BOLD, buf);
	view_printf(v, 0, y++, GA_DIM, "%-*s %-*s %s", c.name, "field (hex)",
		    c.value, "L1 wrote", c.value < 14 ? "L0 shadow" :
		    "L0's shadow");
	for (size_t i = 0; i < nested_field_count && y < v->h; i++) {
		const struct nested_field *f = &nested_fields[i];
		bool d = field_differs(n, f);
		char l1[20], l0[20];

		if (!d && !f->always)
			continue;
		snprintf(l1, sizeof(l1), "%llx",
			 (unsigned long long)nested_field_value(f, &n->l1));
		snprintf(l0, sizeof(l0), "%llx",
			 (unsigned long long)nested_field_value(f, &n->shadow));
		view_printf(v, 0, y++, d ? GA_CHANGED : GA_NORMAL,
			    "%-*s %-*s %s%s", c.name, f->name, c.value, l1,
			    l0, d ? " *" : "");
	}
	return y;
}

void panel_nesting(const struct tui_model *m, const struct view *v)
{
	const struct nested_view *n = &m->snap.nest;
	int y;

	if (!n->on) {
		view_put(v, 0, 0, GA_DIM, "nesting is off (--nested 1 runs "
			 "the guest as L2)");
		return;
	}
	y = rule_rows(m, v, 0);
	y += view_wrap(v, y, v->h - y, GA_NORMAL, next_text(n));
	y = counter_rows(n, shadow_counters,
			 sizeof(shadow_counters) / sizeof(shadow_counters[0]),
			 v, y);
	y = counter_rows(n, run_counters,
			 sizeof(run_counters) / sizeof(run_counters[0]), v, y);
	if (n->have_block && y < v->h)
		block_rows(n, v, y);
}
