/*
 * cli/cells_session.h - one run of a configuration's cells, from its
 * images to its end: what `vmscope cells` does once and --compare does
 * once per set-up.
 */
#ifndef CLI_CELLS_SESSION_H
#define CLI_CELLS_SESSION_H

#include <stdint.h>

#include "core/backend.h"
#include "core/cells.h"
#include "core/cells_run.h"

/* When the run ends besides every cell having ended. */
struct cells_wait {
	uint64_t seconds;    /* 0: no time limit */
	const char *until;   /* a cell whose end stops the others, or NULL */
};

/* After the vCPU threads are joined and before the machines go: how the
 * run went, as the process status. */
typedef int cells_done_fn(const struct cells_run *run, void *ctx);

/*
 * Open cfg's images, build and start the cells on backend, watched as
 * watch says (NULL: consoles on stdout, nothing else; core/cells_run.h),
 * wait as w says (a signal stops them all), then done(run, ctx).  Returns done's
 * status; 1 when the cells could not start or a console not be written;
 * 2 when an image cannot be opened; 128 + the signal's number after a
 * signal (cli/signals.h).
 */
int cells_session(const struct cells_config *cfg,
		  const struct backend_ops *backend, const struct cells_wait *w,
		  const struct cells_watch *watch, cells_done_fn *done,
		  void *ctx);

#endif /* CLI_CELLS_SESSION_H */
