/*
 * cli/cmd_cells.c - `vmscope cells`: several guests side by side as
 * static cells, from a configuration that is checked first.
 *
 *   vmscope cells [--backend B] [--seconds N] [--until CELL] FILE.cell
 *   vmscope cells --check FILE.cell          check it, run nothing
 *   vmscope cells --compare N --until CELL [--svg FILE] FILE.cell
 *                                            the loop's latency, three ways
 *
 * A configuration that is wrong is refused with "file:line: what is
 * wrong" on stderr and status 2, before any cell starts (core/cells.h has
 * the format, docs/PARTITIONING.md the stage).  Running, each cell's
 * console lines come out on stdout labelled "[name] ", and when every
 * cell has ended (or --seconds passed, or a signal came) a table says how
 * each ended and its exits per second (cli/cells_report.c); --compare
 * measures instead (cli/cells_compare.c).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/backend_choice.h"
#include "cli/cells_compare.h"
#include "cli/cells_load.h"
#include "cli/cells_report.h"
#include "cli/cells_session.h"
#include "cli/commands.h"
#include "cli/guest_opts.h"
#include "cli/options.h"

struct cells_opts {
	bool check;
	uint64_t compare;         /* rounds of the three set-ups, 0: none */
	const char *svg;
	struct cells_wait wait;   /* --seconds, --until */
	struct guest_opts g;
};

static const struct opt_spec cells_own[] = {
	{ "check", 'c', NULL, NULL,
	  "only check the configuration: print the cells, run nothing" },
	{ "seconds", 's', "N", "until every cell ends",
	  "stop every cell still running after N seconds" },
	{ "until", 'u', "CELL", "until every cell ends",
	  "when cell CELL ends, stop the others" },
	{ "compare", 'C', "N", "no comparison",
	  "N rounds of three set-ups (CPUs shared, pinned, pinned without the "
	  "other cells) measuring the --until cell's latency, then a table" },
	{ "svg", 'g', "FILE", "no picture",
	  "with --compare: the three latency histograms side by side, as SVG" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt_spec *const cells_tables[] = {
	cells_own, guest_opts_table, NULL,
};
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

	switch (code) {
	case 's':
		return options_number("cells", "--seconds", arg, 1, 86400,
				      &o->wait.seconds);
	case 'C':
		return options_number("cells", "--compare", arg, 1,
				      CELLS_COMPARE_MAX, &o->compare);
	case 'u': o->wait.until = arg; break;
	case 'g': o->svg = arg; break;
	default: o->check = true; break;
	}
	return 0;
}

static bool cells_named(const struct cells_config *cfg, const char *name)
{
	for (unsigned i = 0; i < cfg->ncells; i++)
		if (strcmp(cfg->cells[i].name, name) == 0)
			return true;
	return false;
}

/* The end of a plain run: the table (cli/cells_report.c). */
static int report(const struct cells_run *run, void *ctx)
{
	(void)ctx;
	return cells_report(run, stdout);
}

int cmd_cells(int argc, char **argv)
{
	struct cells_opts o = { 0 };
	const struct backend_ops *ops;
	struct cells_config *cfg;
	char err[512];
	int status = guest_opts_parse(&cmd_cells_spec, cells_opt, argc, argv,
				      &o.g, &o);

	if (status)
		return status == GUEST_OPTS_HELP ? 0 : status;
	cfg = malloc(sizeof(*cfg));
	if (!cfg) {
		fprintf(stderr, "vmscope cells: out of memory\n");
		return EXIT_CRASH;
	}
	status = EXIT_USAGE;
	if (cells_load(o.g.guest, cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
	} else if (o.wait.until && !cells_named(cfg, o.wait.until)) {
		status = options_usage_error(&cmd_cells_spec, "--until %s: no "
					     "cell of that name in %s",
					     o.wait.until, cfg->file);
	} else if ((o.compare || o.svg) && !o.wait.until) {
		status = options_usage_error(&cmd_cells_spec, "--compare and "
					     "--svg need --until CELL: the "
					     "control loop to measure");
	} else if (o.svg && !o.compare) {
		status = options_usage_error(&cmd_cells_spec, "--svg draws "
					     "what --compare measures");
	} else if (o.check) {
		cells_report_config(cfg, stdout);
		status = 0;
	} else if (backend_choose(o.g.backend, &ops, err, sizeof(err))) {
		fprintf(stderr, "vmscope cells: %s\n", err);
	} else {
		if (strcmp(o.g.backend, "auto") == 0)
			fprintf(stderr, "vmscope: %s\n", err);
		status = o.compare ? cells_compare(cfg, ops, o.wait.until,
						   (unsigned)o.compare, o.svg)
				   : cells_session(cfg, ops, &o.wait, NULL,
						   report, NULL);
	}
	free(cfg);
	return status;
}
