/*
 * tests/unit/test_panel_network.c - the Network panel's text
 * (tui/panel_network.c), rendered from a model filled by hand (no VM
 * runs): the path in use named, each path's counters in its column, a
 * number too wide for a narrow column shortened with K, M or G; and
 * without a card, what to start vmscope with.  The ring page (d): a queue
 * of 8 built in guest RAM the way a driver builds it, read by the card's
 * own view (devices/virtq_view.c), then a hostile one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "devices/virtq_view.h"
#include "tests/unit/support/guest_ram.h"
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
	assert_string_equal(render(52, 16),
		"path zerocopy (n: next)  wire generator\n"
		"             emulated     vhost  zerocopy\n"
		"frames            512         0       513\n"
		"bytes          768000         0    769500\n"
		"copied         774144         0         0\n"
		"placed              0         0    775656\n"
		"kick exits        300         0         0\n"
		"kick evfd           0         0        17\n"
		"notified            1         0         0\n"
		"suppressed        511         0       513\n"
		"fallback            0         0         2\n"
		"dropped             0         0         1\n"
		"sent                0         0         4\n"
		"irq vCPU            0         0         0\n"
		"irq irqfd           0         0         0\n"
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
	assert_string_equal(render(32, 16),
		"path zerocopy (n: next)  wire  \x07\n"
		"             emul vhost zcopy\n"
		"frames        512     0   513\n"
		"bytes        768K     0  769K\n"
		"copied       774K     0     0\n"
		"placed          0     0 4200M\n"
		"kick exits    300     0     0\n"
		"kick evfd       0     0    17\n"
		"notified        1     0     0\n"
		"suppressed    511     0   513\n"
		"fallback        0     0     2\n"
		"dropped         0     0     1\n"
		"sent            0     0     4\n"
		"irq vCPU        0     0     0\n"
		"irq irqfd       0     0     0\n"
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

/* --- the ring page ------------------------------------------------- */

#define QSIZE  8
#define DESC   0x10000ULL
#define AVAIL  0x11000ULL
#define USED   0x12000ULL
#define BUF    0x20000ULL    /* receive buffers from here, 4 KiB apart */
#define RAM    (4ULL << 20)

static struct guest_mem mem;
static struct virtq vq;

static void desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
		 uint16_t next)
{
	struct virtq_desc d = { addr, len, flags, next };

	assert_int_equal(guest_mem_write(&mem, DESC + 16 * i, &d, sizeof(d)),
			 0);
}

static void used_entry(unsigned pos, uint32_t id, uint32_t len)
{
	uint32_t elem[2] = { id, len };

	assert_int_equal(guest_mem_write(&mem, USED + 4 + 8 * (pos % QSIZE),
					 elem, sizeof(elem)), 0);
}

/*
 * Four chains of a 12-byte header and a 4 KiB buffer (descriptors 2k,
 * 2k+1).  The driver posted chains 0, 2 and 4; the device used 0 and 2
 * (1036 bytes each) and has taken 4; the driver posted 0 again.  So 0,1
 * posted, 2,3 used, 4,5 in use, 6,7 free; the last chain is 2,3.
 */
static int ring_setup(void **state)
{
	static const uint16_t heads[] = { 0, 2, 4, 0 };

	(void)state;
	if (guest_mem_init(&mem, RAM))
		return -1;
	vq = (struct virtq){ .mem = &mem, .size = QSIZE, .desc = DESC,
			     .avail = AVAIL, .used = USED, .last_avail = 3,
			     .used_idx = 2 };
	for (unsigned k = 0; k < 4; k++) {
		desc(2 * k, BUF + 0x2000 * k, 12,
		     VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2 * k + 1);
		desc(2 * k + 1, BUF + 0x2000 * k + 0x1000, 4096,
		     VIRTQ_DESC_F_WRITE, 0);
	}
	for (unsigned i = 0; i < 4; i++)
		ram_put16(&mem, AVAIL + 4 + 2 * i, heads[i]);
	ram_put16(&mem, AVAIL + 2, 4);
	used_entry(0, 0, 1036);
	used_entry(1, 2, 1036);
	ram_put16(&mem, USED + 2, 2);
	model_init(&m, NULL);
	m.snap.net.on = true;
	m.net_ring = true;
	return 0;
}

static int ring_teardown(void **state)
{
	(void)state;
	guest_mem_destroy(&mem);
	return 0;
}

static const char *render_ring(int w, int h)
{
	virtq_view_read(&vq, VIRTQ_EXPECT_WRITABLE, &m.snap.net.rx);
	return render(w, h);
}

static void test_ring_owners_and_last_chain(void **state)
{
	(void)state;
	assert_string_equal(render_ring(52, 16),
		"rx ring, size 8 (d: counters)\n"
		"avail idx 4  last seen 3  used idx 2\n"
		"P posted 2  D in use 2  U used 2  . free 2\n"
		"  0 PPUUDD..\n"
		"last chain 2,3: 1036 bytes\n"
		"   #    address  length flags               owner\n"
		">  2 0x00022000      12 NEXT WRITE          used\n"
		">  3 0x00023000    4096 WRITE               used\n"
		"   4 0x00024000      12 NEXT WRITE          in use\n"
		"   5 0x00025000    4096 WRITE               in use\n"
		"   6 0x00026000      12 NEXT WRITE          free\n"
		"   7 0x00027000    4096 WRITE               free\n"
		"   0 0x00020000      12 NEXT WRITE          posted\n"
		"   1 0x00021000    4096 WRITE               posted\n"
		"\n"
		"\n");
}

