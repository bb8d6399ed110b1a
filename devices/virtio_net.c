/*
 * devices/virtio_net.c - the virtio network card: configuration (the MAC),
 * the receive queue filled from the wire by one of three paths, the
 * transmit queue emptied onto it (see devices/virtio_net.h).
 *
 * One frame is one chain: the 12-byte header in the first writable bytes,
 * the frame right after it, across as many buffers as the chain has.  A
 * driver that wants the payload page-aligned posts the header alone in
 * its first buffer and a page-aligned buffer after it.
 *
 * The receive paths differ in who works and how many copies:
 *   emulated  the vCPU thread; wire -> bounce buffer -> guest (a copy)
 *   vhost     the worker thread (devices/net_worker.c); the same copy
 *   zerocopy  the worker; wire -> guest buffers, no copy by vmscope.  When
 *             the wire pushes a frame and the guest has posted no buffer,
 *             the frame goes to a bounce slot (counted as a fallback copy)
 *             or, with every slot full, is dropped (counted).
 * With a worker, the guest's kicks of the receive queue can reach it
 * without an exit: virtio_net_kick_fd() is for the backend's ioeventfd.
 * With a worker, the device's lock (n->lock) is held by whoever touches
 * the queues: the worker for a batch, the vCPU thread for a register
 * access.  The interrupt line belongs to the vCPU thread: the worker
 * leaves the level in irq_level and wakes it (virtio_net_poll() applies) -
 * unless the backend took the worker's irq eventfd as an irqfd
 * (virtio_net_set_irqfd()): then a rising level signals that eventfd, and
 * the backend's interrupt controller raises the line with no vmscope
 * thread (vhost's "call" eventfd with KVM_IRQFD).  The line is
 * level-triggered (InterruptStatus): the irqfd holds it up until the
 * guest's EOI, then signals the resample eventfd, and the worker signals
 * again if InterruptStatus is still not zero.
 *
 * Transmit needs no copy by vmscope: the chain's readable buffers, past
 * the header, are handed to the wire as iovecs into guest RAM.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/net_worker.h"
#include "devices/virtio_net.h"
#include "guest/abi/netgen.h"

#define NET_QUEUE_MAX 256
#define NET_FRAME_MAX (VIRTIO_NET_HDR_LEN + NETGEN_MAX_SIZE)
#define NET_FALLBACK_SLOTS 16   /* frames held while no buffer is posted */
#define NET_WARM_MIN (48 * 1024) /* rx_warm() from this frame size on */

struct bounce_slot {
	uint32_t len;            /* header + frame */
	uint8_t data[NET_FRAME_MAX];
};

/*
 * The copying paths' bounce buffer and zerocopy's fallback slots: one
 * allocation of 4 KiB pages, each page in memory only once a frame was put
 * there (the fallback slots only when zerocopy falls back).  In a 2 MiB
 * page they were measured to make no path faster, and would hold 2 MiB
 * per card from its first frame (docs/NETWORK.md, "Guest RAM in 2 MiB
 * pages").
 */
#define NET_SLOTS (1 + NET_FALLBACK_SLOTS)

struct virtio_net {
	struct virtio_mmio *t;
	const struct guest_mem *mem;
	struct net_wire wire;
	enum net_path path;
	uint8_t mac[6];
	/* What each path did (the path switched at run time keeps them
	 * apart); c is the path's in use. */
	struct virtio_net_counters by_path[NET_PATHS];
	struct virtio_net_counters *c;
	struct virtq_chain chain;            /* the one being worked on */
	struct iovec iov[VIRTQ_MAX_SIZE];    /* its buffers, as host memory */
	struct bounce_slot *bounce;          /* the copying paths' buffer:
						the mapping's first slot */

