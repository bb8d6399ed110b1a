/*
 * devices/virtio_mmio.h - the virtio-MMIO transport (virtio 1.2, section
 * 4.2, the version 2 register layout): how a driver finds a virtio device
 * in a window of MMIO, negotiates features, sets up its queues, kicks it
 * and is interrupted by it.
 *
 * The transport knows nothing of networks: a device (devices/virtio_net.c)
 * plugs in with a struct virtio_dev_ops and gets kicks, DRIVER_OK and
 * resets; it asks the transport for its queues and raises interrupts
 * through it.  When the driver breaks a rule the device cannot live with
 * (a bad chain, a bad queue layout), virtio_mmio_fail() marks the device
 * broken until the driver resets it: Status gets DEVICE_NEEDS_RESET, the
 * driver is told by a configuration-change interrupt, and no queue is
 * touched until the driver writes 0 to Status (as QEMU's virtio_error()).
 * The VMM and the other devices go on.
 *
 * Threading: register accesses come from the vCPU thread, inside the
 * device's lock when it has one (ops->lock); the device's side (queues,
 * interrupts, failures) from whichever thread holds that lock.
 */
#ifndef DEVICES_VIRTIO_MMIO_H
#define DEVICES_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "core/bus.h"
#include "core/memory.h"
#include "devices/virtqueue.h"

#define VIRTIO_MMIO_MAX_QUEUES 2

/* What a device behind the transport provides. */
struct virtio_dev_ops {
	const char *name;        /* "virtio-net", for the reasons logged */
	uint32_t device_id;
	uint64_t features;       /* offered; VIRTIO_F_VERSION_1 is required */
	unsigned nqueues;        /* <= VIRTIO_MMIO_MAX_QUEUES */
	unsigned queue_max;      /* <= VIRTQ_MAX_SIZE */
	/* A read of the device's configuration at offset (any width). */
	uint64_t (*config_read)(void *dev, uint64_t offset, unsigned size);
	/* The driver kicked queue q (ready, device not broken). */
	void (*notify)(void *dev, unsigned q);
	/* Status reached DRIVER_OK: the queues are set up. */
	void (*driver_ok)(void *dev);
	/* The driver reset the device: forget every buffer in flight. */
	void (*reset)(void *dev);
	/* Optional: held around every register access, for a device whose
	 * queues another thread works on (the vhost-style worker). */
	void (*lock)(void *dev);
	void (*unlock)(void *dev);
	/* Optional, with lock: a kick of ready queue q the device takes
	 * without its lock (true: taken), for a queue another thread works
	 * on, which may hold the lock for a whole batch.  Called on the
	 * vCPU thread, only where notify would be (DRIVER_OK, not broken);
	 * a break the device's thread makes meanwhile is seen when it
	 * works on the queue, as for a kick that came by ioeventfd. */
	bool (*kick_unlocked)(void *dev, unsigned q);
};

/* What the transport saw the driver do wrong (counted, not fatal). */
struct virtio_mmio_counters {
	uint64_t kicks;           /* QueueNotify of a ready queue */
	uint64_t bad_accesses;    /* narrow register accesses, writes to
				     read-only registers and the like */
	uint64_t interrupts;      /* edges raised */
	uint64_t failures;        /* times the device was marked broken */
};

struct virtio_mmio;

typedef void (*virtio_log_fn)(void *opaque, const char *msg);

/*
 * Claim [base, base + VIRTIO_MMIO_WINDOW_SIZE) on bus for the device.  log
 * gets every refused access and every failure, as a line of text.  0,
 * -EINVAL, -ENOMEM or the bus's error; nothing left allocated on failure.
 */
int virtio_mmio_init(struct virtio_mmio **out, struct bus *bus, uint64_t base,
		     const struct guest_mem *mem,
		     const struct virtio_dev_ops *ops, void *dev,
		     virtio_log_fn log, void *log_opaque);
/* NULL is allowed.  The bus must not route accesses to it any more. */
void virtio_mmio_free(struct virtio_mmio *t);
/* The interrupt line (a PIC input): level follows InterruptStatus. */
void virtio_mmio_set_irq(struct virtio_mmio *t,
			 void (*set_irq)(void *opaque, int level),
			 void *opaque);
/* Power-on state (a machine reset): as a driver's reset. */
void virtio_mmio_reset(struct virtio_mmio *t);

/* The device's side.  Queue q, or NULL while it is not ready or the
 * device is broken or not yet DRIVER_OK. */
struct virtq *virtio_mmio_queue(struct virtio_mmio *t, unsigned q);
/* Did the driver accept feature bit? */
bool virtio_mmio_has_feature(const struct virtio_mmio *t, unsigned bit);
/* A used ring changed and the driver wants to hear of it. */
void virtio_mmio_interrupt(struct virtio_mmio *t);
/* Broken until reset, with why (formatted into the log as
 * "NAME: broken until reset: WHY"). */
void virtio_mmio_fail(struct virtio_mmio *t, const char *why);
bool virtio_mmio_broken(const struct virtio_mmio *t);
const char *virtio_mmio_broken_why(const struct virtio_mmio *t);
uint32_t virtio_mmio_status(const struct virtio_mmio *t);
const struct virtio_mmio_counters *
virtio_mmio_counters(const struct virtio_mmio *t);

#endif /* DEVICES_VIRTIO_MMIO_H */
