/*
 * bench/net_paths.c - the three receive paths (emulated, vhost, zerocopy)
 * measured side by side, per frame size, in one run.
 *
 * What is measured is vmscope's part only: a driver on the host plays the
 * guest, so neither CPU backend's speed nor a guest's checking of the
 * bytes is in the figures.  It has 128 chains of a 12-byte header and a
 * page-aligned 64 KiB buffer; a batch is: post them all, kick once through
 * the MMIO window, take them back when the card has filled them all (then
 * no worker still runs when the next path's batches begin).  The generator
 * is the wire: on the copying paths it writes each frame into a bounce
 * buffer and vmscope copies it into the guest's; on zerocopy it writes
 * into the guest's buffer.
 *
 * The three paths' rigs are open side by side.  A round runs each path's
 * batches in a row - 32 (4,096 frames) at 9000 bytes and more, 160 below
 * - emulated, then vhost, then zerocopy: each path runs as it would alone,
 * its own data hot in the caches, and the three are measured within a
 * few milliseconds of each other, so a busy moment of the host falls on
 * all three of a round.  Each round runs twice, with the threads placed
 * (bench/support/cpu_place.h): the worker on a CPU of its own, apart from
 * the driver's - as vhost's worker beside a vCPU - and then on the
 * driver's CPU; left to the scheduler, the figure moved with where the
 * worker happened to run.  The figures are medians over ROUNDS rounds of the
 * CPU time vmscope's data path used: on the driver's thread, the time
 * inside its kick (where the emulated path does all its work, and a worker
 * path signals the worker), plus the worker thread's own CPU time (its
 * thread clock).  CPU time, because wall time on a shared host measures
 * the other jobs; and the data path's only, because the driver waiting for
 * a worker (sched_yield) would otherwise be charged to the worker paths
 * twice over.  Printed:
 *   BENCH net_rx_<path>_<size>_mbps        receive throughput per second
 *                                          of vmscope's CPU time, MB/s
 *   BENCH net_kicks_per_1000_<path>_<size> kicks (MMIO exits) per 1,000
 *                                          frames, as the card counted
 *                                          them (this driver kicks once a
 *                                          batch; a guest's: the trace's
 *                                          "exits per 1000")
 *   BENCH net_zerocopy_vs_copy_64k         emulated time / zerocopy time
 *                                          at 64 KiB (goal >= 1.5), the
 *                                          worker apart: the median of the
 *                                          rounds' ratios, their min-max
 *   BENCH net_zerocopy_vs_copy_64k_one_cpu the same, the worker on the
 *                                          driver's CPU
 *   BENCH net_zerocopy_vs_vhost_64k        vhost time / zerocopy time, the
 *                                          worker apart: the copy alone
 *                                          (the same worker, the same
 *                                          wake-ups)
 *   BENCH net_zerocopy_wins_from           the smallest size where
 *                                          zerocopy beats emulated
 * The throughput figures and curves are the worker-apart rounds'.  On a
 * host that gives the process one CPU only, every round is "together" and
 * the figures say so.
 * And the throughput-by-size curves as an SVG picture (argv[1]).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench/support/cpu_place.h"
#include "bench/support/timing.h"
#include "core/bus.h"
#include "core/memory.h"
#include "core/whole_file.h"
#include "devices/virtio_net.h"

#define BASE     0xd0200000ULL
#define RAM      (64ULL << 20)
#define QSIZE    256
#define CHAINS   (QSIZE / 2)
#define RING     0x10000ULL        /* desc; avail +0x1000; used +0x2000 */
#define HDRS     0x20000ULL
#define BUFS     0x100000ULL       /* 64 KiB buffers, page-aligned */
#define ROUNDS   11
#define NSIZES   4
#define NPATHS   3
#define NPLACES  2                 /* the worker apart, together */
#define APART    0
#define TOGETHER 1

