/*
 * guest/rt/rt_hist.c - the control loop's latency histogram (see
 * guest/rt/rt_hist.h).  Integer arithmetic only: the guest is built with
 * -mgeneral-regs-only.
 */
#include "guest/rt/rt_hist.h"

static unsigned bucket_of(uint64_t us)
{
	if (us < 100)
		return (unsigned)us;
	if (us < 1000)
		return 100 + (unsigned)((us - 100) / 10);
	if (us < 10000)
		return 190 + (unsigned)((us - 1000) / 100);
	return RT_HIST_BUCKETS - 1;
}

uint64_t rt_hist_edge_us(unsigned i)
{
	if (i < 100)
		return i;
	if (i < 190)
		return 100 + (uint64_t)(i - 100) * 10;
	return 1000 + (uint64_t)(i - 190) * 100;
}

void rt_hist_add_n(struct rt_hist *h, uint64_t ns, uint32_t n)
{
	if (n == 0)
		return;
	if (h->samples == 0 || ns < h->min_ns)
		h->min_ns = ns;
	if (ns > h->max_ns)
		h->max_ns = ns;
	h->samples += n;
	h->count[bucket_of(ns / 1000)] += n;
}

void rt_hist_merge(struct rt_hist *to, const struct rt_hist *from)
{
	if (from->samples == 0)
		return;
	if (to->samples == 0 || from->min_ns < to->min_ns)
		to->min_ns = from->min_ns;
	if (from->max_ns > to->max_ns)
		to->max_ns = from->max_ns;
	to->samples += from->samples;
	for (unsigned i = 0; i < RT_HIST_BUCKETS; i++)
		to->count[i] += from->count[i];
}

void rt_hist_add(struct rt_hist *h, uint64_t ns)
{
	rt_hist_add_n(h, ns, 1);
}

uint64_t rt_hist_rank_us(const struct rt_hist *h, unsigned permille)
{
	/* the sample of rank ceil(samples * permille / 1000), from 1 */
	uint64_t want = (h->samples * permille + 999) / 1000, seen = 0;

	if (want == 0)
		want = 1;
	for (unsigned i = 0; i < RT_HIST_BUCKETS; i++) {
		seen += h->count[i];
		if (seen >= want)
			return rt_hist_edge_us(i);
	}
	return 0;
}
