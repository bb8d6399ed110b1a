/*
 * tui/panel_stats.c - exits per reason with their average handling time,
 * the exit rate, and the backend's own counters: for KVM, how many exits
 * happened in all against how many reached vmscope - the rest KVM handled
 * inside the kernel (cli/trace_summary.c says the same at a trace's end);
 * and the accesses no device claimed, with their first ports.  Nothing is
 * left out silently: reasons without a row of their own are named on the
 * last row the reasons have, counters without one are counted.
 */
#include <stdio.h>
#include <string.h>

#include "core/exit_number.h"
#include "tui/panels.h"

static const struct backend_counter *counter(const struct vcpu_snapshot *s,
					     const char *name)
{
	for (int i = 0; i < s->ncounters; i++)
		if (strcmp(s->counters[i].name, name) == 0)
			return &s->counters[i];
	return NULL;
}

/* The rows of the per-reason list: a row per reason slot, then "other"
 * for the reasons outside the table, as the trace's summary lists them. */
#define REASON_ENTRIES (EXIT_REASON_SLOTS + 1)

static const struct exit_stat *entry_stat(const struct vcpu_snapshot *s,
					  unsigned i)
{
	return i < EXIT_REASON_SLOTS ? &s->stats.by_reason[i] :
				       &s->stats.other;
}

static const char *entry_name(unsigned i, char *name, size_t len)
{
	if (i < EXIT_REASON_SLOTS)
		return exit_reason_format(exit_reason_at(i), name, len);
	snprintf(name, len, "other");
	return name;
}

/* How many entries the run had exits of. */
static int reasons_seen(const struct vcpu_snapshot *s)
{
	int n = 0;

	for (unsigned i = 0; i < REASON_ENTRIES; i++)
		n += entry_stat(s, i)->count != 0;
	return n;
}

/* Entry i's row: its name, its count right-aligned after it, the average
 * handling time; a narrow panel (the slot at 80 columns) drops "avg".  A
 * name longer than its column (IRQ_WINDOW_OPEN(7)) takes room from the
 * count's, always leaving a blank between the two. */
static void reason_row(const struct vcpu_snapshot *s, unsigned i,
		       const struct view *v, int y)
{
	const struct exit_stat *st = entry_stat(s, i);
	bool wide = v->w > 41;
	char name[32];
	int cols = wide ? 23 : 18, count_w;

	entry_name(i, name, sizeof(name));
	count_w = cols - (int)strlen(name) - 1;
	view_printf(v, 0, y, GA_NORMAL, wide ? "  %s %*llu  avg %7.1fus" :
		    "  %s %*llu %6.1fus", name, count_w > 1 ? count_w : 1,
		    (unsigned long long)st->count, exit_stat_avg_ns(st) / 1000.0);
}

/* The n entries with exits from entry i on, in one row: how many, then
 * each with its count as far as the row goes (the grid marks the cut). */
static void rest_row(const struct vcpu_snapshot *s, unsigned i, int n,
		     const struct view *v, int y)
{
	char text[512], name[32];
	size_t pos = (size_t)snprintf(text, sizeof(text), "  +%d reason%s:", n,
				      n == 1 ? "" : "s");
	const char *sep = " ";

	for (; i < REASON_ENTRIES && pos + 1 < sizeof(text); i++) {
		const struct exit_stat *st = entry_stat(s, i);

		if (!st->count)
			continue;
		pos += (size_t)snprintf(text + pos, sizeof(text) - pos,
					"%s%s %llu", sep,
					entry_name(i, name, sizeof(name)),
					(unsigned long long)st->count);
		sep = ", ";
	}
	view_put(v, 0, y, GA_NORMAL, text);
}

/* A row per reason from y, up to max_y.  When they do not all fit, the
 * last row takes the rest: never a reason left out without a word. */
static int reason_rows(const struct vcpu_snapshot *s, const struct view *v,
		       int y, int max_y)
{
	int room = max_y > y ? max_y - y : 0, n = reasons_seen(s);
	int full = n <= room ? n : room - 1;
	unsigned i = 0;

	for (int shown = 0; shown < full; i++)
		if (entry_stat(s, i)->count)
			reason_row(s, i, v, y + shown++);
	if (full < n && full >= 0)
		rest_row(s, i, n - full, v, y + full);
	return y + (n < room ? n : room);
}

/* The software CPU's deliveries through the guest's IDT, by kind, as the
 * trace's summary counts them (cli/trace_summary.c); false on a backend
 * without those counters.  "interrupts" are the hardware's (SDM Vol. 3A,
 * 6.3.1: external interrupts and NMIs), wherever the 8259 that raised
 * them lives: the summary's `interrupts` (injected from vmscope's PIC)
 * and `chip_interrupts` (taken from the CPU's own chip, --irqchip
 * kernel) together.  One row at the panel's usual width: the tail's rows
 * are taken from the per-reason list above it. */
