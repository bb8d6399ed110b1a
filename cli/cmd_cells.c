/*
 * cli/cmd_cells.c - `vmscope cells`: several guests side by side as
 * static cells, from a configuration that is checked first.
 *
 *   vmscope cells [--backend B] [--seconds N] [--until CELL] FILE.cell
 *   vmscope cells --check FILE.cell                       check, run nothing
 *
 * A configuration that is wrong is refused with "file:line: what is
 * wrong" on stderr and status 2, before any cell starts (core/cells.h has
 * the format, docs/PARTITIONING.md the stage).  Running, each cell's
 * console lines come out on stdout labelled "[name] ", and when every
 * cell has ended (or --seconds passed, or a signal came) a table says how
 * each ended and its exits per second (cli/cells_report.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/backend_choice.h"
#include "cli/cells_load.h"
#include "cli/cells_report.h"
#include "cli/commands.h"
#include "cli/guest_opts.h"
#include "cli/options.h"
#include "cli/signals.h"
#include "core/cells_run.h"
#include "core/clock.h"

struct cells_opts {
	bool check;
	uint64_t seconds;   /* 0: until every cell has ended */
	const char *until;  /* a cell whose end stops the others, or NULL */
	struct guest_opts g;
};

static const struct opt_spec cells_own[] = {
	{ "check", 'c', NULL, NULL,
	  "only check the configuration: print the cells, run nothing" },
	{ "seconds", 's', "N", "until every cell ends",
	  "stop every cell still running after N seconds" },
	{ "until", 'u', "CELL", "until every cell ends",
	  "when cell CELL ends, stop the others" },
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

	if (code == 's')
		return options_number("cells", "--seconds", arg, 1, 86400,
				      &o->seconds);
	if (code == 'u')
		o->until = arg;
	else
		o->check = true;
	return 0;
}

static bool cells_named(const struct cells_config *cfg, const char *name)
{
	for (unsigned i = 0; i < cfg->ncells; i++)
		if (strcmp(cfg->cells[i].name, name) == 0)
			return true;
	return false;
}

/* Open every cell's image (the checker opened them once already). */
static int open_images(const struct cells_config *cfg,
		       struct guest_image *imgs,
		       struct cells_image_bytes *bytes)
{
	char err[300];

	for (unsigned i = 0; i < cfg->ncells; i++) {
		if (cells_image_open(cfg, &cfg->cells[i], &imgs[i], err,
				     sizeof(err))) {
			fprintf(stderr, "vmscope cells: %s\n", err);
			while (i--)
				guest_image_close(&imgs[i]);
			return -ENOENT;
		}
		bytes[i] = (struct cells_image_bytes){ imgs[i].bytes,
						       imgs[i].size };
	}
	return 0;
}

/* Milliseconds until the --seconds deadline, or -1: no deadline. */
static int time_left_ms(uint64_t deadline_ns)
{
	uint64_t now = clock_now_ns();

	if (!deadline_ns)
		return -1;
	return now >= deadline_ns ? 0 : (int)((deadline_ns - now) / 1000000 + 1);
}

/* Has the --until cell ended? */
static bool until_ended(const struct cells_run *run, const char *until)
{
	for (unsigned i = 0; until && i < run->ncells; i++)
		if (strcmp(run->cells[i].config->name, until) == 0)
			return atomic_load(&run->cells[i].ended);
	return false;
}

/* Until every cell has ended; --seconds, --until and signals stop them
 * all. */
static void wait_cells(struct cells_run *run, const struct cells_opts *o)
{
	uint64_t deadline = o->seconds ? clock_now_ns() + o->seconds *
					 1000000000ull : 0;
	bool stopping = false;

	while (cells_run_running(run)) {
		int err = cells_run_wait(run, stopping ? -1
						       : time_left_ms(deadline));

		if (stopping)
			continue;
		if (err == -EINTR && signals_caught()) {
			cells_run_stop(run, signals_reason());
			stopping = true;
		} else if (err == -ETIMEDOUT) {
			cells_run_stop(run, "stopped after --seconds");
			stopping = true;
		} else if (err == 0 && until_ended(run, o->until)) {
			cells_run_stop(run, "stopped: the --until cell ended");
			stopping = true;
		}
	}
	cells_run_join(run);
}

static int run_cells(const struct cells_config *cfg,
		     const struct cells_opts *o,
		     const struct backend_ops *ops)
{
	struct guest_image imgs[CELLS_MAX];
	struct cells_image_bytes bytes[CELLS_MAX];
	struct cells_run *run = malloc(sizeof(*run));
	char err[300];
	int status = EXIT_CRASH;

	if (!run || open_images(cfg, imgs, bytes)) {
		free(run);
		return run ? EXIT_USAGE : EXIT_CRASH;
	}
	signals_block();   /* before any VM's threads exist */
	if (cells_run_create(run, cfg, ops, bytes, err, sizeof(err))) {
		fprintf(stderr, "vmscope cells: %s\n", err);
		goto out_images;
	}
	if (cells_run_start(run))
		fprintf(stderr, "vmscope cells: cannot start a vCPU thread\n");
	signals_catch(NULL);
	wait_cells(run, o);
	fflush(stdout);
	status = cells_report(run, stdout);
	if (cells_run_destroy(run)) {
		fprintf(stderr, "vmscope cells: a console could not be "
			"written\n");
		status = EXIT_CRASH;
	}
	if (signals_caught())
		status = signals_status();
	signals_release();
out_images:
	for (unsigned i = 0; i < cfg->ncells; i++)
		guest_image_close(&imgs[i]);
	free(run);
	return status;
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
	} else if (o.until && !cells_named(cfg, o.until)) {
		status = options_usage_error(&cmd_cells_spec, "--until %s: no "
					     "cell of that name in %s",
					     o.until, cfg->file);
	} else if (o.check) {
		cells_report_config(cfg, stdout);
		status = 0;
	} else if (backend_choose(o.g.backend, &ops, err, sizeof(err))) {
		fprintf(stderr, "vmscope cells: %s\n", err);
	} else {
		if (strcmp(o.g.backend, "auto") == 0)
			fprintf(stderr, "vmscope: %s\n", err);
		status = run_cells(cfg, &o, ops);
	}
	free(cfg);
	return status;
}
