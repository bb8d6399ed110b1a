/*
 * cli/cells_report.c - the cells, listed before a run (--check) and
 * summed up after it (see cli/cells_report.h).
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
	return failed ? EXIT_CRASH : status;
}