static const unsigned sizes[NSIZES] = { 64, 1500, 9000, 65536 };

struct rig {
	struct bus bus;
	struct guest_mem mem;
	struct virtio_net *n;
	uint16_t posted, seen;
};

static void reg(struct rig *r, uint64_t off, uint32_t v)
{
	uint64_t d = v;

	bus_mmio_access(&r->bus, BASE + off, 4, true, &d);
}

static uint16_t *ring16(struct rig *r, uint64_t gpa)
{
	return guest_mem_ptr(&r->mem, gpa, 2);
}

static void post(struct rig *r, unsigned k)
{
	struct virtq_desc d[2] = {
		{ HDRS + 16 * k, VIRTIO_NET_HDR_LEN,
		  VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, (uint16_t)(2 * k + 1) },
		{ BUFS + 0x10000ULL * k, 0x10000, VIRTQ_DESC_F_WRITE, 0 },
	};

	guest_mem_write(&r->mem, RING + 32 * k, d, sizeof(d));
	*ring16(r, RING + 0x1000 + 4 + 2 * (r->posted % QSIZE)) =
		(uint16_t)(2 * k);
	r->posted++;
	__atomic_store_n(ring16(r, RING + 0x1000 + 2), r->posted,
			 __ATOMIC_RELEASE);
}

static void driver_start(struct rig *r)
{
	reg(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	    VIRTIO_STATUS_DRIVER);
	reg(r, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	reg(r, VIRTIO_MMIO_DRIVER_FEATURES, 1);
	reg(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	    VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	reg(r, VIRTIO_MMIO_QUEUE_SEL, 0);
	reg(r, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
	reg(r, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)RING);
	reg(r, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)RING + 0x1000);
	reg(r, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)RING + 0x2000);
	reg(r, VIRTIO_MMIO_QUEUE_READY, 1);
	reg(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	    VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
	    VIRTIO_STATUS_DRIVER_OK);
}

static int rig_open(struct rig *r, unsigned size, enum net_path path)
{
	static const uint8_t mac[6] = VIRTIO_NET_MAC;
	struct net_wire wire;
	struct virtio_net_setup s = { .bus = &r->bus, .base = BASE,
		.mem = &r->mem, .wire = &wire, .path = path };

	memset(r, 0, sizeof(*r));
	bus_init(&r->bus);
	if (guest_mem_init(&r->mem, RAM) || net_gen_open(&wire, size, 0, mac))
		return -1;
	if (virtio_net_init(&r->n, &s))
		return -1;
	driver_start(r);
	return 0;
}

static void rig_close(struct rig *r)
{
	virtio_net_free(r->n);
	guest_mem_destroy(&r->mem);
}

/* This thread's CPU time: on a shared, loaded host, wall time measures
 * the other jobs. */
