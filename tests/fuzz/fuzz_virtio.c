/*
 * tests/fuzz/fuzz_virtio.c - fuzz target: the virtio path - the virtio-MMIO
 * transport (devices/virtio_mmio.c), the virtqueue walker
 * (devices/virtqueue.c) and the network card (devices/virtio_net.c) -
 * driven through the bus by a hostile driver that also writes any bytes
 * into guest RAM: rings, descriptors, indirect tables, indexes.
 *
 * The input's first byte picks the receive path (bits 0-6 modulo 3:
 * emulated, vhost, zerocopy) and whether the wire is paced (bit 7); the
 * rest is a program.  Each
 * step starts with one byte, op:
 *   bit 0 = 0   an MMIO access to the card's window: bit 1 write, bits
 *               2-3 size (1, 2, 4, 8), bit 4 set: a register (the next
 *               byte times 4), clear: any offset (16 bits, modulo the
 *               window and 8 bytes past it); a write's value: 8 bytes;
 *   bit 0 = 1   a driver or host event, op >> 1 (modulo 9):
 *     0 bytes into RAM: a 16-bit address, a count (0-32), the bytes;
 *     1 a descriptor of queue q (bit 0 of the next byte; index: the rest)
 *       in the table the last queue setup of q named: addr and len as 16
 *       bits (a flags byte with bit 7 set: 64 and 32 bits), flags, next;
 *     2 a queue setup through the registers, as a driver does it: the
 *       queue, log2 of its size, its three areas' 16-bit addresses, then
 *       QueueReady = 1;
 *     3 the status dance through the registers: ACKNOWLEDGE | DRIVER, the
 *       driver's feature bits (32 bits, then VERSION_1 and the byte's bit 0
 *       for the high word), FEATURES_OK, DRIVER_OK;
 *     4 a chain made available on queue q: its head into the available
 *       ring at the index, the index moved on, and a kick if asked;
 *     5 a kick (QueueNotify) of queue 0, 1 or 2;
 *     6 the wire wakes the worker (it has a frame);
 *     7 the vCPU thread's turn between runs (virtio_net_poll()), and the
 *       TUI's view of the receive ring read then (virtio_net_rx_view():
 *       every descriptor has one owner);
 *     8 the machine's reset.
 * The wire is this target's own: each receive asks the input whether a
 * frame is there and how long it is (or an error), each send is read at
 * both ends of each buffer.  Every buffer the card hands the wire must
 * lie inside guest RAM, and a buffer it fills must not lie on the receive
 * queue's rings; the interrupt line must stay a level; every log line
 * names the card.
 *
 * The worker thread (devices/net_worker.c) is replaced here by a stand-in
 * with its interface that runs the device's work function on the fuzzer's
 * thread: after a step that kicked it (the real one wakes then) and at
 * event 6.  So the vhost and zerocopy paths are fuzzed deterministically;
 * the worker's own poll() loop is no guest input.
 *
 * RAM is 128 KiB on the heap (fuzz_ram_small(): ASan sees past its end),
 * so that the 16-bit addresses above land in it and lengths run off it,
 * zeroed before each input; the six cards, one per path and pacing, each
 * on a bus of its own, are made once and reset before each input.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "devices/net_worker.h"
#include "devices/virtio_net.h"
#include "guest/abi/machine.h"
#include "guest/abi/netgen.h"
#include "tests/fuzz/support/fuzz_bus.h"
#include "tests/fuzz/support/fuzz_ram.h"

#define FUZZ_VIRTIO_RAM (128u << 10)   /* 16-bit addresses: the first half */
#define FUZZ_VIRTIO_WINDOW (VIRTIO_MMIO_WINDOW_SIZE + 8)
#define FUZZ_RAM_WRITE_MAX 32
#define NPATHS 3

/* --- the worker's stand-in (devices/net_worker.h's interface) ---------- */

/* Every function of devices/net_worker.h is here: the linker then takes
 * none of devices/net_worker.o (a function added there fails this link,
 * "multiple definition", until it has a stand-in too). */
