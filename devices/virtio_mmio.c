/*
 * devices/virtio_mmio.c - the virtio-MMIO transport, version 2 (virtio
 * 1.2, section 4.2.2; the register map is in devices/virtio_mmio.h).
 *
 * What the driver may do and what happens when it does not:
 *   - The registers below the configuration space take aligned 32-bit
 *     accesses only (4.2.2.2: "The driver MUST only use 32 bit wide and
 *     aligned reads and writes").  A narrower one reads 0 and writes
 *     nothing; it is counted and logged, as QEMU does.
 *   - The queue's size and addresses may change only while it is not
 *     ready (4.2.2.2); a write while ready is refused and logged.
 *   - A kick of a queue that does not exist or is not ready is refused
 *     and logged.
 *   - Setting QueueReady checks the queue's layout (devices/virtqueue.c);
 *     a bad one marks the device broken until reset, like a bad chain.
 *   - FEATURES_OK sticks only when the driver accepted VERSION_1 and
 *     nothing the device did not offer (3.1.1: the driver reads Status
 *     back to see).
 *   - Writing 0 to Status resets the device: the device forgets its
 *     buffers first, then every register goes back to its power-on value.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/virtio_mmio.h"

struct mmio_queue {
	struct virtq vq;
	bool ready;
};

struct virtio_mmio {
	const struct virtio_dev_ops *ops;
	void *dev;
	const struct guest_mem *mem;
	virtio_log_fn log;
	void *log_opaque;
	void (*set_irq)(void *opaque, int level);
	void *irq_opaque;
	int irq_level;

	uint32_t device_features_sel;
	uint32_t driver_features_sel;
	uint64_t driver_features;
	uint32_t queue_sel;
	struct mmio_queue queues[VIRTIO_MMIO_MAX_QUEUES];
	uint32_t status;
	uint32_t interrupt_status;
	uint32_t config_generation;
	char broken_why[VIRTQ_WHY_LEN + 64];
	struct virtio_mmio_counters counters;
};

static void say(struct virtio_mmio *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct virtio_mmio *t, const char *fmt, ...)
{
	char msg[VIRTQ_WHY_LEN + 96];
	int n = snprintf(msg, sizeof(msg), "%s: ", t->ops->name);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	if (t->log)
		t->log(t->log_opaque, msg);
}

static void update_irq(struct virtio_mmio *t)
{
	int level = t->interrupt_status != 0;

	if (level == t->irq_level)
		return;
	t->irq_level = level;
	if (level)
		t->counters.interrupts++;
	if (t->set_irq)
		t->set_irq(t->irq_opaque, level);
}

static struct mmio_queue *selected(struct virtio_mmio *t)
{
	return t->queue_sel < t->ops->nqueues ? &t->queues[t->queue_sel] : NULL;
}

static void queues_power_on(struct virtio_mmio *t)
{
	unsigned q;

	for (q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++)
		t->queues[q] = (struct mmio_queue){
			.vq = { .mem = t->mem, .size = t->ops->queue_max },
		};
}

/* Status 0: the device first, so it lets go of guest buffers while the
 * queues it used are still described; then the registers. */
static void reset_device(struct virtio_mmio *t)
{
	if (t->ops->reset)
		t->ops->reset(t->dev);
	t->device_features_sel = t->driver_features_sel = 0;
	t->driver_features = 0;
	t->queue_sel = 0;
	queues_power_on(t);
	t->status = 0;
	t->interrupt_status = 0;
	t->broken_why[0] = '\0';
	update_irq(t);
}

/* --- reads --------------------------------------------------------- */

static uint32_t device_features(const struct virtio_mmio *t)
{
	if (t->device_features_sel > 1)
		return 0;
	return (uint32_t)(t->ops->features >> (32 * t->device_features_sel));
}

static uint32_t queue_num_max(struct virtio_mmio *t)
{
	return selected(t) ? t->ops->queue_max : 0;
}

static uint32_t queue_ready(struct virtio_mmio *t)
{
	struct mmio_queue *mq = selected(t);

	return mq && mq->ready;
}

