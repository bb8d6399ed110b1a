/*
 * cli/cells_compare.h - `vmscope cells --compare N`: the control loop's
 * latency in three set-ups of one configuration, measured in one run of
 * the tool, round by round side by side (shared, pinned, quiet, shared,
 * pinned, quiet, ...), because this machine's load changes by the second:
 *
 *   shared   every cell on whatever CPU the scheduler gives it (the
 *            file's cpu lines ignored)
 *   pinned   as the file says
 *   quiet    pinned, and only the control loop's cell: the noise stopped
 *
 * The control loop is the --until cell (guest/rt's console is read back,
 * cli/rt_stats.c); the others are its noise.  Printed: a table (ticks,
 * misses, min / median / p99 / max lateness, exits per second of the
 * loop and of the others) and the median over the rounds of the ratio
 * p99 shared / p99 pinned; --svg FILE draws the three histograms side by
 * side (cli/rt_svg.c).
 */
#ifndef CLI_CELLS_COMPARE_H
#define CLI_CELLS_COMPARE_H

#include "core/backend.h"
#include "core/cells.h"

#define CELLS_COMPARE_MAX 20   /* rounds */

/* The process status: 0, 1 when a run failed (said on stderr), 128 + a
 * signal's number. */
int cells_compare(const struct cells_config *cfg,
		  const struct backend_ops *backend, const char *until,
		  unsigned rounds, const char *svg_path);

#endif /* CLI_CELLS_COMPARE_H */
