/*
 * core/stats.c - per-reason exit statistics.
 *
 * One struct exit_stat per KVM exit reason with a name (0..40) and one for
 * everything else, so a reason number from a newer kernel is still counted.
 * Only the vCPU thread writes; readers take a snapshot between exits.
 */
#include <string.h>

#include "core/stats.h"

void exit_stats_init(struct exit_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
}

static void stat_add(struct exit_stat *stat, uint64_t ns)
{
	if (stat->count == 0 || ns < stat->min_ns)
		stat->min_ns = ns;
	if (ns > stat->max_ns)
		stat->max_ns = ns;
	stat->count++;
	stat->total_ns += ns;
}

void exit_stats_add(struct exit_stats *stats, uint32_t reason,
		    uint64_t handle_ns)
{
	if (reason < EXIT_REASON_TABLE_SIZE)
		stat_add(&stats->by_reason[reason], handle_ns);
	else
		stat_add(&stats->other, handle_ns);
	stats->total++;
}

uint64_t exit_stat_avg_ns(const struct exit_stat *stat)
{
	return stat->count ? stat->total_ns / stat->count : 0;
}