static uint32_t reg_read(struct virtio_mmio *t, uint64_t reg)
{
	switch (reg) {
	case VIRTIO_MMIO_MAGIC_VALUE:       return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION:           return 2;
	case VIRTIO_MMIO_DEVICE_ID:         return t->ops->device_id;
	case VIRTIO_MMIO_VENDOR_ID:         return VIRTIO_MMIO_VENDOR;
	case VIRTIO_MMIO_DEVICE_FEATURES:   return device_features(t);
	case VIRTIO_MMIO_QUEUE_NUM_MAX:     return queue_num_max(t);
	case VIRTIO_MMIO_QUEUE_READY:       return queue_ready(t);
	case VIRTIO_MMIO_INTERRUPT_STATUS:  return t->interrupt_status;
	case VIRTIO_MMIO_STATUS:            return t->status;
	case VIRTIO_MMIO_CONFIG_GENERATION: return t->config_generation;
	default:
		t->counters.bad_accesses++;
		say(t, "read of register 0x%03llx, which is not readable",
		    (unsigned long long)reg);
		return 0;
	}
}

/* --- writes -------------------------------------------------------- */

static void write_driver_features(struct virtio_mmio *t, uint32_t v)
{
	unsigned shift = 32 * t->driver_features_sel;

	if (t->status & VIRTIO_STATUS_FEATURES_OK) {
		t->counters.bad_accesses++;
		say(t, "driver features written after FEATURES_OK: refused");
		return;
	}
	if (t->driver_features_sel > 1)
		return;
	t->driver_features &= ~(0xffffffffULL << shift);
	t->driver_features |= (uint64_t)v << shift;
}

/* The queue registers that describe a queue: only while it is not ready. */
static void write_queue_field(struct virtio_mmio *t, uint64_t reg, uint32_t v)
{
	struct mmio_queue *mq = selected(t);
	uint64_t *addr;

	if (!mq || mq->ready) {
		t->counters.bad_accesses++;
		say(t, "queue register 0x%03llx written for queue %u, which "
		    "%s: refused", (unsigned long long)reg, t->queue_sel,
		    mq ? "is ready" : "does not exist");
		return;
	}
	if (reg == VIRTIO_MMIO_QUEUE_NUM) {
		mq->vq.size = (uint16_t)(v > 0xffff ? 0 : v);
		return;
	}
	addr = reg < VIRTIO_MMIO_QUEUE_DRIVER_LOW ? &mq->vq.desc :
	       reg < VIRTIO_MMIO_QUEUE_DEVICE_LOW ? &mq->vq.avail :
	       &mq->vq.used;
	if (reg & 4)
		*addr = (*addr & 0xffffffffULL) | (uint64_t)v << 32;
	else
		*addr = (*addr & ~0xffffffffULL) | v;
}

static void write_queue_ready(struct virtio_mmio *t, uint32_t v)
{
	struct mmio_queue *mq = selected(t);
	char why[VIRTQ_WHY_LEN], msg[VIRTQ_WHY_LEN + 32];

	if (!mq) {
		t->counters.bad_accesses++;
		say(t, "QueueReady written for queue %u, which does not "
		    "exist: refused", t->queue_sel);
		return;
	}
	if (!(v & 1)) {
		mq->ready = false;
		return;
	}
	if (virtq_check_layout(&mq->vq, t->ops->queue_max, why, sizeof(why))) {
		snprintf(msg, sizeof(msg), "queue %u: %s", t->queue_sel, why);
		virtio_mmio_fail(t, msg);
		return;
	}
	mq->vq.indirect = virtio_mmio_has_feature(t, VIRTIO_F_INDIRECT_DESC);
	mq->vq.event_idx = virtio_mmio_has_feature(t, VIRTIO_F_EVENT_IDX);
	virtq_restart(&mq->vq);
	mq->ready = true;
}

static void write_queue_notify(struct virtio_mmio *t, uint32_t q)
{
	if (q >= t->ops->nqueues || !t->queues[q].ready) {
		t->counters.bad_accesses++;
		say(t, "kick of queue %u, which %s: ignored", q,
		    q >= t->ops->nqueues ? "does not exist" : "is not ready");
		return;
	}
	t->counters.kicks++;
	if (virtio_mmio_queue(t, q) && t->ops->notify)
		t->ops->notify(t->dev, q);
}

