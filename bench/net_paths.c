/*
 * bench/net_paths.c - the three receive paths (emulated, vhost, zerocopy)
 * measured side by side, per frame size, in one run.
 *
 * What is measured is vmscope's part only: a driver on the host plays the
 * guest (it posts 128 chains of a 12-byte header and a page-aligned 64 KiB
 * buffer, kicks through the MMIO window, takes the used entries and posts
 * them again), so neither CPU backend's speed nor a guest's checking of
 * the bytes is in the figures.  The generator is the wire: on the copying
 * paths it writes each frame into a bounce buffer and vmscope copies it
 * into the guest's; on zerocopy it writes into the guest's buffer.
 *
 * Rounds alternate the paths (emulated, vhost, zerocopy, emulated ...) and
 * the figures are medians of the CPU time vmscope's data path used: on
 * the driver's thread, the time inside its kicks (where the emulated path
 * does all its work, and a worker path signals the worker), plus the
 * worker thread's own CPU time (its thread clock).  CPU time, because wall
 * time on a shared host measures the other jobs; and the data path's
 * only, because the driver waiting for a worker (sched_yield) would
 * otherwise be charged to the worker paths twice over.  Printed:
 *   BENCH net_rx_<path>_<size>_mbps        receive throughput per second
 *                                          of vmscope's CPU time, MB/s
 *   BENCH net_kicks_per_1000_<path>_<size> kicks (MMIO exits) per 1,000
 *   BENCH net_zerocopy_vs_copy_64k         emulated time / zerocopy time
 *                                          at 64 KiB (goal >= 1.5)
 *   BENCH net_zerocopy_wins_from           the smallest size where
 *                                          zerocopy beats emulated
 * and the throughput-by-size curves as an SVG picture (argv[1]).
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench/support/timing.h"
#include "core/bus.h"
#include "core/memory.h"
#include "devices/virtio_net.h"

#define BASE     0xd0200000ULL
#define RAM      (64ULL << 20)
#define QSIZE    256
#define CHAINS   (QSIZE / 2)
#define RING     0x10000ULL        /* desc; avail +0x1000; used +0x2000 */
#define HDRS     0x20000ULL
#define BUFS     0x100000ULL       /* 64 KiB buffers, page-aligned */
#define ROUNDS   7
#define NSIZES   4
#define NPATHS   3

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
	for (unsigned k = 0; k < CHAINS; k++)
		post(r, k);
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

/* Receive frames frames; the data path's CPU ns per frame (see the top),
 * and the kicks it took. */
static double receive(struct rig *r, unsigned frames, uint64_t *kicks)
{
	uint64_t worker0 = virtio_net_worker_cpu_ns(r->n), ns = 0;
	unsigned got = 0;

	*kicks = 0;
	while (got < frames) {
		uint16_t used = __atomic_load_n(ring16(r, RING + 0x2000 + 2),
						__ATOMIC_ACQUIRE);

		if (used == r->seen) {
			kick(r, &ns);
			(*kicks)++;
			for (int i = 0; i < 1000 && used == r->seen; i++) {
				sched_yield();
				used = __atomic_load_n(ring16(r, RING + 0x2000
							      + 2),
						       __ATOMIC_ACQUIRE);
			}
		}
		for (; r->seen != used; r->seen++, got++)
			post(r, (*(uint32_t *)guest_mem_ptr(&r->mem,
				RING + 0x2000 + 4 + 8 * (r->seen % QSIZE), 4)
				/ 2));
	}
	ns += virtio_net_worker_cpu_ns(r->n) - worker0;
	return (double)ns / frames;
}

static unsigned frames_for(unsigned size)
{
	return size >= 9000 ? 4000 : 20000;
}

/* One round of one path at one size: ns per frame (0: failed). */
static double one_round(unsigned size, enum net_path path, double *kicks_k)
{
	struct rig r;
	uint64_t kicks;
	double ns;

	if (rig_open(&r, size, path))
		return 0;
	/* Once around the ring first: every buffer page touched, so the
	 * figure has no first-touch page faults in it. */
	receive(&r, 2 * CHAINS, &kicks);
	ns = receive(&r, frames_for(size), &kicks);
	*kicks_k = 1000.0 * (double)kicks / frames_for(size);
	rig_close(&r);
	return ns;
}

static void svg(const char *file, double mbps[NSIZES][NPATHS])
{
	static const char *colour[NPATHS] = { "#d62728", "#1f77b4",
					      "#2ca02c" };
	double top = 1;
	FILE *f = fopen(file, "w");

	if (!f)
		return;
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
	fclose(f);
}

int main(int argc, char **argv)
{
	double ns[NSIZES][NPATHS][ROUNDS], kk[NSIZES][NPATHS][ROUNDS];
	double mbps[NSIZES][NPATHS], ratio64k = 0;
	int wins_from = -1;

	for (int round = 0; round < ROUNDS; round++)
		for (int s = 0; s < NSIZES; s++)
			for (int p = 0; p < NPATHS; p++)
				if (!(ns[s][p][round] = one_round(sizes[s], p,
							&kk[s][p][round])))
					return 1;
	for (int s = 0; s < NSIZES; s++) {
		for (int p = 0; p < NPATHS; p++) {
			double t = timing_median(ns[s][p], ROUNDS);

			mbps[s][p] = sizes[s] * 1000.0 / t;
			printf("BENCH net_rx_%s_%u_mbps %.0f MB/s\n",
			       net_path_names[p], sizes[s], mbps[s][p]);
			printf("BENCH net_kicks_per_1000_%s_%u %.1f kicks\n",
			       net_path_names[p], sizes[s],
			       timing_median(kk[s][p], ROUNDS));
		}
		if (wins_from < 0 && mbps[s][NET_PATH_ZEROCOPY] >
				     mbps[s][NET_PATH_EMULATED])
			wins_from = (int)sizes[s];
	}
	ratio64k = mbps[NSIZES - 1][NET_PATH_ZEROCOPY] /
		   mbps[NSIZES - 1][NET_PATH_EMULATED];
	printf("BENCH net_zerocopy_vs_copy_64k %.2f x\n", ratio64k);
	printf("  (emulated / zerocopy CPU time of the data path per 64 KiB "
	       "frame, goal >= 1.5; the generator is the wire: the copying "
	       "paths write a frame twice, zerocopy once)\n");
	printf("BENCH net_zerocopy_wins_from %d bytes\n", wins_from);
	if (argc > 1) {
		svg(argv[1], mbps);
		printf("  throughput-by-size curves: %s\n", argv[1]);
	}
	return 0;
}
