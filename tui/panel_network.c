/*
 * tui/panel_network.c - the Network panel (`--net`): the receive path in
 * use, the wire, and what each path did, side by side, so a student who
 * switches the path (n, with the panel focused) sees the counters of one
 * grow while the others stand still:
 *
 *   path zerocopy (n: next)  wire generator
 *                emulated     vhost  zerocopy
 *   frames            512         0       513
 *   copied         774144         0         0
 *   placed              0         0    775656
 *   ...
 *
 * The path in use is named on the first row and its column is bold.  The
 * rows are the trace summary's counters (cli/trace_net.c) under shorter
 * names ("kick evfd": kicks by eventfd; "notified": the used-ring
 * notifications, InterruptStatus bit 0 set, which are not rises of the
 * line; "irq vCPU" and "irq irqfd": the card's line raised by vmscope's
 * vCPU thread or by the worker's irqfd, --irqchip kernel); in a narrow panel the paths get
 * short names and a number too wide for its column a K, M or G suffix
 * (the trace has every digit).  d shows the receive ring instead
 * (tui/panel_net_ring.c).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "tui/panels.h"

#define LABEL_W 11
#define COL_MIN 6
#define COL_MAX 10
#define COL_FULL_NAMES 9   /* "zerocopy" and a space */

/* A row: its label and where its counter is in the struct. */
struct net_row {
	const char *label;
	size_t offset;
};

static const struct net_row rows[] = {
	{ "frames", offsetof(struct virtio_net_counters, rx_packets) },
	{ "bytes", offsetof(struct virtio_net_counters, rx_bytes) },
	{ "copied", offsetof(struct virtio_net_counters, bytes_copied) },
	{ "placed", offsetof(struct virtio_net_counters, bytes_placed) },
	{ "kick exits", offsetof(struct virtio_net_counters, kicks) },
	{ "kick evfd", offsetof(struct virtio_net_counters, kicks_eventfd) },
	{ "notified", offsetof(struct virtio_net_counters, interrupts) },
	{ "suppressed", offsetof(struct virtio_net_counters, suppressed) },
	{ "fallback", offsetof(struct virtio_net_counters,
			       fallback_packets) },
	{ "dropped", offsetof(struct virtio_net_counters, rx_dropped) },
	{ "sent", offsetof(struct virtio_net_counters, tx_packets) },
	{ "irq vCPU", offsetof(struct virtio_net_counters, irq_vmscope) },
	{ "irq irqfd", offsetof(struct virtio_net_counters, irq_irqfd) },
};

/* The paths' names where a column is too narrow for net_path_names[]. */
static const char *const short_names[NET_PATHS] = { "emul", "vhost",
						     "zcopy" };

static uint64_t row_value(const struct net_row *r,
			  const struct virtio_net_counters *c)
{
	return *(const uint64_t *)((const char *)c + r->offset);
}

void panel_fit_number(char *buf, size_t len, uint64_t v, int w)
{
	static const char suffix[] = " KMG";
	int i = 0;

	snprintf(buf, len, "%llu", (unsigned long long)v);
	while ((int)strlen(buf) > w && i < 3) {
		v /= 1000;
		i++;
		snprintf(buf, len, "%llu%c", (unsigned long long)v, suffix[i]);
	}
}

/* The width of a path's column at the view's width. */
static int column_width(const struct view *v)
{
	int w = (v->w - 1 - LABEL_W) / NET_PATHS;

	return w < COL_MIN ? COL_MIN : w > COL_MAX ? COL_MAX : w;
}

static void header(const struct net_view *n, const struct view *v, int col)
{
	view_printf(v, 0, 0, GA_BOLD, "path %s (n: next)  wire %s",
		    net_path_names[n->path], n->wire);
	for (int p = 0; p < NET_PATHS; p++)
		view_printf(v, LABEL_W + p * col, 1,
			    p == (int)n->path ? GA_BOLD : GA_DIM, "%*s", col,
			    col >= COL_FULL_NAMES ? net_path_names[p]
						  : short_names[p]);
}

void panel_network(const struct tui_model *m, const struct view *v)
{
	const struct net_view *n = &m->snap.net;
	int col = column_width(v);

	if (!n->on) {
		view_wrap(v, 0, v->h, GA_DIM, "No network card: start vmscope "
			  "with --net gen or --net tap:NAME.");
		return;
	}
	if (m->net_ring) {
		panel_net_ring(&n->rx, v);
		return;
	}
	header(n, v, col);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int y = 2 + (int)i;

		view_put(v, 0, y, GA_NORMAL, rows[i].label);
		for (int p = 0; p < NET_PATHS; p++) {
			char num[24];

			panel_fit_number(num, sizeof(num),
				   row_value(&rows[i], &n->by_path[p]), col - 1);
			view_printf(v, LABEL_W + p * col, y,
				    p == (int)n->path ? GA_BOLD : GA_NORMAL,
				    "%*s", col, num);
		}
	}
}