static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* A kick; the CPU time it took on this thread is added to *ns. */
static void kick(struct rig *r, uint64_t *ns)
{
	uint64_t t0 = thread_cpu_ns();

	reg(r, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	*ns += thread_cpu_ns() - t0;
}

static uint16_t used_idx(struct rig *r)
{
	return __atomic_load_n(ring16(r, RING + 0x2000 + 2), __ATOMIC_ACQUIRE);
}

/* Wait until the card has filled every chain posted, and take them all
 * (none is posted again yet): then no worker is busy with this rig. */
static void take_all(struct rig *r)
{
	while (used_idx(r) != r->posted)
		sched_yield();
	r->seen = r->posted;
}

/* One batch: the driver posts its CHAINS chains, kicks once, and takes
 * them back when the card has filled them all.  The data path's CPU ns
 * (see the top). */
static uint64_t batch(struct rig *r)
{
	uint64_t worker0 = virtio_net_worker_cpu_ns(r->n), ns = 0;

	for (unsigned k = 0; k < CHAINS; k++)
		post(r, k);
	kick(r, &ns);
	take_all(r);
	return ns + virtio_net_worker_cpu_ns(r->n) - worker0;
}

static unsigned batches_for(unsigned size)
{
	return size >= 9000 ? 32 : 160;   /* 4,096 or 20,480 frames */
}

/* What one size measured, per placement, path and round: the data
 * path's CPU ns a frame; and each path's kicks per 1,000 frames, as the
 * card counted them. */
struct size_rounds {
	double ns[NPLACES][NPATHS][ROUNDS];
	double kicks_per_1000[NPATHS];
};

static bool can_place_apart;   /* the process may run on two CPUs */

/* The card's count of kicks and of frames received. */
static void card_counts(struct rig *r, uint64_t *kicks, uint64_t *frames)
{
	struct virtio_net_counters c;

	virtio_net_counters(r->n, &c);
	*kicks = c.kicks;
	*frames = c.rx_packets;
}

/* One round of path p's batches: the data path's CPU ns a frame. */
static double path_round(struct rig *r, unsigned batches)
{
	uint64_t ns = 0;

	for (unsigned b = 0; b < batches; b++)
		ns += batch(r);
	return (double)ns / (batches * CHAINS);
}

/*
 * One size: a rig per path, open side by side.  Each takes two batches
 * first (every buffer page touched, so the figures have no first-touch
 * page faults in them), then ROUNDS rounds: in each placement, each
 * path's batches in a row, the paths one after the other.  0, or -1 when
 * a rig could not be made or the threads not placed.
 */
static int measure_size(unsigned size, struct size_rounds *m)
{
	unsigned batches = batches_for(size);
	uint64_t kicks0[NPATHS], frames0[NPATHS], kicks, frames;
	struct rig r[NPATHS];

	for (int p = 0; p < NPATHS; p++) {
		if (rig_open(&r[p], size, (enum net_path)p))
			return -1;
		batch(&r[p]);
		batch(&r[p]);
		card_counts(&r[p], &kicks0[p], &frames0[p]);
	}
	for (int round = 0; round < ROUNDS; round++)
		for (int place = 0; place < NPLACES; place++) {
			if (cpu_place(place == APART && can_place_apart))
				return -1;
			for (int p = 0; p < NPATHS; p++)
				m->ns[place][p][round] =
					path_round(&r[p], batches);
		}
	for (int p = 0; p < NPATHS; p++) {
		card_counts(&r[p], &kicks, &frames);
		m->kicks_per_1000[p] = 1000.0 * (double)(kicks - kicks0[p]) /
				       (double)(frames - frames0[p]);
		rig_close(&r[p]);
	}
	return 0;
}

/* The curves into file, whole or not at all (core/whole_file.h): 0 or
 * -errno. */
static int svg(const char *file, double mbps[NSIZES][NPATHS])
{
	static const char *colour[NPATHS] = { "#d62728", "#1f77b4",
					      "#2ca02c" };
	double top = 1;
	struct whole_file out;
	int err = whole_file_open(&out, file);
	FILE *f = out.f;

	if (err)
		return err;
	errno = 0;
	for (int s = 0; s < NSIZES; s++)
		for (int p = 0; p < NPATHS; p++)
			top = mbps[s][p] > top ? mbps[s][p] : top;
	fprintf(f, "<svg xmlns='http://www.w3.org/2000/svg' width='640' "
		"height='400' font-family='sans-serif' font-size='12'>\n"
		"<text x='20' y='20'>receive throughput (MB/s) by frame size"
		"</text>\n");
	for (int s = 0; s < NSIZES; s++)
		fprintf(f, "<text x='%d' y='390'>%u B</text>\n", 60 + s * 170,
			sizes[s]);
	for (int p = 0; p < NPATHS; p++) {
		fprintf(f, "<polyline fill='none' stroke='%s' "
			"stroke-width='2' points='", colour[p]);
		for (int s = 0; s < NSIZES; s++)
			fprintf(f, "%d,%.0f ", 70 + s * 170,
				370 - 330 * mbps[s][p] / top);
		fprintf(f, "'/>\n<text x='500' y='%d' fill='%s'>%s</text>\n",
			40 + 16 * p, colour[p], net_path_names[p]);
	}
	fprintf(f, "<text x='20' y='40'>top: %.0f MB/s</text>\n</svg>\n",
		top);
	return whole_file_commit(&out);
}

/* A 64 KiB figure: path `over`'s CPU time / zerocopy's in each round of
 * the placement (the two measured within milliseconds), the median and
 * the min-max. */
static struct timing_spread ratio_64k(struct size_rounds *m, int place,
				      enum net_path over)
{
	double ratio[ROUNDS];

	for (int round = 0; round < ROUNDS; round++)
		ratio[round] = m->ns[place][over][round] /
			       m->ns[place][NET_PATH_ZEROCOPY][round];
	return timing_spread(ratio, ROUNDS);
}

static void print_ratio(const char *name, struct timing_spread r,
			const char *what)
{
	printf("BENCH %s %.2f x\n", name, r.median);
	printf("  (%s: the median of %d rounds, min-max %.2f-%.2f)\n", what,
	       ROUNDS, r.min, r.max);
}

int main(int argc, char **argv)
{
	static struct size_rounds m[NSIZES];
	double mbps[NSIZES][NPATHS];
	struct size_rounds *m64k = &m[NSIZES - 1];
	int wins_from = -1;

	can_place_apart = cpu_place_init() == 0;
	if (!can_place_apart)
		printf("  (one CPU for this process: the worker shares the "
		       "driver's in every round, the 'apart' figures too)\n");
	for (int s = 0; s < NSIZES; s++) {
		if (measure_size(sizes[s], &m[s])) {
			fprintf(stderr, "net_paths: %u bytes: a rig could not "
				"be made or its threads placed\n", sizes[s]);
			return 1;
		}
		for (int p = 0; p < NPATHS; p++) {
			mbps[s][p] = sizes[s] * 1000.0 /
				     timing_median(m[s].ns[APART][p], ROUNDS);
			printf("BENCH net_rx_%s_%u_mbps %.0f MB/s\n",
			       net_path_names[p], sizes[s], mbps[s][p]);
			printf("BENCH net_kicks_per_1000_%s_%u %.1f kicks\n",
			       net_path_names[p], sizes[s],
			       m[s].kicks_per_1000[p]);
		}
		if (wins_from < 0 && mbps[s][NET_PATH_ZEROCOPY] >
				     mbps[s][NET_PATH_EMULATED])
			wins_from = (int)sizes[s];
	}
	print_ratio("net_zerocopy_vs_copy_64k",
		    ratio_64k(m64k, APART, NET_PATH_EMULATED),
		    "emulated / zerocopy CPU time of the data path per 64 KiB "
		    "frame, the worker on a CPU apart from the driver's, goal "
		    ">= 1.5; the generator is the wire: the copying paths write "
		    "a frame twice, zerocopy once");
	print_ratio("net_zerocopy_vs_copy_64k_one_cpu",
		    ratio_64k(m64k, TOGETHER, NET_PATH_EMULATED),
		    "the same, the worker on the driver's CPU");
	print_ratio("net_zerocopy_vs_vhost_64k",
		    ratio_64k(m64k, APART, NET_PATH_VHOST),
		    "vhost / zerocopy, the worker apart: the same worker, the "
		    "copy alone");
	printf("BENCH net_zerocopy_wins_from %d bytes\n", wins_from);
	if (argc > 1) {
		int err = svg(argv[1], mbps);

		if (err) {
			fprintf(stderr, "net_paths: %s: %s (no curves drawn)\n",
				argv[1], strerror(-err));
			return 1;
		}
		printf("  throughput-by-size curves: %s\n", argv[1]);
	}
	return 0;
}