	/* The worker (vhost and zerocopy paths) */
	struct net_worker *worker;
	pthread_mutex_t lock;
	void (*set_irq)(void *opaque, int level);
	void *irq_opaque;
	_Atomic int irq_level;               /* the transport's, to apply */
	void (*wake)(void *opaque);          /* the vCPU thread, to apply it */
	void *wake_opaque;
	_Atomic uint64_t kicks_forwarded;    /* kicks vmscope passed to it,
						counted after the signal */
	_Atomic uint64_t kicks_unlocked;     /* receive kicks that exited,
						taken without the lock: the
						path's `kicks`, not yet added */
	bool irqfd;                          /* the line goes by the worker's
						irq eventfd (under lock) */
	bool irqfd_up;                       /* ... which holds it up: from
						the signal to the resample */
	size_t last_len;                     /* the last frame received, with
						its header */
	struct bounce_slot *fallback;        /* zerocopy: NET_FALLBACK_SLOTS,
						after the bounce buffer */
	unsigned fallback_head, fallback_count;
};

static uint64_t net_config_read(void *dev, uint64_t offset, unsigned size)
{
	struct virtio_net *n = dev;
	uint64_t v = 0;

	/* The config is the MAC; the rest of the space reads as zeros. */
	if (offset < sizeof(n->mac) && size <= sizeof(n->mac) - offset)
		memcpy(&v, n->mac + offset, size);
	return v;
}

/* The chain's buffers of one direction as iovecs into guest RAM (the
 * walker checked each lies inside it), from byte skip of them on. */
static int chain_iov(struct virtio_net *n, bool writable, size_t skip)
{
	const struct virtq_chain *c = &n->chain;
	unsigned first = writable ? c->nreadable : 0;
	unsigned last = writable ? c->n : c->nreadable;
	int cnt = 0;

	for (unsigned i = first; i < last; i++) {
		const struct virtq_buf *b = &c->bufs[i];
		uint8_t *p = guest_mem_ptr(n->mem, b->gpa, b->len);

		if (skip >= b->len) {
			skip -= b->len;
			continue;
		}
		n->iov[cnt++] = (struct iovec){ p + skip, b->len - skip };
		skip = 0;
	}
	return cnt;
}

/* The chain popped from queue q broke a rule, or the walker refused it. */
static void net_fail(struct virtio_net *n, unsigned q, const char *why)
{
	char msg[VIRTQ_WHY_LEN + 32];

	snprintf(msg, sizeof(msg), "%s queue: %s",
		 q == VIRTIO_NET_RXQ ? "receive" : "transmit", why);
	virtio_mmio_fail(n->t, msg);
}

static void net_interrupt(struct virtio_net *n, struct virtq *vq)
{
	if (virtq_need_interrupt(vq)) {
		n->c->interrupts++;
		virtio_mmio_interrupt(n->t);
	} else {
		n->c->suppressed++;
	}
}

/* A frame of len bytes (header included) went into the chain. */
static void rx_count(struct virtio_net *n, struct virtq *vq, size_t len,
		     bool copied)
{
	virtq_filled(vq, &n->chain, len);
	virtq_push(vq, n->chain.head, (uint32_t)len);
	n->c->rx_packets++;
	n->c->rx_bytes += len - VIRTIO_NET_HDR_LEN;
	if (copied)
		n->c->bytes_copied += len;
	else
		n->c->bytes_placed += len;
	n->c->posted_bytes += n->chain.writable_len;
	n->c->used_bytes += len;
	n->last_len = len;
}

/* Read one frame into a slot: header first.  The frame's length with the
 * header, 0 when none was there, -1 on a wire error. */
static ssize_t wire_to_slot(struct virtio_net *n, struct bounce_slot *s)
{
	struct virtio_net_hdr hdr = { .num_buffers = 1 };
	struct iovec frame = { s->data + VIRTIO_NET_HDR_LEN, NETGEN_MAX_SIZE };
	ssize_t len = n->wire.ops->recv(n->wire.state, &frame, 1);

	if (len < 0) {
		n->c->wire_errors++;
		return -1;
	}
	memcpy(s->data, &hdr, sizeof(hdr));
	return len ? (ssize_t)VIRTIO_NET_HDR_LEN + len : 0;
}