static bool features_acceptable(const struct virtio_mmio *t)
{
	return (t->driver_features & ~t->ops->features) == 0 &&
	       virtio_mmio_has_feature(t, VIRTIO_F_VERSION_1);
}

static void write_status(struct virtio_mmio *t, uint32_t v)
{
	uint32_t was = t->status;

	if (v == 0) {
		reset_device(t);
		return;
	}
	v |= was & VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	if ((v & VIRTIO_STATUS_FEATURES_OK) && !(was & VIRTIO_STATUS_FEATURES_OK)
	    && !features_acceptable(t)) {
		say(t, "driver features 0x%llx refused (VERSION_1 missing or "
		    "a feature not offered)",
		    (unsigned long long)t->driver_features);
		v &= ~VIRTIO_STATUS_FEATURES_OK;
	}
	t->status = v;
	if ((v & VIRTIO_STATUS_DRIVER_OK) && !(was & VIRTIO_STATUS_DRIVER_OK)
	    && t->ops->driver_ok && !virtio_mmio_broken(t))
		t->ops->driver_ok(t->dev);
}

static void reg_write(struct virtio_mmio *t, uint64_t reg, uint32_t v)
{
	switch (reg) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL: t->device_features_sel = v; break;
	case VIRTIO_MMIO_DRIVER_FEATURES:     write_driver_features(t, v); break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL: t->driver_features_sel = v; break;
	case VIRTIO_MMIO_QUEUE_SEL:           t->queue_sel = v; break;
	case VIRTIO_MMIO_QUEUE_NUM:
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:   write_queue_field(t, reg, v); break;
	case VIRTIO_MMIO_QUEUE_READY:         write_queue_ready(t, v); break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:        write_queue_notify(t, v); break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		t->interrupt_status &= ~v;
		update_irq(t);
		break;
	case VIRTIO_MMIO_STATUS:              write_status(t, v); break;
	default:
		t->counters.bad_accesses++;
		say(t, "write of register 0x%03llx, which is not writable",
		    (unsigned long long)reg);
	}
}

static void access_unlocked(struct virtio_mmio *t, uint64_t offset,
			    unsigned size, bool is_write, uint64_t *data)
{
	if (offset >= VIRTIO_MMIO_CONFIG) {
		if (is_write)
			say(t, "write to the configuration space: ignored "
			    "(it is read-only)");
		else
			*data = t->ops->config_read(t->dev,
						    offset - VIRTIO_MMIO_CONFIG,
						    size);
		return;
	}
	if (size != 4 || offset % 4) {
		t->counters.bad_accesses++;
		say(t, "%u-bit %s of register 0x%03llx: the registers take "
		    "aligned 32-bit accesses only", 8 * size,
		    is_write ? "write" : "read", (unsigned long long)offset);
		if (!is_write)
			*data = 0;
		return;
	}
	if (is_write)
		reg_write(t, offset, (uint32_t)*data);
	else
		*data = reg_read(t, offset);
}

/* Queue q can be worked on, the status being `status`: it exists, the
 * driver made it ready, DRIVER_OK is set and the device is not broken. */
