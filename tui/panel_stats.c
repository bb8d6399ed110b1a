/*
 * tui/panel_stats.c - exits per reason with their average handling time,
 * the exit rate, and the backend's own counters: for KVM, how many exits
 * happened in all against how many reached vmscope - the rest KVM handled
 * inside the kernel (cli/trace_summary.c says the same at a trace's end);
 * and the accesses no device claimed, with their first ports.
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

static int reason_rows(const struct vcpu_snapshot *s, const struct view *v,
		       int y, int max_y)
{
	char name[32];

	for (unsigned slot = 0; slot < EXIT_REASON_SLOTS && y < max_y; slot++) {
		const struct exit_stat *st = &s->stats.by_reason[slot];

		if (!st->count)
			continue;
		/* a narrow panel (the slot at 80 columns) drops "avg" */
		view_printf(v, 0, y++, GA_NORMAL, v->w > 41 ?
			    "  %-12s %10llu  avg %7.1fus" :
			    "  %-10s%8llu %6.1fus",
			    exit_reason_format(exit_reason_at(slot), name,
					       sizeof(name)),
			    (unsigned long long)st->count,
			    exit_stat_avg_ns(st) / 1000.0);
	}
	return y;
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

void panel_stats(const struct tui_model *m, const struct view *v)
{
	const struct vcpu_snapshot *s = &m->snap;
	uint64_t ns = exit_stats_total_ns(&s->stats);
	struct view none = view_sub(v, 0, 0, v->w, 0), below;
	struct para tail[6];
	char text[6][160];
	int n = tail_paras(m, tail, text);
	int need = view_paras(&none, tail, n, 0);
	char count[80];
	int y = 0;

	/* the tracer's summary counts with the same words */
	exit_number_totals(&s->stats, count, sizeof(count));
	view_printf(v, 0, y++, GA_BOLD, "%s  %.0f/s  avg %.1fus", count,
		    m->exit_rate,
		    s->stats.total ? ns / 1000.0 / s->stats.total : 0.0);
	/* the counters keep their rows below the per-reason list */
	y = reason_rows(s, v, y, v->h - need);
	below = view_sub(v, 0, y, v->w, v->h - y);
	view_paras(&below, tail, n, 0);
}