/* 32 columns, 15 rows (the 80x24 screen's slot): the items wrap, the map
 * has 16 letters a row, the flags are letters, the table takes what is
 * left. */
static void test_ring_narrow(void **state)
{
	(void)state;
	assert_string_equal(render_ring(32, 12),
		"rx ring, size 8 (d: counters)\n"
		"avail idx 4  last seen 3\n"
		"used idx 2\n"
		"P posted 2  D in use 2\n"
		"U used 2  . free 2\n"
		"  0 PPUUDD..\n"
		"last chain 2,3: 1036 bytes\n"
		"   #  address length flg owner\n"
		">  2    22000     12 NW  used\n"
		">  3    23000   4096 W   used\n"
		"   4    24000     12 NW  in use\n"
		"   5    25000   4096 W   in use\n");
}

/*
 * A hostile driver: descriptor 6 now links to itself and its chain is
 * posted, the newest used entry names descriptor 300, descriptor 7
 * points at the top of the address space.  The view says what the walker
 * says, reads nothing outside RAM, and still shows the table as it is (a
 * row too wide for the panel cut, GRID_MORE at its end).
 */
static void test_ring_hostile(void **state)
{
	(void)state;
	desc(6, BUF + 0x6000, 12, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 6);
	ram_put16(&mem, AVAIL + 4 + 2 * 4, 6);
	ram_put16(&mem, AVAIL + 2, 5);
	used_entry(1, 300, 0xffffffff);
	desc(7, 0xfffffffffffff000ULL, 0xffffffff, VIRTQ_DESC_F_INDIRECT, 0);
	assert_string_equal(render_ring(52, 18),
		"rx ring, size 8 (d: counters)\n"
		"avail idx 5  last seen 3  used idx 2\n"
		"broken: descriptor 6 comes twice in one chain (a\n"
		"loop)\n"
		"P posted 2  D in use 2  U used 0  . free 4\n"
		"  0 PP..DD..\n"
		"last chain: used entry 1 names 300: descriptor\n"
		"index 300 is not below the queue size 8\n"
		"   #    address  length flags               owner\n"
		"   0 0x00020000      12 NEXT WRITE          posted\n"
		"   1 0x00021000    4096 WRITE               posted\n"
		"   2 0x00022000      12 NEXT WRITE          free\n"
		"   3 0x00023000    4096 WRITE               free\n"
		"   4 0x00024000      12 NEXT WRITE          in use\n"
		"   5 0x00025000    4096 WRITE               in use\n"
		"   6 0x00026000      12 NEXT WRITE          free\n"
		"   7 0xfffffffffffff000   4294M INDIRECT           \x07\n"
		"\n");
}

/* A queue whose layout breaks the rules (a size over the maximum the view
 * holds) is shown as broken with no descriptor: the view never indexes its
 * 256-entry table with the queue's own size. */
static void test_ring_bad_layout(void **state)
{
	(void)state;
	vq.size = 1024;
	virtq_view_read(&vq, VIRTQ_EXPECT_WRITABLE, &m.snap.net.rx);
	assert_int_equal(m.snap.net.rx.size, 0);
	assert_int_equal(m.snap.net.rx.state, VIRTQ_VIEW_BROKEN);
	assert_non_null(strstr(render(52, 4), "rx ring, size 0 (d: counters)\n"
			       "broken: "));
}

/* Not set up yet; the card broken (the transport's reason). */
static void test_ring_none(void **state)
{
	(void)state;
	virtq_view_none(&m.snap.net.rx, NULL);
	assert_string_equal(render(32, 4),
		"rx ring, size 0 (d: counters)\n"
		"The driver has not set the\n"
		"receive queue up yet.\n"
		"\n");
	virtq_view_none(&m.snap.net.rx, "receive queue: descriptor 4 comes "
			"twice in one chain (a loop)");
	assert_string_equal(render(52, 4),
		"rx ring, size 0 (d: counters)\n"
		"broken: receive queue: descriptor 4 comes twice in\n"
		"one chain (a loop) (the card touches no queue until\n"
		"the driver resets it)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_path_in_its_column),
		cmocka_unit_test(test_narrow_shortens_numbers),
		cmocka_unit_test(test_no_card),
		cmocka_unit_test_setup_teardown(test_ring_owners_and_last_chain,
						ring_setup, ring_teardown),
		cmocka_unit_test_setup_teardown(test_ring_narrow, ring_setup,
						ring_teardown),
		cmocka_unit_test_setup_teardown(test_ring_hostile, ring_setup,
						ring_teardown),
		cmocka_unit_test_setup_teardown(test_ring_bad_layout,
						ring_setup, ring_teardown),
		cmocka_unit_test_setup_teardown(test_ring_none, ring_setup,
						ring_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
