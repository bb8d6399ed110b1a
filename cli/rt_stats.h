/*
 * cli/rt_stats.h - the control loop's statistics, read back from what
 * guest/rt prints on its console, and added up over several runs.
 *
 *   rt: hist LOW_US COUNT        one line per non-empty bucket
 *   rt: hz H due D served S handled N missed M stale X after Y min_ns A
 *       median_us B p99_us C max_ns E      (one line)
 */
#ifndef CLI_RT_STATS_H
#define CLI_RT_STATS_H

#include <stdint.h>
#include <stdio.h>

#include "guest/rt/rt_hist.h"

struct rt_stats {
	struct rt_hist hist;     /* min and max exact, from the summaries */
	uint64_t runs;           /* summaries read */
	uint64_t served, handled, missed;
	uint64_t p99_us;         /* the (last) run's own p99, as it printed */
};

/*
 * The statistics of one run in the console text of f (lines as above,
 * with or without a "[cell] " label) into s.  0, or -EINVAL when f holds
 * no summary line or a histogram that disagrees with it.
 */
int rt_stats_read(FILE *f, struct rt_stats *s);
/* Add run from to the runs in to (to zeroed before the first). */
void rt_stats_merge(struct rt_stats *to, const struct rt_stats *from);

#endif /* CLI_RT_STATS_H */