/*
 * The copying paths: one frame from the wire into the chain just popped,
 * through the bounce buffer.  1 placed, 0 no frame (the chain goes back),
 * -1 dropped (too big) or a wire error.
 */
static int rx_copy(struct virtio_net *n, struct virtq *vq)
{
	ssize_t len = wire_to_slot(n, n->bounce);

	if (len <= 0) {
		virtq_unpop(vq);
		return len < 0 ? -1 : 0;
	}
	if ((uint64_t)len > n->chain.writable_len) {
		n->c->rx_dropped++;
		virtq_unpop(vq);
		return -1;
	}
	net_iov_put(n->iov, chain_iov(n, true, 0), 0, n->bounce->data, len);
	rx_count(n, vq, len, true);
	return 1;
}

/* The zero-copy path: the header, then the frame straight from the wire
 * into the chain (after the header: at the page boundary the driver
 * chose).  Same returns as rx_copy().  A wire that refused the frame or
 * failed may have written into the chain first (a frame cut short): the
 * chain goes back said written, as every host write into guest RAM is
 * (core/memory.h). */
static int rx_direct(struct virtio_net *n, struct virtq *vq)
{
	struct virtio_net_hdr hdr = { .num_buffers = 1 };
	int cnt = chain_iov(n, true, VIRTIO_NET_HDR_LEN);
	ssize_t len = n->wire.ops->recv(n->wire.state, n->iov, cnt);

	if (len <= 0) {
		if (len < 0 && len != -EMSGSIZE)
			n->c->wire_errors++;
		if (len == -EMSGSIZE)
			n->c->rx_dropped++;
		if (len < 0)
			virtq_filled(vq, &n->chain, n->chain.writable_len);
		virtq_unpop(vq);
		return len < 0 ? -1 : 0;
	}
	net_iov_put(n->iov, chain_iov(n, true, 0), 0, &hdr, sizeof(hdr));
	rx_count(n, vq, VIRTIO_NET_HDR_LEN + (size_t)len, false);
	return 1;
}

/* A frame held in a fallback slot into the chain: the fallback's copy.
 * Same returns as rx_copy(): a frame too big for the chain is dropped,
 * the chain goes back, and nothing reached the used ring. */
static int rx_from_fallback(struct virtio_net *n, struct virtq *vq)
{
	struct bounce_slot *s = &n->fallback[n->fallback_head];
	int placed = s->len <= n->chain.writable_len ? 1 : -1;

	if (placed > 0) {
		net_iov_put(n->iov, chain_iov(n, true, 0), 0, s->data, s->len);
		rx_count(n, vq, s->len, true);
	} else {
		n->c->rx_dropped++;
		virtq_unpop(vq);
	}
	n->fallback_head = (n->fallback_head + 1) % NET_FALLBACK_SLOTS;
	n->fallback_count--;
	return placed;
}

/* Zerocopy, no buffer posted, the wire pushing: keep what comes in a
 * slot while one is free; with every slot full, read it into the bounce
 * buffer (unused on this path) and drop it - never into a slot, whose
 * frame is still waiting for a buffer.  True when a frame came. */
static bool rx_fallback(struct virtio_net *n)
{
	unsigned tail = (n->fallback_head + n->fallback_count) %
			NET_FALLBACK_SLOTS;
	bool full = n->fallback_count == NET_FALLBACK_SLOTS;
	struct bounce_slot *s = full ? n->bounce : &n->fallback[tail];
	ssize_t len = wire_to_slot(n, s);

	if (len <= 0)
		return false;
	if (full) {
		n->c->rx_dropped++;
		return true;
	}
	s->len = (uint32_t)len;
	n->fallback_count++;
	n->c->fallback_packets++;
	return true;
}

/* Frames held in fallback slots go first, on any path (the path may have
 * been switched away from zerocopy since). */
