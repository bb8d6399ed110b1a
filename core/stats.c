/*
 * core/stats.c - per-reason exit statistics.
 *
 * One struct exit_stat per exit reason with a name - KVM's 0..40, then
 * vmscope's own (core/exit.h's slots) - and one for everything else, so a
 * reason number from a newer kernel is still counted.
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
	int slot = exit_reason_slot(reason);

	if (slot >= 0)
		stat_add(&stats->by_reason[slot], handle_ns);
	else
		stat_add(&stats->other, handle_ns);
	stats->total++;
}

uint64_t exit_stats_total_ns(const struct exit_stats *stats)
{
	uint64_t ns = stats->other.total_ns;

	for (unsigned slot = 0; slot < EXIT_REASON_SLOTS; slot++)
		ns += stats->by_reason[slot].total_ns;
	return ns;
}

uint64_t exit_stat_avg_ns(const struct exit_stat *stat)
{
	return stat->count ? stat->total_ns / stat->count : 0;
}