struct net_worker {
	bool (*work)(void *opaque);
	void *opaque;
	bool kicked;         /* run work() once the current step is over */
	uint64_t kicks;      /* net_worker_kick() calls */
};

static struct net_worker *started;   /* the last one started */

int net_worker_start(struct net_worker **out, bool (*work)(void *opaque),
		     void *opaque, int wire_fd, int poll_ms)
{
	(void)wire_fd;
	(void)poll_ms;
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	**out = (struct net_worker){ work, opaque, false, 0 };
	started = *out;
	return 0;
}

/* Called inside a register access, with the card's lock held: the work
 * waits for the step to end, as the real thread waits for the lock. */
void net_worker_kick(struct net_worker *w)
{
	w->kicked = true;
	w->kicks++;
}

uint64_t net_worker_kicks(struct net_worker *w)
{
	return w->kicks;
}

int net_worker_kick_fd(const struct net_worker *w)
{
	(void)w;
	return -1;
}

/* No eventfds: the fuzzer's machine has no backend to take an irqfd. */
void net_worker_interrupt(struct net_worker *w)
{
	(void)w;
}

int net_worker_irq_fd(const struct net_worker *w)
{
	(void)w;
	return -1;
}

int net_worker_resample_fd(const struct net_worker *w)
{
	(void)w;
	return -1;
}

bool net_worker_take_resample(struct net_worker *w)
{
	(void)w;
	return false;
}

/* No thread, so no CPU time of its own: the card's work runs on the
 * fuzzer's thread and is counted there. */
uint64_t net_worker_cpu_ns(const struct net_worker *w)
{
	(void)w;
	return 0;
}

void net_worker_stop(struct net_worker *w)
{
	free(w);
}

/* --- the wire ---------------------------------------------------------- */

static struct guest_mem mem;
static struct fuzz_input *input;     /* the input being run */
static struct virtio_net *card;      /* ... and its card */

/* Each buffer of iov lies wholly inside guest RAM (a guest's buffer) or
 * wholly outside it (the card's bounce buffer, which ASan watches); one
 * in RAM that the card fills must not lie on the receive queue's rings. */
static void check_iov(const struct iovec *iov, int iovcnt, bool filled)
{
	struct virtq *rx = virtio_mmio_queue(virtio_net_transport(card),
					     VIRTIO_NET_RXQ);

	for (int i = 0; i < iovcnt; i++) {
		uint8_t *p = iov[i].iov_base;
		uint64_t gpa = (uint64_t)(p - mem.host), len = iov[i].iov_len;

		if (p + len <= mem.host || p >= mem.host + mem.size)
			continue;
		if (p < mem.host || len > mem.size - gpa)
			abort();
		if (!filled || !rx)
			continue;
		if ((gpa < rx->desc + 16ULL * rx->size && rx->desc < gpa + len) ||
		    (gpa < rx->avail + 6 + 2ULL * rx->size &&
		     rx->avail < gpa + len) ||
		    (gpa < rx->used + 6 + 8ULL * rx->size &&
		     rx->used < gpa + len))
			abort();
	}
}

/* A byte: bit 0 clear, no frame; bit 1, a wire error; else a frame of the
 * next 16 bits' length (0 is 65536), filled with a pattern. */
static ssize_t wire_recv(void *state, const struct iovec *iov, int iovcnt)
{
	uint8_t what = fuzz_u8(input);
	size_t len, off = 0;

	(void)state;
	check_iov(iov, iovcnt, true);
	if (!(what & 1))
		return 0;
	if (what & 2)
		return -EIO;
	len = fuzz_u16(input);
	len = len ? len : NETGEN_MAX_SIZE;
	if (net_iov_bytes(iov, iovcnt) < len)
		return -EMSGSIZE;
	for (int i = 0; i < iovcnt && off < len; i++) {
		size_t n = iov[i].iov_len < len - off ? iov[i].iov_len :
							len - off;

		memset(iov[i].iov_base, what, n);
		off += n;
	}
	return (ssize_t)len;
}

/* The first and last byte of each buffer are read, as a TAP's write(2)
 * would read them (ASan watches a buffer outside RAM; check_iov() one
 * inside); a byte of the input says whether the wire failed. */