static int rx_one(struct virtio_net *n, struct virtq *vq)
{
	if (n->fallback_count)
		return rx_from_fallback(n, vq);
	if (n->path != NET_PATH_ZEROCOPY)
		return rx_copy(n, vq);
	return rx_direct(n, vq);
}

/* Pop the next receive chain: 1, 0 none, -1 the card broke. */
static int rx_pop(struct virtio_net *n, struct virtq *vq)
{
	char why[VIRTQ_WHY_LEN];
	int r = virtq_pop(vq, VIRTQ_EXPECT_WRITABLE, &n->chain, why,
			  sizeof(why));

	if (r < 0) {
		net_fail(n, VIRTIO_NET_RXQ, why);
		return -1;
	}
	if (r > 0 && n->chain.writable_len <= VIRTIO_NET_HDR_LEN) {
		net_fail(n, VIRTIO_NET_RXQ, "a chain too small for the 12-byte "
			 "header and a frame");
		return -1;
	}
	return r;
}

/*
 * Before a batch, while frames come large (the last one NET_WARM_MIN bytes
 * or more: for smaller ones this second walk of each chain costs more than
 * it saves, docs/NETWORK.md): in every chain posted now, the pages the next
 * frames will write (as many bytes as the last frame had) get their
 * translations loaded together, as the copies would take them one walk
 * after the other (net_iov_warm()).  A chain that breaks a rule is left
 * for the pop that reaches it.
 */
static void rx_warm(struct virtio_net *n, struct virtq *vq)
{
	char why[VIRTQ_WHY_LEN];

	if (n->last_len < NET_WARM_MIN)
		return;
	for (unsigned i = 0; virtq_peek(vq, i, VIRTQ_EXPECT_WRITABLE,
					&n->chain, why, sizeof(why)) > 0; i++)
		net_iov_warm(n->iov, chain_iov(n, true, 0), n->last_len);
}

/* Fill posted chains while frames are there.  True when a frame moved. */
static bool rx_deliver(struct virtio_net *n)
{
	struct virtq *vq = virtio_mmio_queue(n->t, VIRTIO_NET_RXQ);
	bool placed = false, moved = false;
	int r;

	if (!vq)
		return false;
	rx_warm(n, vq);
	while ((r = rx_pop(n, vq)) > 0) {
		/* After a drop too: the same chain would drop the next. */
		if (rx_one(n, vq) <= 0)
			break;
		placed = true;
	}
	if (r == 0 && n->path == NET_PATH_ZEROCOPY && n->wire.paced)
		moved = rx_fallback(n);
	if (placed)
		net_interrupt(n, vq);
	return placed || moved;
}

static void tx_one(struct virtio_net *n, struct virtq *vq)
{
	int cnt = chain_iov(n, false, VIRTIO_NET_HDR_LEN);

	if (n->wire.ops->send(n->wire.state, n->iov, cnt))
		n->c->wire_errors++;
	n->c->tx_packets++;
	n->c->tx_bytes += n->chain.readable_len - VIRTIO_NET_HDR_LEN;
	virtq_push(vq, n->chain.head, 0);
}

static void tx_process(struct virtio_net *n)
{
	struct virtq *vq = virtio_mmio_queue(n->t, VIRTIO_NET_TXQ);
	char why[VIRTQ_WHY_LEN];
	bool sent = false;
	int r;

	if (!vq)
		return;
	while ((r = virtq_pop(vq, VIRTQ_EXPECT_READABLE, &n->chain, why,
			      sizeof(why))) > 0) {
		if (n->chain.readable_len <= VIRTIO_NET_HDR_LEN) {
			net_fail(n, VIRTIO_NET_TXQ, "a chain too small for "
				 "the 12-byte header and a frame");
			return;
		}
		tx_one(n, vq);
		sent = true;
	}
	if (r < 0)
		net_fail(n, VIRTIO_NET_TXQ, why);
	else if (sent)
		net_interrupt(n, vq);
}

