/*
 * tests/unit/test_panel_network.c - the Network panel's text
 * (tui/panel_network.c), rendered from a model filled by hand (no VM
 * runs): the path in use named, each path's counters in its column, a
 * number too wide for a narrow column shortened with K, M or G; and
 * without a card, what to start vmscope with.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tui/grid.h"
#include "tui/panels.h"

static struct tui_model m;   /* large: not on the stack */

/* The panel at w x h, its rows with trailing blanks cut, one per line. */
static const char *render(int w, int h)
{
	static char text[4096];
	struct grid g;
	struct view v;
	size_t pos = 0;

	assert_int_equal(grid_init(&g, w, h), 0);
	v = grid_view(&g);
	panel_network(&m, &v);
	for (int y = 0; y < h; y++) {
		const char *row = &g.ch[(size_t)y * w];
		int n = w;

		while (n > 0 && row[n - 1] == ' ')
			n--;
		memcpy(text + pos, row, (size_t)n);
		pos += (size_t)n;
		text[pos++] = '\n';
	}
	text[pos] = '\0';
	grid_free(&g);
	return text;
}

/* 512 frames of 1500 bytes copied on the emulated path, then 513 placed
 * by zerocopy, the path in use; vhost never ran. */
static void two_paths(void)
{
	struct virtio_net_counters *e = &m.snap.net.by_path[NET_PATH_EMULATED];
	struct virtio_net_counters *z = &m.snap.net.by_path[NET_PATH_ZEROCOPY];

	model_init(&m, NULL);
	m.snap.net.on = true;
	m.snap.net.path = NET_PATH_ZEROCOPY;
	snprintf(m.snap.net.wire, sizeof(m.snap.net.wire), "generator");
	*e = (struct virtio_net_counters){ .rx_packets = 512,
		.rx_bytes = 768000, .bytes_copied = 774144, .kicks = 300,
		.interrupts = 1, .suppressed = 511 };
	*z = (struct virtio_net_counters){ .rx_packets = 513,
		.rx_bytes = 769500, .bytes_placed = 775656,
		.kicks_eventfd = 17, .suppressed = 513, .fallback_packets = 2,
		.rx_dropped = 1, .tx_packets = 4 };
}

static void test_each_path_in_its_column(void **state)
{
	(void)state;
	two_paths();
	assert_string_equal(render(52, 14),
		"path zerocopy (n: next)  wire generator\n"
		"             emulated     vhost  zerocopy\n"
		"frames            512         0       513\n"
		"bytes          768000         0    769500\n"
		"copied         774144         0         0\n"
		"placed              0         0    775656\n"
		"kick exits        300         0         0\n"
		"kick evfd           0         0        17\n"
		"interrupts          1         0         0\n"
		"suppressed        511         0       513\n"
		"fallback            0         0         2\n"
		"dropped             0         0         1\n"
		"sent                0         0         4\n"
		"\n");
}

/* 32 columns (the small screen's slot): columns of 6, the paths' short
 * names, numbers of 6 digits and more shortened, the first row cut
 * (GRID_MORE in the last column but one). */
static void test_narrow_shortens_numbers(void **state)
{
	(void)state;
	two_paths();
	m.snap.net.by_path[NET_PATH_ZEROCOPY].bytes_placed = 4200000000ULL;
	assert_string_equal(render(32, 14),
		"path zerocopy (n: next)  wire  \x07\n"
		"             emul vhost zcopy\n"
		"frames        512     0   513\n"
		"bytes        768K     0  769K\n"
		"copied       774K     0     0\n"
		"placed          0     0 4200M\n"
		"kick exits    300     0     0\n"
		"kick evfd       0     0    17\n"
		"interrupts      1     0     0\n"
		"suppressed    511     0   513\n"
		"fallback        0     0     2\n"
		"dropped         0     0     1\n"
		"sent            0     0     4\n"
		"\n");
}

static void test_no_card(void **state)
{
	(void)state;
	model_init(&m, NULL);
	assert_string_equal(render(52, 3),
		"No network card: start vmscope with --net gen or\n"
		"--net tap:NAME.\n"
		"\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_path_in_its_column),
		cmocka_unit_test(test_narrow_shortens_numbers),
		cmocka_unit_test(test_no_card),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
