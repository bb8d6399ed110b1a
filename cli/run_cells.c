/*
 * cli/run_cells.c - the cells in the full-screen view (see
 * cli/run_cells.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cells_load.h"
#include "cli/commands.h"
#include "cli/run_cells.h"
#include "cli/signals.h"
#include "tui/panel_cells.h"

struct cells_ui {
	struct guest_image img[CELLS_MAX];
	struct tui_cell cell[CELLS_MAX];
	struct tui_model *models;    /* one a cell: large, on the heap */
	unsigned n;                  /* cells whose thread started */
};

static int start_cell(struct cells_ui *u, const struct cells_config *cfg,
		      unsigned i, const struct backend_ops *backend,
		      uint32_t ring_capacity, bool batch)
{
	const struct cell_config *c = &cfg->cells[i];
	struct vcpu_thread_config tc = { .ring_capacity = ring_capacity };
	char msg[300];
	int err = cells_image_open(cfg, c, &u->img[i], msg, sizeof(msg));

	if (err) {
		fprintf(stderr, "vmscope run: %s\n", msg);
		return EXIT_USAGE;
	}
	tc.vm = (struct vm_config){
		.backend = backend, .ram_size = c->ram.last - c->ram.first + 1,
		.image = u->img[i].bytes, .image_size = u->img[i].size,
		.guest_name = u->img[i].name, .cell = c, .keys_live = !batch,
	};
	err = vcpu_thread_start(&u->cell[i].t, &tc, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "vmscope run: cell %s: %s\n", c->name, msg);
		guest_image_close(&u->img[i]);
		return EXIT_CRASH;
	}
	u->cell[i] = (struct tui_cell){ c->name, c->cpu, u->cell[i].t,
					&u->models[i] };
	u->n = i + 1;
	return 0;
}

/* Stop every thread; the status for how the cells ended. */
static int stop_cells(struct cells_ui *u)
{
	int status = 0;
	bool crashed = false;

	for (unsigned i = 0; i < u->n; i++) {
		struct vcpu_snapshot *s = &u->models[i].snap;
		char *crash;

		vcpu_thread_snapshot(u->cell[i].t, s);
		crash = vcpu_thread_stop(u->cell[i].t);
		if (s->state == VM_CRASHED) {
			fprintf(stderr, "vmscope: cell %s: %s\n",
				u->cell[i].name, s->end_reason);
			if (crash)
				fputs(crash, stderr);
			crashed = true;
		} else if (!status && s->state == VM_EXITED) {
			status = s->exit_status;
		}
		free(crash);
		guest_image_close(&u->img[i]);
	}
	return crashed ? EXIT_CRASH : status;
}

/* The Cells view, or its --batch twin.  A signal ends the batch as it ends
 * `vmscope cells` (cli/cells_session.c): the panels, where the cells
 * stopped, then the signal said and its status (128 + its number). */
static int show(struct cells_ui *u, const struct cells_config *cfg,
		bool batch, const struct tui_options *tui)
{
	char msg[256];
	int err, status = 0;

	if (batch) {
		signals_catch(NULL);
		err = tui_cells_batch(u->cell, u->n);
		if (!err && signals_caught()) {
			fprintf(stderr, "vmscope: %s\n", signals_reason());
			status = signals_status();
		}
		signals_release();
	} else {
		err = tui_cells_interactive(u->cell, u->n, cfg->file, tui, msg,
					    sizeof(msg));
	}
	if (err)
		fprintf(stderr, "vmscope run: %s\n", batch ? strerror(-err)
							  : msg);
	return err ? EXIT_CRASH : status;
}

int run_cells(const struct cells_config *cfg,
	      const struct backend_ops *backend, uint32_t ring_capacity,
	      bool batch, const struct tui_options *tui)
{
	struct cells_ui *u = calloc(1, sizeof(*u));
	int status = 0, end;

	if (u)
		u->models = calloc(cfg->ncells, sizeof(*u->models));
	if (!u || !u->models) {
		fprintf(stderr, "vmscope run: out of memory\n");
		free(u);
		return EXIT_CRASH;
	}
	for (unsigned i = 0; i < cfg->ncells && !status; i++)
		status = start_cell(u, cfg, i, backend, ring_capacity, batch);
	if (status == 0)
		status = show(u, cfg, batch, tui);
	end = stop_cells(u);
	if (status == 0)
		status = end;
	free(u->models);
	free(u);
	return status;
}
