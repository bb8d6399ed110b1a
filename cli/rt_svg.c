/*
 * cli/rt_svg.c - latency histograms as an SVG picture (see cli/rt_svg.h).
 *
 * One panel per set-up.  x: the histogram's buckets in order (1 us wide
 * to 100 us, 10 us to 1 ms, 100 us to 10 ms: a scale that is fine where
 * latencies usually are and still reaches the worst), with the edges
 * 0, 10, 100 us, 1 ms, 10 ms marked.  y: the share of ticks in a bucket
 * on a logarithmic scale (1 in 10^5 to all of them), so the rare late
 * ticks that decide p99 and the deadline misses stay visible beside the
 * mass of on-time ones.  The loop's lateness is drawn in blue bars,
 * vmscope's injection delay of the same ticks as orange outlines over
 * them (the part of the lateness that passed before the guest's handler
 * could run).  The lateness's p99 is a red line; the title gives the
 * figures of both.
 */
#include <errno.h>
#include <stdio.h>

#include "cli/rt_svg.h"

#define PANEL_W   320
#define PANEL_H   240
#define MARGIN    40
#define PLOT_W    (PANEL_W - MARGIN - 10)
#define PLOT_H    (PANEL_H - 2 * MARGIN)
#define DECADES   5.0      /* the y axis: 10^-5 .. 1 */

/* log10(x) for 0 < x <= 1, without libm (vmscope links none): whole
 * decades counted, the rest as ln(m) / ln(10) for m in [1, 10), ln(m) by
 * the series 2 * (z + z^3/3 + z^5/5 + ...), z = (m - 1) / (m + 1). */
static double log10_share(double x)
{
	double m = x, z, z2, term, ln = 0;
	int decades = 0;

	while (m < 1) {
		m *= 10;
		decades--;
	}
	z = (m - 1) / (m + 1);
	z2 = z * z;
	term = z;
	for (int k = 1; k < 80; k += 2) {
		ln += term / k;
		term *= z2;
	}
	return decades + 2 * ln / 2.302585092994046;
}

static double bucket_x(unsigned i)
{
	return MARGIN + (double)PLOT_W * i / RT_HIST_BUCKETS;
}

/* The first bucket whose lower edge is us or more. */
static unsigned bucket_at(uint64_t us)
{
	unsigned i = 0;

	while (i < RT_HIST_BUCKETS - 1 && rt_hist_edge_us(i) < us)
		i++;
	return i;
}

static void axes(FILE *f, double x0)
{
	static const struct { uint64_t us; const char *label; } ticks[] = {
		{ 0, "0" }, { 10, "10us" }, { 100, "100us" }, { 1000, "1ms" },
		{ 10000, "10ms" },
	};

	fprintf(f, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='black'/>\n",
		x0 + MARGIN, MARGIN + PLOT_H, x0 + MARGIN + PLOT_W,
		MARGIN + PLOT_H);
	for (unsigned i = 0; i < sizeof(ticks) / sizeof(ticks[0]); i++)
		fprintf(f, "<text x='%.1f' y='%d' font-size='10' "
			"text-anchor='middle'>%s</text>\n",
			x0 + bucket_x(bucket_at(ticks[i].us)),
			MARGIN + PLOT_H + 14, ticks[i].label);
	fprintf(f, "<text x='%.1f' y='%d' font-size='10'>1</text>\n"
		"<text x='%.1f' y='%d' font-size='10'>1e-5</text>\n",
		x0 + 4, MARGIN + 4, x0 + 4, MARGIN + PLOT_H);
}

/* One bar per non-empty bucket of hist; style: the rect's paint. */
static void bars(FILE *f, double x0, const struct rt_hist *hist,
		 const char *style)
{
	double w = (double)PLOT_W / RT_HIST_BUCKETS;

	for (unsigned i = 0; i < RT_HIST_BUCKETS && hist->samples; i++) {
		double share, h;

		if (!hist->count[i])
			continue;
		share = (double)hist->count[i] / (double)hist->samples;
		h = PLOT_H * (1 + log10_share(share) / DECADES);
		if (h < 1)
			h = 1;
		fprintf(f, "<rect x='%.2f' y='%.2f' width='%.2f' height='%.2f' "
			"%s/>\n", x0 + bucket_x(i), MARGIN + PLOT_H - h, w, h,
			style);
	}
}

static void panel(FILE *f, unsigned k, const struct rt_svg_panel *p)
{
	const struct rt_stats *s = p->stats;
	uint64_t p99 = rt_hist_rank_us(&s->hist, 990);
	double x0 = (double)k * PANEL_W, xp = x0 + bucket_x(bucket_at(p99));

	fprintf(f, "<text x='%.1f' y='16' font-size='12' font-weight='bold'>"
		"%s</text>\n", x0 + MARGIN, p->title);
	fprintf(f, "<text x='%.1f' y='30' font-size='10'>median %llu us, p99 "
		"%llu us, max %llu us, %llu of %llu missed</text>\n",
		x0 + MARGIN, (unsigned long long)rt_hist_rank_us(&s->hist, 500),
		(unsigned long long)p99,
		(unsigned long long)(s->hist.max_ns / 1000),
		(unsigned long long)s->missed, (unsigned long long)s->served);
	fprintf(f, "<text x='%.1f' y='39' font-size='10' fill='darkorange'>"
		"injection: median %llu us, p99 %llu us, max %llu us</text>\n",
		x0 + MARGIN,
		(unsigned long long)rt_hist_rank_us(p->inject, 500),
		(unsigned long long)rt_hist_rank_us(p->inject, 990),
		(unsigned long long)(p->inject->max_ns / 1000));
	bars(f, x0, &s->hist, "fill='steelblue'");
	bars(f, x0, p->inject, "fill='none' stroke='darkorange'");
	fprintf(f, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='red'/>\n",
		xp, MARGIN, xp, MARGIN + PLOT_H);
	axes(f, x0);
}

/* The picture's first line, its panels, its legend. */
static void picture(FILE *f, const struct rt_svg_panel *panels, unsigned n)
{
	fprintf(f, "<svg xmlns='http://www.w3.org/2000/svg' width='%u' "
		"height='%d' font-family='sans-serif'>\n"
		"<rect width='100%%' height='100%%' fill='white'/>\n",
		n * PANEL_W, PANEL_H);
	for (unsigned k = 0; k < n; k++)
		panel(f, k, &panels[k]);
	fprintf(f, "<text x='4' y='%d' font-size='9'>lateness of each tick "
		"(x; blue: the loop's, from its TSC; orange: vmscope's "
		"injection delay), share of ticks (y, log)</text>\n</svg>\n",
		PANEL_H - 4);
}

int rt_svg_write(struct whole_file *out, const struct rt_svg_panel *panels,
		 unsigned n)
{
	errno = 0;   /* a write that fails inside picture() keeps its errno */
	picture(out->f, panels, n);
	return whole_file_commit(out);
}
