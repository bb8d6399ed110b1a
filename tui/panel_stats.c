/*
 * tui/panel_stats.c - exits per reason with their average handling time,
 * the exit rate, and the backend's own counters: for KVM, how many exits
 * happened in all against how many reached vmscope - the rest KVM handled
 * inside the kernel (cli/trace_summary.c says the same at a trace's end).
 */
#include <stdio.h>
#include <string.h>

#include "tui/panels.h"

static const struct backend_counter *counter(const struct vcpu_snapshot *s,
					     const char *name)
{
	for (int i = 0; i < s->ncounters; i++)
		if (strcmp(s->counters[i].name, name) == 0)
			return &s->counters[i];
	return NULL;
}

static int reason_rows(const struct vcpu_snapshot *s, const struct view *v,
		       int y, int max_y)
{
	char name[32];

	for (uint32_t r = 0; r < EXIT_REASON_TABLE_SIZE && y < max_y; r++) {
		const struct exit_stat *st = &s->stats.by_reason[r];

		if (!st->count)
			continue;
		view_printf(v, 0, y++, GA_NORMAL, "  %-12s %10llu  avg %7.1fus",
			    exit_reason_format(r, name, sizeof(name)),
			    (unsigned long long)st->count,
			    exit_stat_avg_ns(st) / 1000.0);
	}
	return y;
}

static uint64_t total_ns(const struct exit_stats *st)
{
	uint64_t ns = st->other.total_ns;

	for (int r = 0; r < EXIT_REASON_TABLE_SIZE; r++)
		ns += st->by_reason[r].total_ns;
	return ns;
}

static int kvm_rows(const struct vcpu_snapshot *s, const struct view *v,
		    int y)
{
	const struct backend_counter *all = counter(s, "exits");
	const struct backend_counter *insn = counter(s, "insn_emulation");

	if (!all)
		return y;
	view_printf(v, 0, y++, GA_NORMAL, "%s: %llu exits in all, %llu "
		    "reached vmscope, %llu handled in the kernel", s->backend,
		    (unsigned long long)all->value,
		    (unsigned long long)s->stats.total,
		    (unsigned long long)(all->value > s->stats.total ?
					 all->value - s->stats.total : 0));
	if (insn)
		view_printf(v, 0, y++, GA_NORMAL, "%s: %llu instructions "
			    "emulated", s->backend,
			    (unsigned long long)insn->value);
	return y;
}

void panel_stats(const struct tui_model *m, const struct view *v)
{
	const struct vcpu_snapshot *s = &m->snap;
	uint64_t ns = total_ns(&s->stats);
	int y = 0;

	view_printf(v, 0, y++, GA_BOLD, "%llu exits  %.0f/s  avg %.1fus",
		    (unsigned long long)s->stats.total, m->exit_rate,
		    s->stats.total ? ns / 1000.0 / s->stats.total : 0.0);
	/* keep two rows for the counters below the per-reason list */
	y = reason_rows(s, v, y, v->h - 3);
	y = kvm_rows(s, v, y);
	view_printf(v, 0, y, GA_NORMAL, "layer stops %llu  lost events %llu",
		    (unsigned long long)s->breakpoint_hits,
		    (unsigned long long)m->lost);
}
