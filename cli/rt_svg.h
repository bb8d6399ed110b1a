/*
 * cli/rt_svg.h - the control loop's latency histograms side by side, as
 * an SVG picture a browser shows (--compare --svg FILE): in each panel
 * the loop's own lateness, and over it vmscope's injection delay.
 */
#ifndef CLI_RT_SVG_H
#define CLI_RT_SVG_H

#include "cli/rt_stats.h"

struct rt_svg_panel {
	const char *title;             /* "shared", "pinned", ... */
	const struct rt_stats *stats;  /* the loop's lateness */
	const struct rt_hist *inject;  /* vmscope's injection delays */
};

/* Write the n panels, left to right, to path.  0, or -1 with errno. */
int rt_svg_write(const char *path, const struct rt_svg_panel *panels,
		 unsigned n);

#endif /* CLI_RT_SVG_H */
