/*
 * cli/run_cells.h - `vmscope run --cell FILE`: every cell of a checked
 * configuration in a vCPU thread of the full-screen view's own kind
 * (tui/vcpu_thread.h), pinned where its file says and limited to what it
 * owns (struct vm_config's cell), shown in the Cells view - or, with
 * --batch, run to their ends and the view printed as text.
 */
#ifndef CLI_RUN_CELLS_H
#define CLI_RUN_CELLS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"
#include "core/cells.h"
#include "tui/tui.h"

/* The process status: 0, the first non-zero status a cell's guest exited
 * with, 1 when a cell crashed or could not start (said on stderr), 2 for
 * an image that cannot be opened. */
int run_cells(const struct cells_config *cfg,
	      const struct backend_ops *backend, uint32_t ring_capacity,
	      bool batch, const struct tui_options *tui);

#endif /* CLI_RUN_CELLS_H */