static volatile uint8_t wire_sink;   /* keeps the reads */

static int wire_send(void *state, const struct iovec *iov, int iovcnt)
{
	(void)state;
	check_iov(iov, iovcnt, false);
	for (int i = 0; i < iovcnt; i++) {
		const uint8_t *p = iov[i].iov_base;

		if (iov[i].iov_len)
			wire_sink = p[0] ^ p[iov[i].iov_len - 1];
	}
	return fuzz_u8(input) & 1 ? -EIO : 0;
}

static void wire_close(void *state)
{
	(void)state;
}

static const struct net_wire_ops wire_ops = {
	wire_recv, wire_send, wire_close,
};

/* --- the machine ------------------------------------------------------- */

struct fuzz_card {
	struct bus bus;
	struct virtio_net *net;
	struct net_worker *worker;   /* NULL on the emulated path */
};

static struct fuzz_card cards[NPATHS][2];   /* [path][paced] */

/* Where the last queue setup put each queue (the driver's own notes). */
struct driver_queue {
	uint64_t desc, avail;
	uint16_t size;           /* 0: not set up */
	uint16_t idx;            /* the available index it wrote last */
};
static struct driver_queue queues[2];

static void on_log(void *opaque, const char *msg)
{
	static const char name[] = "virtio-net: ";

	(void)opaque;
	if (strncmp(msg, name, sizeof(name) - 1) || !msg[sizeof(name) - 1])
		abort();
}

static void on_wake(void *opaque)
{
	(void)opaque;
}

static void make_card(struct fuzz_card *c, enum net_path path, bool paced)
{
	struct net_wire wire = { &wire_ops, NULL, "fuzz", -1, paced, 0 };
	struct virtio_net_setup setup = { &c->bus, VIRTIO_NET_MMIO, &mem,
					  &wire, path, on_log, on_wake, NULL };

	bus_init(&c->bus);
	started = NULL;
	if (virtio_net_init(&c->net, &setup) < 0)
		abort();
	c->worker = started;
	virtio_net_set_irq(c->net, fuzz_irq_line, NULL);
}

static void make_once(void)
{
	if (mem.host)
		return;
	fuzz_ram_small(&mem, FUZZ_VIRTIO_RAM);
	for (int p = 0; p < NPATHS; p++)
		for (int paced = 0; paced < 2; paced++)
			make_card(&cards[p][paced], (enum net_path)p, paced);
}

/* The Network panel's view of the receive ring: read without a fault,
 * each descriptor counted under one owner. */
static void look_at_ring(void)
{
	static struct virtq_view view;
	unsigned owned = 0;

	virtio_net_rx_view(card, &view);
	for (int o = 0; o < VIRTQ_OWNERS; o++)
		owned += view.owned[o];
	if (owned != view.size || view.last.n > VIRTQ_MAX_SIZE)
		abort();
}

/* --- the driver -------------------------------------------------------- */

static struct bus *bus;

static void reg_write(uint64_t reg, uint32_t v)
{
	uint64_t data = v;

	bus_mmio_access(bus, VIRTIO_NET_MMIO + reg, 4, true, &data);
}

static void mmio_access(uint8_t op)
{
	static const unsigned sizes[4] = { 1, 2, 4, 8 };
	unsigned size = sizes[op >> 2 & 3];
	bool is_write = op & 2;
	uint64_t offset = op & 16 ? 4ULL * fuzz_u8(input) :
				    fuzz_u16(input) % FUZZ_VIRTIO_WINDOW;
	uint64_t data = is_write ? fuzz_u64(input) : 0;

	bus_mmio_access(bus, VIRTIO_NET_MMIO + offset, size, is_write, &data);
	if (!is_write && size < 8 && data >> (8 * size))
		abort();    /* the bus masks a read to its size */
}

static void ram_write(void)
{
	uint8_t bytes[FUZZ_RAM_WRITE_MAX];
	uint64_t gpa = fuzz_u16(input);
	size_t n = fuzz_u8(input) % (FUZZ_RAM_WRITE_MAX + 1);

	fuzz_bytes(input, bytes, n);
	guest_mem_write(&mem, gpa, bytes, n);
}