/* The line up through the irqfd, with the lock held.  While the line is
 * up already (signalled, the guest's EOI not yet resampled) a signal
 * would change nothing: the resample that follows the EOI raises it
 * again if the level is still high.  So every signal counted is a line
 * that went up. */
static void irqfd_raise(struct virtio_net *n)
{
	if (n->irqfd_up)
		return;
	n->irqfd_up = true;
	n->c->irq_irqfd++;
	net_worker_interrupt(n->worker);
}

/* The worker's turn: one batch under the lock.  After the guest's EOI
 * (the resample eventfd: the line went down) a level still high is
 * raised again. */
static bool worker_work(void *opaque)
{
	struct virtio_net *n = opaque;
	bool moved;

	pthread_mutex_lock(&n->lock);
	if (net_worker_take_resample(n->worker) && n->irqfd) {
		n->irqfd_up = false;
		if (atomic_load(&n->irq_level))
			irqfd_raise(n);
	}
	moved = rx_deliver(n);
	pthread_mutex_unlock(&n->lock);
	return moved;
}

/* The receive queue has new buffers: fill them now, or wake the worker. */
static void rx_kick(struct virtio_net *n)
{
	if (n->worker) {
		net_worker_kick(n->worker);
		atomic_fetch_add(&n->kicks_forwarded, 1);
	} else {
		rx_deliver(n);
	}
}

/* A kick that exited to vmscope, with the lock held (a register access). */
static void net_notify(void *dev, unsigned q)
{
	struct virtio_net *n = dev;

	n->c->kicks++;
	if (q == VIRTIO_NET_TXQ)
		tx_process(n);
	else
		rx_kick(n);
}

/*
 * A kick of the receive queue while a worker owns it, taken without the
 * card's lock: the worker holds that lock for a whole batch, and the vCPU
 * thread would wait that long only to say what the worker's eventfd says
 * anyway.  The worker checks the card is not broken when it wakes, as for
 * a kick by ioeventfd.  n->worker changes only on this thread.
 */
static bool net_kick_unlocked(void *dev, unsigned q)
{
	struct virtio_net *n = dev;

	if (q != VIRTIO_NET_RXQ || !n->worker)
		return false;
	rx_kick(n);
	atomic_fetch_add(&n->kicks_unlocked, 1);
	return true;
}

static void net_driver_ok(void *dev)
{
	rx_kick(dev);
}

/* The driver reset the card: frames held for it are forgotten. */
static void net_reset(void *dev)
{
	struct virtio_net *n = dev;

	n->fallback_head = n->fallback_count = 0;
}

static void net_lock(void *dev)
{
	pthread_mutex_lock(&((struct virtio_net *)dev)->lock);
}

static void net_unlock(void *dev)
{
	pthread_mutex_unlock(&((struct virtio_net *)dev)->lock);
}

/* The transport's line, with the lock held (it changes only inside a
 * register access or a batch): through the irqfd when there is one; else
 * applied now on the vCPU thread's own paths, by virtio_net_poll() when
 * the worker changed it. */
static void net_set_irq(void *opaque, int level)
{
	struct virtio_net *n = opaque;

	atomic_store(&n->irq_level, level);
	if (n->irqfd) {
		if (level)
			irqfd_raise(n);
		return;
	}
	if (level)
		n->c->irq_vmscope++;
	if (!n->worker && n->set_irq)
		n->set_irq(n->irq_opaque, level);
	else if (n->wake)
		n->wake(n->wake_opaque);
}

static const struct virtio_dev_ops net_ops = {
	.name = "virtio-net",
	.device_id = VIRTIO_ID_NET,
	.features = 1ULL << VIRTIO_F_VERSION_1 | 1ULL << VIRTIO_NET_F_MAC |
		    1ULL << VIRTIO_F_EVENT_IDX | 1ULL << VIRTIO_F_INDIRECT_DESC,
	.nqueues = 2,
	.queue_max = NET_QUEUE_MAX,
	.config_read = net_config_read,
	.notify = net_notify,
	.driver_ok = net_driver_ok,
	.reset = net_reset,
	.lock = net_lock,
	.unlock = net_unlock,
	.kick_unlocked = net_kick_unlocked,
};

