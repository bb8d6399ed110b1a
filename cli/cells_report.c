/*
 * cli/cells_report.c - the cells, listed before a run (--check) and
 * summed up after it (see cli/cells_report.h): how each ended, and what
 * its exits were - by reason, how many a timer tick costs, vmscope's own
 * delay in injecting each tick, and the accesses that found nothing.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "cli/cells_report.h"
#include "cli/commands.h"

void cells_report_config(const struct cells_config *cfg, FILE *out)
{
	for (unsigned i = 0; i < cfg->ncells; i++) {
		const struct cell_config *c = &cfg->cells[i];

		fprintf(out, "cell %-8s image %-10s ram %4" PRIu64 " MiB at 0x%"
			PRIx64 ", cpu ", c->name, c->image,
			(c->ram.last - c->ram.first + 1) >> 20, c->ram.first);
		if (c->cpu == CELL_CPU_NONE)
			fprintf(out, "none");
		else
			fprintf(out, "%d", c->cpu);
		fprintf(out, ", %u port, %u irq, %u mmio lines, console %s\n",
			c->nports, c->nirqs, c->nmmio, c->console);
	}
	fprintf(out, "%s: %u cells, nothing shared: the configuration is "
		"good\n", cfg->file, cfg->ncells);
}

/* Said on stderr when the cell did not run to a normal end: true then. */
static bool cell_failed(const struct cells_cell *cell)
{
	if (cell->pin_error) {
		fprintf(stderr, "vmscope cells: cell %s: cannot pin its vCPU "
			"thread to CPU %d: %s\n", cell->config->name,
			cell->config->cpu, strerror(-cell->pin_error));
		return true;
	}
	if (cell->run_error || cell->vm.state == VM_CRASHED) {
		fprintf(stderr, "vmscope cells: cell %s: %s\n",
			cell->config->name, cell->vm.end_reason);
		return true;
	}
	return false;
}

/* "rt: exits IO 20012, HLT 19740": the reasons it exited for. */
static void print_reasons(const struct cells_cell *cell, FILE *out)
{
	const struct exit_stats *st = &cell->vm.stats;
	const char *sep = " ";
	char name[32];

	fprintf(out, "%s: exits", cell->config->name);
	for (unsigned slot = 0; slot < EXIT_REASON_SLOTS; slot++) {
		uint32_t r = exit_reason_at(slot);

		if (!st->by_reason[slot].count)
			continue;
		exit_reason_format(r, name, sizeof(name));
		fprintf(out, "%s%s %" PRIu64, sep,
			exit_reason_name(r) ? exit_reason_name(r) : name,
			st->by_reason[slot].count);
		sep = ", ";
	}
	fprintf(out, "%s\n", st->total ? "" : " none");
}

/* The timer's share of the exits, and vmscope's own delay per tick. */
static void print_timer(const struct cells_cell *cell, FILE *out)
{
	const struct cells_ticks *t = &cell->ticks;
	const struct rt_hist *d = &t->delay;

	if (!t->injected)
		return;
	fprintf(out, "%s: timer: %" PRIu64 " ticks injected; %" PRIu64 " of "
		"its exits came from one to the HLT after it, %.2f a tick\n",
		cell->config->name, t->injected, t->tick_exits,
		(double)t->tick_exits / (double)t->injected);
	if (!d->samples)
		return;
	fprintf(out, "%s: injection delay (vmscope's): min %" PRIu64 " us, "
		"median %" PRIu64 " us, p99 %" PRIu64 " us, max %" PRIu64
		" us\n", cell->config->name, d->min_ns / 1000,
		rt_hist_rank_us(d, 500), rt_hist_rank_us(d, 990),
		d->max_ns / 1000);
}

static void print_unclaimed(const struct cells_cell *cell,
			    const struct bus_unclaimed *u, const char *what,
			    FILE *out)
{
	char text[200];

	if (bus_unclaimed_format(u, what, text, sizeof(text)))
		fprintf(out, "%s: %s, %" PRIu64 " outside the cell\n",
			cell->config->name, text, u->outside);
}

/* What each cell's exits were, after the table. */
static void print_exits(const struct cells_run *run, FILE *out)
{
	for (unsigned i = 0; i < run->ncells; i++) {
		const struct cells_cell *cell = &run->cells[i];

		print_reasons(cell, out);
		print_timer(cell, out);
		print_unclaimed(cell, &cell->vm.bus.pio.unclaimed, "ports",
				out);
		print_unclaimed(cell, &cell->vm.bus.mmio.unclaimed, "MMIO",
				out);
	}
}

int cells_report(const struct cells_run *run, FILE *out)
{
	int status = 0;
	bool failed = false;

	fprintf(out, "%-10s %-5s %10s %10s %8s  %s\n", "cell", "cpu", "exits",
		"exits/s", "seconds", "end");
	for (unsigned i = 0; i < run->ncells; i++) {
		const struct cells_cell *cell = &run->cells[i];
		double s = (double)(cell->end_ns - cell->start_ns) / 1e9;
		uint64_t exits = cell->vm.next_seq;
		char cpu[16] = "none";

		if (cell->config->cpu != CELL_CPU_NONE)
			snprintf(cpu, sizeof(cpu), "%d", cell->config->cpu);
		fprintf(out, "%-10s %-5s %10" PRIu64 " %10.0f %8.2f  %s\n",
			cell->config->name, cpu, exits,
			s > 0 ? (double)exits / s : 0.0, s,
			cell->vm.end_reason);
		failed |= cell_failed(cell);
		if (!status && cell->vm.state == VM_EXITED)
			status = cell->vm.exit_status;
	}
	print_exits(run, out);
	return failed ? EXIT_CRASH : status;
}
