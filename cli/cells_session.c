/*
 * cli/cells_session.c - one run of a configuration's cells (see
 * cli/cells_session.h).
 *
 * The main thread only waits: on the pipe the cells' threads write to as
 * they end (core/cells_run.h), with the --seconds deadline as its
 * timeout, and with SIGINT, SIGTERM and SIGHUP unblocked for it alone
 * (cli/signals.h), so a signal ends the wait at once.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cells_load.h"
#include "cli/cells_session.h"
#include "cli/commands.h"
#include "cli/signals.h"
#include "core/clock.h"

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

/* Until every cell has ended; the deadline, the --until cell's end and
 * signals stop them all. */
static void wait_cells(struct cells_run *run, const struct cells_wait *w)
{
	uint64_t deadline = w->seconds ? clock_now_ns() + w->seconds *
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
		} else if (err == 0 && until_ended(run, w->until)) {
			cells_run_stop(run, "stopped: the --until cell ended");
			stopping = true;
		}
	}
	cells_run_join(run);
}

static int run_started(const struct cells_config *cfg,
		       const struct backend_ops *backend,
		       const struct cells_image_bytes *bytes,
		       const struct cells_wait *w,
		       const struct cells_watch *watch, cells_done_fn *done,
		       void *ctx)
{
	struct cells_run *run = malloc(sizeof(*run));
	char err[300];
	int status;

	if (!run || cells_run_create(run, cfg, backend, bytes, watch, err,
				     sizeof(err))) {
		fprintf(stderr, "vmscope cells: %s\n",
			run ? err : "out of memory");
		free(run);
		return EXIT_CRASH;
	}
	if (cells_run_start(run))
		fprintf(stderr, "vmscope cells: cannot start a vCPU thread\n");
	signals_catch(NULL);
	wait_cells(run, w);
	fflush(stdout);
	status = done(run, ctx);
	if (cells_run_destroy(run)) {
		fprintf(stderr, "vmscope cells: a console could not be "
			"written\n");
		status = EXIT_CRASH;
	}
	free(run);
	return status;
}

int cells_session(const struct cells_config *cfg,
		  const struct backend_ops *backend, const struct cells_wait *w,
		  const struct cells_watch *watch, cells_done_fn *done,
		  void *ctx)
{
	struct guest_image imgs[CELLS_MAX];
	struct cells_image_bytes bytes[CELLS_MAX];
	int status;

	if (open_images(cfg, imgs, bytes))
		return EXIT_USAGE;
	signals_block();   /* before any VM's threads exist */
	status = run_started(cfg, backend, bytes, w, watch, done, ctx);
	if (signals_caught())
		status = signals_status();
	signals_release();
	for (unsigned i = 0; i < cfg->ncells; i++)
		guest_image_close(&imgs[i]);
	return status;
}
