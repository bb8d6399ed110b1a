/*
 * core/stats.h - per-reason exit statistics, as `perf kvm stat report` shows.
 *
 * Updated by the dispatcher on the vCPU thread after every exit; read by the
 * tracer's summary and the TUI.
 */
#ifndef CORE_STATS_H
#define CORE_STATS_H

#include <stdint.h>

#include "core/exit.h"

struct exit_stat {
	uint64_t count;
	uint64_t total_ns;
	uint64_t min_ns;   /* 0 while count is 0 */
	uint64_t max_ns;
};

struct exit_stats {
	/* by the reason's slot (exit_reason_slot(): a KVM reason's is its
	 * number) */
	struct exit_stat by_reason[EXIT_REASON_SLOTS];
	struct exit_stat other;     /* reasons outside the table */
	uint64_t total;
};

void exit_stats_init(struct exit_stats *stats);
void exit_stats_add(struct exit_stats *stats, uint32_t reason,
		    uint64_t handle_ns);
/* The handling time of every exit counted. */
uint64_t exit_stats_total_ns(const struct exit_stats *stats);
/* Mean handling time; 0 when count is 0. */
uint64_t exit_stat_avg_ns(const struct exit_stat *stat);

#endif /* CORE_STATS_H */