static bool queue_live(const struct virtio_mmio *t, uint64_t q,
		       uint32_t status)
{
	return q < t->ops->nqueues && t->queues[q].ready &&
	       (status & VIRTIO_STATUS_DRIVER_OK) &&
	       !(status & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

/*
 * A 32-bit write to QueueNotify the device takes without its lock
 * (ops->kick_unlocked): only a kick the locked path would pass to
 * ops->notify (the queue ready, DRIVER_OK, the device not broken), so the
 * kicks a device counts are the same with or without a worker.  Only this
 * thread writes QueueReady, Status and the kick counter, so they are read
 * here without the lock - except DEVICE_NEEDS_RESET, which the device's
 * thread may set (virtio_mmio_fail(), under the lock): read atomically, a
 * read that just misses it costs one kick counted and one wake of a
 * worker that then finds the device broken.
 */
static bool kick_unlocked(struct virtio_mmio *t, uint64_t offset,
			  unsigned size, bool is_write, uint64_t q)
{
	uint32_t status = __atomic_load_n(&t->status, __ATOMIC_RELAXED);

	if (!is_write || offset != VIRTIO_MMIO_QUEUE_NOTIFY || size != 4 ||
	    !t->ops->kick_unlocked || !queue_live(t, q, status) ||
	    !t->ops->kick_unlocked(t->dev, (unsigned)q))
		return false;
	t->counters.kicks++;
	return true;
}

static void mmio_access(void *opaque, uint64_t offset, unsigned size,
			bool is_write, uint64_t *data)
{
	struct virtio_mmio *t = opaque;

	if (kick_unlocked(t, offset, size, is_write, *data))
		return;
	if (t->ops->lock)
		t->ops->lock(t->dev);
	access_unlocked(t, offset, size, is_write, data);
	if (t->ops->unlock)
		t->ops->unlock(t->dev);
}

/* --- the device's side --------------------------------------------- */

struct virtq *virtio_mmio_queue(struct virtio_mmio *t, unsigned q)
{
	if (!queue_live(t, q, t->status))
		return NULL;
	return &t->queues[q].vq;
}

bool virtio_mmio_has_feature(const struct virtio_mmio *t, unsigned bit)
{
	return t->driver_features & (1ULL << bit);
}

void virtio_mmio_interrupt(struct virtio_mmio *t)
{
	t->interrupt_status |= VIRTIO_MMIO_INT_VRING;
	update_irq(t);
}

void virtio_mmio_fail(struct virtio_mmio *t, const char *why)
{
	if (virtio_mmio_broken(t))
		return;
	/* Said before the driver can see it: its next step cannot come
	 * first in the log. */
	say(t, "broken until reset: %s", why);
	snprintf(t->broken_why, sizeof(t->broken_why), "%s", why);
	/* Atomic: kick_unlocked() reads it without the lock. */
	__atomic_fetch_or(&t->status, VIRTIO_STATUS_DEVICE_NEEDS_RESET,
			  __ATOMIC_RELAXED);
	t->counters.failures++;
	t->config_generation++;
	t->interrupt_status |= VIRTIO_MMIO_INT_CONFIG;
	update_irq(t);
}

bool virtio_mmio_broken(const struct virtio_mmio *t)
{
	return t->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET;
}

const char *virtio_mmio_broken_why(const struct virtio_mmio *t)
{
	return t->broken_why;
}

uint32_t virtio_mmio_status(const struct virtio_mmio *t)
{
	return t->status;
}

const struct virtio_mmio_counters *
virtio_mmio_counters(const struct virtio_mmio *t)
{
	return &t->counters;
}

/* --- life cycle ---------------------------------------------------- */

int virtio_mmio_init(struct virtio_mmio **out, struct bus *bus, uint64_t base,
		     const struct guest_mem *mem,
		     const struct virtio_dev_ops *ops, void *dev,
		     virtio_log_fn log, void *log_opaque)
{
	struct virtio_mmio *t;
	int err;

	*out = NULL;
	if (ops->nqueues > VIRTIO_MMIO_MAX_QUEUES ||
	    ops->queue_max > VIRTQ_MAX_SIZE || !ops->config_read)
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	*t = (struct virtio_mmio){ .ops = ops, .dev = dev, .mem = mem,
				   .log = log, .log_opaque = log_opaque };
	queues_power_on(t);
	err = bus_register_mmio(bus, base, VIRTIO_MMIO_WINDOW_SIZE, ops->name,
				mmio_access, t);
	if (err) {
		free(t);
		return err;
	}
	*out = t;
	return 0;
}

void virtio_mmio_free(struct virtio_mmio *t)
{
	free(t);
}

void virtio_mmio_set_irq(struct virtio_mmio *t,
			 void (*set_irq)(void *opaque, int level),
			 void *opaque)
{
	t->set_irq = set_irq;
	t->irq_opaque = opaque;
}

void virtio_mmio_reset(struct virtio_mmio *t)
{
	reset_device(t);
	t->config_generation = 0;
}
