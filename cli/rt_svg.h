/*
 * cli/rt_svg.h - the control loop's latency histograms side by side, as
 * an SVG picture a browser shows (--compare --svg FILE): in each panel
 * the loop's own lateness, and over it vmscope's injection delay.
 */
#ifndef CLI_RT_SVG_H
#define CLI_RT_SVG_H

#include "cli/rt_stats.h"
#include "core/whole_file.h"

struct rt_svg_panel {
	const char *title;             /* "shared", "pinned", ... */
	const struct rt_stats *stats;  /* the loop's lateness */
	const struct rt_hist *inject;  /* vmscope's injection delays */
};

/* Write the n panels, left to right, as out's new contents (opened
 * before anything was measured) and complete it (core/whole_file.h): 0,
 * or -errno (a full disk's ENOSPC) with the old picture, if any, whole. */
int rt_svg_write(struct whole_file *out, const struct rt_svg_panel *panels,
		 unsigned n);

#endif /* CLI_RT_SVG_H */