static bool idt_para(const struct vcpu_snapshot *s, char *text, size_t size)
{
	const struct backend_counter *exc = counter(s, "exceptions");
	const struct backend_counter *swi = counter(s, "software_interrupts");
	const struct backend_counter *irq = counter(s, "interrupts");
	const struct backend_counter *chip = counter(s, "chip_interrupts");

	if (!exc || !swi || !irq || !chip)
		return false;
	snprintf(text, size, "IDT: %llu exceptions, %llu INT n, %llu interrupts",
		 (unsigned long long)exc->value,
		 (unsigned long long)swi->value,
		 (unsigned long long)(irq->value + chip->value));
	return true;
}

/* The lines below the per-reason list, as sentences that wrap to the
 * panel's width rather than being cut; returns how many. */
static int tail_paras(const struct tui_model *m, struct para *p,
		      char text[][160])
{
	const struct vcpu_snapshot *s = &m->snap;
	const struct backend_counter *all = counter(s, "exits");
	const struct backend_counter *insn = counter(s, "insn_emulation");
	int n = 0;

	snprintf(text[n], 160, "layer stops %llu  lost events %llu",
		 (unsigned long long)s->breakpoint_hits,
		 (unsigned long long)m->lost);
	p[n] = (struct para){ text[n], GA_NORMAL };
	n++;
	if (all) {
		snprintf(text[n], 160, "%s: %llu exits in all, %llu reached "
			 "vmscope, %llu handled in the kernel", s->backend,
			 (unsigned long long)all->value,
			 (unsigned long long)s->stats.total,
			 (unsigned long long)(all->value > s->stats.total ?
					      all->value - s->stats.total : 0));
		p[n] = (struct para){ text[n], GA_NORMAL };
		n++;
	}
	if (all && insn) {
		snprintf(text[n], 160, "%s: %llu instructions emulated",
			 s->backend, (unsigned long long)insn->value);
		p[n] = (struct para){ text[n], GA_NORMAL };
		n++;
	}
	if (idt_para(s, text[n], 160)) {
		p[n] = (struct para){ text[n], GA_NORMAL };
		n++;
	}
	/* accesses no device answered, when there were any */
	if (bus_unclaimed_format(&s->unclaimed_pio, "ports", text[n], 160)) {
		p[n] = (struct para){ text[n], GA_NORMAL };
		n++;
	}
	if (bus_unclaimed_format(&s->unclaimed_mmio, "MMIO", text[n], 160)) {
		p[n] = (struct para){ text[n], GA_NORMAL };
		n++;
	}
	return n;
}

/* The paragraphs below the reasons in v; when they do not fit, the last
 * row counts the rows left out, as the Interrupts panel does. */
static void tail_rows(const struct para *tail, int n, int need,
		      const struct view *v)
{
	int rows = need <= v->h ? v->h : v->h - 1;
	struct view fit = view_sub(v, 0, 0, v->w, rows);

	view_paras(&fit, tail, n, 0);
	if (need > v->h && v->h > 0)
		view_printf(v, 0, v->h - 1, GA_DIM,
			    "+%d rows: needs a taller view", need - fit.h);
}

void panel_stats(const struct tui_model *m, const struct view *v)
{
	const struct vcpu_snapshot *s = &m->snap;
	uint64_t ns = exit_stats_total_ns(&s->stats);
	struct view none = view_sub(v, 0, 0, v->w, 0), below;
	struct para tail[6];
	char text[6][160];
	int n = tail_paras(m, tail, text);
	int need = view_paras(&none, tail, n, 0);
	int reasons_end = v->h - need;
	char count[80], first[160];
	int y;

	/* the tracer's summary counts with the same words; wrapped in the
	 * slot at 80 columns */
	exit_number_totals(&s->stats, count, sizeof(count));
	snprintf(first, sizeof(first), "%s  %.0f/s  avg %.1fus", count,
		 m->exit_rate,
		 s->stats.total ? ns / 1000.0 / s->stats.total : 0.0);
	y = view_wrap(v, 0, v->h, GA_BOLD, first);
	/* the counters keep their rows below the per-reason list, but the
	 * reasons keep one row at least */
	if (reasons_seen(s) && reasons_end < y + 1)
		reasons_end = y + 1;
	y = reason_rows(s, v, y, reasons_end);
	below = view_sub(v, 0, y, v->w, v->h - y);
	tail_rows(tail, n, need, &below);
}