static int start_worker(struct virtio_net *n)
{
	if (n->path == NET_PATH_EMULATED)
		return 0;
	return net_worker_start(&n->worker, worker_work, n, n->wire.fd,
				n->wire.poll_ms);
}

int virtio_net_init(struct virtio_net **out, const struct virtio_net_setup *s)
{
	static const uint8_t mac[6] = VIRTIO_NET_MAC;
	struct virtio_net *n = calloc(1, sizeof(*n));
	int err;

	*out = NULL;
	if (!n)
		return -ENOMEM;
	*n = (struct virtio_net){ .mem = s->mem, .path = s->path,
				  .wake = s->wake, .wake_opaque = s->opaque };
	n->c = &n->by_path[n->path];
	memcpy(n->mac, mac, sizeof(mac));
	pthread_mutex_init(&n->lock, NULL);
	err = -ENOMEM;
	n->bounce = calloc(NET_SLOTS, sizeof(*n->bounce));
	if (!n->bounce)
		goto err_free;
	n->fallback = n->bounce + 1;
	err = virtio_mmio_init(&n->t, s->bus, s->base, s->mem, &net_ops, n,
			       s->log, s->opaque);
	if (err)
		goto err_free;
	virtio_mmio_set_irq(n->t, net_set_irq, n);
	n->wire = *s->wire;
	err = start_worker(n);
	if (err) {
		virtio_mmio_free(n->t);
		goto err_free;
	}
	memset(s->wire, 0, sizeof(*s->wire));
	*out = n;
	return 0;

err_free:
	free(n->bounce);
	pthread_mutex_destroy(&n->lock);
	free(n);
	return err;
}

void virtio_net_free(struct virtio_net *n)
{
	if (!n)
		return;
	net_worker_stop(n->worker);
	virtio_mmio_free(n->t);
	net_wire_close(&n->wire);
	free(n->bounce);
	pthread_mutex_destroy(&n->lock);
	free(n);
}

void virtio_net_set_irq(struct virtio_net *n,
			void (*set_irq)(void *opaque, int level),
			void *opaque)
{
	n->set_irq = set_irq;
	n->irq_opaque = opaque;
}

void virtio_net_reset(struct virtio_net *n)
{
	pthread_mutex_lock(&n->lock);
	virtio_mmio_reset(n->t);
	pthread_mutex_unlock(&n->lock);
	if (n->set_irq && !n->irqfd)
		n->set_irq(n->irq_opaque, atomic_load(&n->irq_level));
}

/* The worker may have left a level the vCPU thread has not applied yet
 * (also after a switch to the emulated path). */
void virtio_net_poll(struct virtio_net *n)
{
	if (n->set_irq && !n->irqfd)
		n->set_irq(n->irq_opaque, atomic_load(&n->irq_level));
	if (!n->worker)
		rx_deliver(n);
}

/* The worker's eventfd counts every kick: the ones vmscope forwarded
 * after an exit, and the ones a backend's ioeventfd signalled without one.
 * A forwarded one is counted after its signal and read here first, so
 * each is in the worker's count. */
static uint64_t worker_kicks_eventfd(struct virtio_net *n)
{
	uint64_t forwarded;

	if (!n->worker)
		return 0;
	forwarded = atomic_load(&n->kicks_forwarded);
	return net_worker_kicks(n->worker) - forwarded;
}

void virtio_net_path_counters(struct virtio_net *n,
			      struct virtio_net_counters out[NET_PATHS])
{
	uint64_t live = worker_kicks_eventfd(n);

