/*
 * cli/rt_stats.c - guest/rt's printed statistics read back (see
 * cli/rt_stats.h).  The histogram is rebuilt with the guest's own code
 * (guest/rt/rt_hist.c, which core/cells_ticks.c compiles into vmscope),
 * so a bucket means the same on both sides.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli/rt_stats.h"
#include "guest/rt/rt_hist.h"

/* The summary's value for key, or -1 (the line's words are key value). */
static int64_t field(const char *line, const char *key)
{
	char pat[32];
	const char *at;
	uint64_t v;

	snprintf(pat, sizeof(pat), " %s ", key);
	at = strstr(line, pat);
	if (!at || sscanf(at + strlen(pat), "%" SCNu64, &v) != 1)
		return -1;
	return (int64_t)v;
}

/* The summary line (after the histogram): the counts, min and max exact
 * (the buckets hold only their lower edges). */
static int add_summary(const char *line, struct rt_stats *s)
{
	int64_t served = field(line, "served"), handled = field(line, "handled");
	int64_t missed = field(line, "missed"), min = field(line, "min_ns");
	int64_t max = field(line, "max_ns"), p99 = field(line, "p99_us");

	if (served < 0 || handled < 0 || missed < 0 || min < 0 || max < 0 ||
	    p99 < 0 || (uint64_t)handled != s->hist.samples)
		return -EINVAL;
	s->hist.min_ns = (uint64_t)min;
	s->hist.max_ns = (uint64_t)max;
	s->runs = 1;
	s->served = (uint64_t)served;
	s->handled = (uint64_t)handled;
	s->missed = (uint64_t)missed;
	s->p99_us = (uint64_t)p99;
	return 0;
}

int rt_stats_read(FILE *f, struct rt_stats *s)
{
	char line[512];
	uint64_t lo;
	uint32_t n;

	memset(s, 0, sizeof(*s));
	while (fgets(line, sizeof(line), f)) {
		const char *rt = strstr(line, "rt: ");

		if (!rt)
			continue;
		if (sscanf(rt, "rt: hist %" SCNu64 " %" SCNu32, &lo, &n) == 2)
			rt_hist_add_n(&s->hist, lo * 1000, n);
		else if (strncmp(rt, "rt: hz ", 7) == 0)
			return add_summary(line, s);
	}
	return -EINVAL;
}

void rt_stats_merge(struct rt_stats *to, const struct rt_stats *from)
{
	rt_hist_merge(&to->hist, &from->hist);
	to->runs += from->runs;
	to->served += from->served;
	to->handled += from->handled;
	to->missed += from->missed;
	to->p99_us = from->p99_us;
}
