/*
 * cli/cells_report.h - what `vmscope cells` prints about its cells: the
 * checked configuration (--check), and after a run how each cell ended,
 * with its exits per second.
 */
#ifndef CLI_CELLS_REPORT_H
#define CLI_CELLS_REPORT_H

#include <stdio.h>

#include "core/cells.h"
#include "core/cells_run.h"

/* One line per cell (what it was given), then the verdict. */
void cells_report_config(const struct cells_config *cfg, FILE *out);

/*
 * After cells_run_join(): a table, one row per cell (its CPU, how it
 * ended, exits, exits per second), then per cell what its exits were:
 *
 *   rt: exits IO 20012, HLT 19740, INTR 9
 *   rt: timer: 20021 ticks injected; 40040 of its exits came from one
 *       to the HLT after it, 2.00 a tick                   (one line)
 *   rt: injection delay (vmscope's): min 2 us, median 31 us, p99 900 us,
 *       max 24111 us                                       (one line)
 *   right: unclaimed ports: 0 reads, 8 writes (0x3d4, 0x3d5), 8 outside
 *       the cell                                           (one line)
 *
 * (the timer's lines for a cell that had ticks injected, the unclaimed
 * ones for a space it touched where nothing answered), a crashed cell's
 * reason on stderr.
 * Returns the process status: 1 when a cell crashed, failed to run or
 * could not be pinned, else the first non-zero status a guest exited
 * with, else 0.
 */
int cells_report(const struct cells_run *run, FILE *out);

#endif /* CLI_CELLS_REPORT_H */