	pthread_mutex_lock(&n->lock);
	memcpy(out, n->by_path, sizeof(n->by_path));
	out[n->path].kicks_eventfd += live;
	out[n->path].kicks += atomic_load(&n->kicks_unlocked);
	pthread_mutex_unlock(&n->lock);
}

void virtio_net_counters(struct virtio_net *n, struct virtio_net_counters *c)
{
	struct virtio_net_counters p[NET_PATHS];
	const size_t words = sizeof(*c) / sizeof(uint64_t);

	_Static_assert(sizeof(*c) % sizeof(uint64_t) == 0, "uint64_t only");
	virtio_net_path_counters(n, p);
	memset(c, 0, sizeof(*c));
	for (unsigned i = 0; i < NET_PATHS; i++)
		for (size_t w = 0; w < words; w++)
			((uint64_t *)c)[w] += ((const uint64_t *)&p[i])[w];
}

/*
 * Another receive path, between two runs: the worker (if any) is told to
 * finish and joined - its kicks counted for the old path - and the new
 * path's worker started.  Frames held in fallback slots are delivered
 * first on any path.  On failure the card is left on the emulated path.
 */
int virtio_net_set_path(struct virtio_net *n, enum net_path path)
{
	uint64_t kicks = worker_kicks_eventfd(n);
	int err;

	if (path == n->path)
		return 0;
	net_worker_stop(n->worker);
	pthread_mutex_lock(&n->lock);
	n->c->kicks_eventfd += kicks;
	n->c->kicks += atomic_exchange(&n->kicks_unlocked, 0);
	n->worker = NULL;
	n->irqfd = false;
	atomic_store(&n->kicks_forwarded, 0);
	n->path = path;
	n->c = &n->by_path[path];
	pthread_mutex_unlock(&n->lock);
	err = start_worker(n);
	if (err) {
		n->path = NET_PATH_EMULATED;
		n->c = &n->by_path[n->path];
	}
	return err;
}

uint64_t virtio_net_worker_cpu_ns(const struct virtio_net *n)
{
	return n->worker ? net_worker_cpu_ns(n->worker) : 0;
}

int virtio_net_kick_fd(const struct virtio_net *n)
{
	return n->worker ? net_worker_kick_fd(n->worker) : -1;
}

int virtio_net_irq_fd(const struct virtio_net *n)
{
	return n->worker ? net_worker_irq_fd(n->worker) : -1;
}

int virtio_net_resample_fd(const struct virtio_net *n)
{
	return n->worker ? net_worker_resample_fd(n->worker) : -1;
}

void virtio_net_set_irqfd(struct virtio_net *n, bool on)
{
	pthread_mutex_lock(&n->lock);
	n->irqfd = on && n->worker;
	n->irqfd_up = false;
	if (n->irqfd && atomic_load(&n->irq_level))
		irqfd_raise(n);
	pthread_mutex_unlock(&n->lock);
}

bool virtio_net_irqfd_on(struct virtio_net *n)
{
	bool on;

	pthread_mutex_lock(&n->lock);
	on = n->irqfd;
	pthread_mutex_unlock(&n->lock);
	return on;
}

enum net_path virtio_net_path(const struct virtio_net *n)
{
	return n->path;
}

void virtio_net_rx_view(struct virtio_net *n, struct virtq_view *out)
{
	struct virtq *vq;

	pthread_mutex_lock(&n->lock);
	vq = virtio_mmio_queue(n->t, VIRTIO_NET_RXQ);
	if (vq)
		virtq_view_read(vq, VIRTQ_EXPECT_WRITABLE, out);
	else
		virtq_view_none(out, virtio_mmio_broken(n->t) ?
				     virtio_mmio_broken_why(n->t) : NULL);
	pthread_mutex_unlock(&n->lock);
}

const char *virtio_net_wire_name(const struct virtio_net *n)
{
	return n->wire.name;
}

struct virtio_mmio *virtio_net_transport(struct virtio_net *n)
{
	return n->t;
}
