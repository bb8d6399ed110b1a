/*
 * cli/cmd_cells.c - `vmscope cells`: several guests side by side as
 * static cells, from a configuration that is checked first.
 *
 *   vmscope cells --check FILE.cell   check the configuration, run nothing
 *
 * A configuration that is wrong is refused with "file:line: what is
 * wrong" on stderr and status 2, before any cell starts (core/cells.h
 * has the format, docs/PARTITIONING.md the stage).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cells_load.h"
#include "cli/commands.h"
#include "cli/options.h"

struct cells_opts {
	bool check;
};

static const struct opt_spec cells_own[] = {
	{ "check", 'c', NULL, NULL,
	  "only check the configuration: print the cells, run nothing" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt_spec *const cells_tables[] = { cells_own, NULL };
static const char *const cells_notes[] = {
	"FILE is a cell configuration (docs/PARTITIONING.md): a wrong one is "
	"refused with file:line: what is wrong, and status 2.",
	NULL,
};

const struct cmd_spec cmd_cells_spec = {
	.name = "cells",
	.operands = "FILE",
	.min_operands = 1,
	.max_operands = 1,
	.summary = "run guests side by side as static cells (partitioning)",
	.tables = cells_tables,
	.notes = cells_notes,
};

static int cells_opt(void *ctx, int code, const char *arg)
{
	struct cells_opts *o = ctx;

	(void)arg;
	if (code == 'c')
		o->check = true;
	return 0;
}

static void print_cell(const struct cell_config *c)
{
	printf("cell %-8s image %-10s ram %4" PRIu64 " MiB at 0x%" PRIx64
	       ", cpu ", c->name, c->image,
	       (c->ram.last - c->ram.first + 1) >> 20, c->ram.first);
	if (c->cpu == CELL_CPU_NONE)
		printf("none");
	else
		printf("%d", c->cpu);
	printf(", %u port, %u irq, %u mmio lines, console %s\n", c->nports,
	       c->nirqs, c->nmmio, c->console);
}

int cmd_cells(int argc, char **argv)
{
	struct cells_opts o = { 0 };
	struct cells_config *cfg;
	char err[512];
	int first, status = options_parse(&cmd_cells_spec, argc, argv,
					  cells_opt, &o, &first);

	if (status)
		return status == OPTIONS_HELP ? 0 : status;
	if (!o.check)
		return options_usage_error(&cmd_cells_spec, "running cells is "
					   "not built yet: use --check");
	cfg = malloc(sizeof(*cfg));
	if (!cfg) {
		fprintf(stderr, "vmscope cells: out of memory\n");
		return EXIT_CRASH;
	}
	if (cells_load(argv[first], cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		free(cfg);
		return EXIT_USAGE;
	}
	for (unsigned i = 0; i < cfg->ncells; i++)
		print_cell(&cfg->cells[i]);
	printf("%s: %u cells, nothing shared: the configuration is good\n",
	       cfg->file, cfg->ncells);
	free(cfg);
	return 0;
}
