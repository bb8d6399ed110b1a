/*
 * cli/trace_cells.h - `vmscope trace --cell FILE`: every cell of a
 * configuration at once, as `vmscope cells` runs them, with every exit of
 * every cell traced.
 *
 * Each trace line (the tracer's own, cli/trace_line.h) is labelled with
 * its cell, "[rt] " first, and written whole under the lock the cells'
 * consoles share, so lines of cells running at the same time never mix.
 * The consoles, labelled as in `vmscope cells`, go to stderr, as the
 * tracer's console does, so stdout is the trace alone; at the end comes
 * `vmscope cells`'s table (cli/cells_report.h).
 */
#ifndef CLI_TRACE_CELLS_H
#define CLI_TRACE_CELLS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"
#include "core/cells.h"

struct trace_cells_opts {
	uint64_t max_exits;    /* per cell; 0: no limit */
	bool stack;            /* the guest's call chain with each exit */
};

/* Run and trace cfg's cells on backend.  The process status, as
 * cells_report() and cli/cells_session.h give it. */
int trace_cells(const struct cells_config *cfg,
		const struct backend_ops *backend,
		const struct trace_cells_opts *o);

#endif /* CLI_TRACE_CELLS_H */
