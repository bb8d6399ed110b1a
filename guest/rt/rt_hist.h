/*
 * guest/rt/rt_hist.h - a latency histogram that costs no memory per
 * sample and no exit: fixed buckets, fine where latencies usually are.
 *
 *   0-99 us      1 us wide      (100 buckets)
 *   100-999 us   10 us wide     (90)
 *   1-9.9 ms     100 us wide    (90)
 *   10 ms and up one bucket
 *
 * min and max are exact; the median and the 99th percentile are the
 * lower edge of the bucket they fall in (so at most one bucket's width
 * low).
 *
 * The host reads the guest's printed histogram back through the same
 * code (cli/rt_stats.c compiles it in), so both bucket alike.
 */
#ifndef GUEST_RT_RT_HIST_H
#define GUEST_RT_RT_HIST_H

#include <stdint.h>

#define RT_HIST_BUCKETS 281

struct rt_hist {
	uint32_t count[RT_HIST_BUCKETS];
	uint64_t samples;
	uint64_t min_ns, max_ns;
};

/* One sample, in nanoseconds. */
void rt_hist_add(struct rt_hist *h, uint64_t ns);
/* n samples of ns each (vmscope adds up the guest's printed buckets). */
void rt_hist_add_n(struct rt_hist *h, uint64_t ns, uint32_t n);
/* Add the samples of from to to (vmscope adds up several runs). */
void rt_hist_merge(struct rt_hist *to, const struct rt_hist *from);
/* The lower edge, in microseconds, of bucket i. */
uint64_t rt_hist_edge_us(unsigned i);
/* The lower edge (us) of the bucket holding the sample at per-mille
 * rank permille (500: the median, 990: p99); 0 with no samples. */
uint64_t rt_hist_rank_us(const struct rt_hist *h, unsigned permille);

#endif /* GUEST_RT_RT_HIST_H */