static void descriptor(void)
{
	uint8_t which = fuzz_u8(input);
	unsigned q = which & 1;
	struct virtq_desc d;
	uint8_t flags = fuzz_u8(input);
	uint64_t gpa;

	if (flags & 0x80) {
		d.addr = fuzz_u64(input);
		d.len = fuzz_u32(input);
	} else {
		d.addr = fuzz_u16(input);
		d.len = fuzz_u16(input);
	}
	d.flags = flags & 0x7f;
	d.next = fuzz_u8(input);
	gpa = queues[q].desc + VIRTQ_DESC_SIZE *
	      ((which >> 1) % (queues[q].size ? queues[q].size : 1));
	guest_mem_write(&mem, gpa, &d, sizeof(d));
}

static void queue_setup(void)
{
	unsigned q = fuzz_u8(input) % 3;
	uint16_t size = (uint16_t)(1u << (fuzz_u8(input) % 10));
	uint64_t desc = fuzz_u16(input), avail = fuzz_u16(input),
		 used = fuzz_u16(input);

	reg_write(VIRTIO_MMIO_QUEUE_SEL, q);
	reg_write(VIRTIO_MMIO_QUEUE_NUM, size);
	reg_write(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	reg_write(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	reg_write(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	reg_write(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	reg_write(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	reg_write(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	reg_write(VIRTIO_MMIO_QUEUE_READY, 1);
	if (q < 2)
		queues[q] = (struct driver_queue){ desc, avail, size, 0 };
}

static void status_dance(void)
{
	uint32_t low = fuzz_u32(input);
	uint8_t high = fuzz_u8(input);

	reg_write(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
		  VIRTIO_STATUS_DRIVER);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES, low);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	reg_write(VIRTIO_MMIO_DRIVER_FEATURES, 1u | (high & 1u) << 1);
	reg_write(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
		  VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	reg_write(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
		  VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
		  VIRTIO_STATUS_DRIVER_OK);
}

static void make_available(void)
{
	uint8_t which = fuzz_u8(input);
	unsigned q = which & 1;
	uint16_t head = fuzz_u8(input), size = queues[q].size ? queues[q].size
							       : 1;
	uint16_t idx = ++queues[q].idx;

	guest_mem_write(&mem, queues[q].avail + 4 +
			2ULL * ((uint16_t)(idx - 1) % size), &head,
			sizeof(head));
	guest_mem_write(&mem, queues[q].avail + 2, &idx, sizeof(idx));
	if (which & 2)
		reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

/* What the real worker does after a kick: one batch. */
static void run_worker(struct net_worker *w, bool woken)
{
	if (w && (w->kicked || woken)) {
		w->kicked = false;
		w->work(w->opaque);
	}
}

static void event(unsigned e, struct net_worker *w)
{
	switch (e % 9) {
	case 0: ram_write(); break;
	case 1: descriptor(); break;
	case 2: queue_setup(); break;
	case 3: status_dance(); break;
	case 4: make_available(); break;
	case 5: reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, fuzz_u8(input) % 3); break;
	case 6: run_worker(w, true); break;
	case 7: virtio_net_poll(card); look_at_ring(); break;
	default:
		virtio_net_reset(card);
		memset(queues, 0, sizeof(queues));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in;
	uint8_t how;
	struct fuzz_card *c;

	make_once();
	fuzz_input_init(&in, data, size);
	input = &in;
	how = fuzz_u8(&in);
	c = &cards[(how & 0x7f) % NPATHS][how >> 7];
	memset(mem.host, 0, mem.size);
	memset(queues, 0, sizeof(queues));
	card = c->net;
	bus = &c->bus;
	virtio_net_reset(card);
	while (!fuzz_input_done(&in)) {
		uint8_t op = fuzz_u8(&in);

		if (op & 1)
			event(op >> 1, c->worker);
		else
			mmio_access(op);
		run_worker(c->worker, false);
	}
	return 0;
}
