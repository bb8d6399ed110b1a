/*
 * tests/unit/test_virtio_mmio.c - the virtio-MMIO transport through a real
 * bus, with a fake device behind it: the identity registers, feature
 * negotiation, queue set-up, what is refused (narrow accesses, queue
 * registers changed while ready, a kick of a queue that does not exist),
 * the device marked broken until reset, interrupts and their ACK.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/bus.h"
#include "core/memory.h"
#include "devices/virtio_mmio.h"

#define BASE 0xd0001000ULL
#define RAM  (4ULL << 20)

struct fixture {
	struct bus bus;
	struct guest_mem mem;
	struct virtio_mmio *t;
	char log[256];
	unsigned logs;
	unsigned notified[VIRTIO_MMIO_MAX_QUEUES];
	unsigned driver_oks, resets;
	int irq;
};

static uint64_t fake_config(void *dev, uint64_t offset, unsigned size)
{
	static const uint8_t cfg[8] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	uint64_t v = 0;

	(void)dev;
	if (offset + size <= sizeof(cfg))
		memcpy(&v, cfg + offset, size);
	return v;
}

static void fake_notify(void *dev, unsigned q)
{
	struct fixture *f = dev;

	f->notified[q]++;
}

static void fake_driver_ok(void *dev)
{
	struct fixture *f = dev;

	f->driver_oks++;
}

static void fake_reset(void *dev)
{
	struct fixture *f = dev;

	f->resets++;
}

static const struct virtio_dev_ops fake_ops = {
	.name = "fake",
	.device_id = 1,
	.features = 1ULL << VIRTIO_F_VERSION_1 | 1ULL << VIRTIO_F_EVENT_IDX |
		    1ULL << 5,
	.nqueues = 2,
	.queue_max = 8,
	.config_read = fake_config,
	.notify = fake_notify,
	.driver_ok = fake_driver_ok,
	.reset = fake_reset,
};

static void record_log(void *opaque, const char *msg)
{
	struct fixture *f = opaque;

	snprintf(f->log, sizeof(f->log), "%s", msg);
	f->logs++;
}

static void record_irq(void *opaque, int level)
{
	struct fixture *f = opaque;

	f->irq = level;
}

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	bus_init(&f.bus);
	if (guest_mem_init(&f.mem, RAM))
		return -1;
	*state = &f;
	if (virtio_mmio_init(&f.t, &f.bus, BASE, &f.mem, &fake_ops, &f,
			     record_log, &f))
		return -1;
	virtio_mmio_set_irq(f.t, record_irq, &f);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	virtio_mmio_free(f->t);
	guest_mem_destroy(&f->mem);
	return 0;
}

static void wr(struct fixture *f, uint64_t reg, unsigned size, uint64_t v)
{
	assert_non_null(bus_mmio_access(&f->bus, BASE + reg, size, true, &v));
}

static uint64_t rd(struct fixture *f, uint64_t reg, unsigned size)
{
	uint64_t v = 0;

	assert_non_null(bus_mmio_access(&f->bus, BASE + reg, size, false, &v));
	return v;
}

static void w32(struct fixture *f, uint64_t reg, uint32_t v)
{
	wr(f, reg, 4, v);
}

static uint32_t r32(struct fixture *f, uint64_t reg)
{
	return (uint32_t)rd(f, reg, 4);
}

/* The driver's start-up (3.1.1) up to FEATURES_OK, accepting features. */
static void negotiate(struct fixture *f, uint64_t features)
{
	w32(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	w32(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	    VIRTIO_STATUS_DRIVER);
	w32(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	w32(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	w32(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	w32(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	w32(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
	    VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
}

static void setup_queue(struct fixture *f, unsigned q, uint32_t num,
			uint64_t desc)
{
	w32(f, VIRTIO_MMIO_QUEUE_SEL, q);
	w32(f, VIRTIO_MMIO_QUEUE_NUM, num);
	w32(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	w32(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	w32(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)desc + 0x1000);
	w32(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)desc + 0x2000);
	w32(f, VIRTIO_MMIO_QUEUE_READY, 1);
}

#define VERSION_1 (1ULL << VIRTIO_F_VERSION_1)
#define DRIVER_UP (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | \
		   VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK)

/* Negotiated, queue 0 set up at 0x10000, DRIVER_OK. */
static void bring_up(struct fixture *f)
{
	negotiate(f, VERSION_1);
	setup_queue(f, 0, 8, 0x10000);
	w32(f, VIRTIO_MMIO_STATUS, DRIVER_UP);
}

static void test_identity(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(r32(f, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(r32(f, VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(r32(f, VIRTIO_MMIO_DEVICE_ID), 1);
	assert_int_equal(r32(f, VIRTIO_MMIO_VENDOR_ID), VIRTIO_MMIO_VENDOR);
	assert_int_equal(r32(f, VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(f->logs, 0);
}

static void test_device_features_by_select(void **state)
{
	struct fixture *f = *state;

	w32(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(r32(f, VIRTIO_MMIO_DEVICE_FEATURES),
			 1u << VIRTIO_F_EVENT_IDX | 1u << 5);
	w32(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(r32(f, VIRTIO_MMIO_DEVICE_FEATURES), 1);
	w32(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	assert_int_equal(r32(f, VIRTIO_MMIO_DEVICE_FEATURES), 0);
}

static void test_features_ok(void **state)
{
	struct fixture *f = *state;

	negotiate(f, VERSION_1 | 1ULL << VIRTIO_F_EVENT_IDX);
	assert_true(r32(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
	assert_true(virtio_mmio_has_feature(f->t, VIRTIO_F_EVENT_IDX));
}

static void test_features_without_version_1(void **state)
{
	struct fixture *f = *state;

	negotiate(f, 1ULL << 5);
	assert_false(r32(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
	assert_string_equal(f->log, "fake: driver features 0x20 refused "
			    "(VERSION_1 missing or a feature not offered)");
}

static void test_feature_not_offered(void **state)
{
	struct fixture *f = *state;

	negotiate(f, VERSION_1 | 1ULL << VIRTIO_F_INDIRECT_DESC);
	assert_false(r32(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
}

static void test_features_after_features_ok(void **state)
{
	struct fixture *f = *state;

	negotiate(f, VERSION_1);
	w32(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	w32(f, VIRTIO_MMIO_DRIVER_FEATURES, 1u << VIRTIO_F_EVENT_IDX);
	assert_false(virtio_mmio_has_feature(f->t, VIRTIO_F_EVENT_IDX));
	assert_string_equal(f->log, "fake: driver features written after "
			    "FEATURES_OK: refused");
}

static void test_byte_read_of_status(void **state)
{
	struct fixture *f = *state;

	w32(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS, 1), 0);
	assert_string_equal(f->log, "fake: 8-bit read of register 0x070: the "
			    "registers take aligned 32-bit accesses only");
	assert_int_equal(virtio_mmio_counters(f->t)->bad_accesses, 1);
}

static void test_word_write_of_queue_sel(void **state)
{
	struct fixture *f = *state;

	wr(f, VIRTIO_MMIO_QUEUE_SEL, 2, 1);
	assert_string_equal(f->log, "fake: 16-bit write of register 0x030: "
			    "the registers take aligned 32-bit accesses only");
	/* Still queue 0: its maximum, and queue 5's is 0. */
	assert_int_equal(r32(f, VIRTIO_MMIO_QUEUE_NUM_MAX), 8);
	w32(f, VIRTIO_MMIO_QUEUE_SEL, 5);
	assert_int_equal(r32(f, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
}

static void test_unaligned_access(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS + 2, 4), 0);
	assert_int_equal(virtio_mmio_counters(f->t)->bad_accesses, 1);
}

static void test_read_only_register_written(void **state)
{
	struct fixture *f = *state;

	w32(f, VIRTIO_MMIO_MAGIC_VALUE, 0);
	assert_string_equal(f->log, "fake: write of register 0x000, which is "
			    "not writable");
	assert_int_equal(r32(f, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
}

static void test_config_any_width(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(rd(f, VIRTIO_MMIO_CONFIG, 1), 0x52);
	assert_int_equal(rd(f, VIRTIO_MMIO_CONFIG + 4, 2), 0x5634);
	assert_int_equal(rd(f, VIRTIO_MMIO_CONFIG, 4), 0x12005452);
	assert_int_equal(f->logs, 0);
}

static void test_queue_set_up(void **state)
{
	struct fixture *f = *state;
	struct virtq *vq;

	bring_up(f);
	assert_int_equal(r32(f, VIRTIO_MMIO_STATUS), DRIVER_UP);
	assert_int_equal(f->driver_oks, 1);
	w32(f, VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(r32(f, VIRTIO_MMIO_QUEUE_READY), 1);
	vq = virtio_mmio_queue(f->t, 0);
	assert_non_null(vq);
	assert_int_equal(vq->size, 8);
	assert_int_equal(vq->desc, 0x10000);
	assert_int_equal(vq->avail, 0x11000);
	assert_int_equal(vq->used, 0x12000);
	assert_null(virtio_mmio_queue(f->t, 1));   /* never made ready */
	assert_int_equal(f->logs, 0);
}

static void test_queue_registers_while_ready(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	w32(f, VIRTIO_MMIO_QUEUE_SEL, 0);
	w32(f, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x20000);
	assert_string_equal(f->log, "fake: queue register 0x080 written for "
			    "queue 0, which is ready: refused");
	w32(f, VIRTIO_MMIO_QUEUE_NUM, 4);
	assert_int_equal(virtio_mmio_queue(f->t, 0)->desc, 0x10000);
	assert_int_equal(virtio_mmio_queue(f->t, 0)->size, 8);
	assert_int_equal(virtio_mmio_counters(f->t)->bad_accesses, 2);
	/* Not ready any more: now it may change. */
	w32(f, VIRTIO_MMIO_QUEUE_READY, 0);
	w32(f, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x20000);
	assert_int_equal(virtio_mmio_counters(f->t)->bad_accesses, 2);
}

static void test_kick(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	w32(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(f->notified[0], 1);
	assert_int_equal(virtio_mmio_counters(f->t)->kicks, 1);
}

static void test_kick_of_missing_queue(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	w32(f, VIRTIO_MMIO_QUEUE_NOTIFY, 7);
	assert_string_equal(f->log, "fake: kick of queue 7, which does not "
			    "exist: ignored");
	w32(f, VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_string_equal(f->log, "fake: kick of queue 1, which is not "
			    "ready: ignored");
	assert_int_equal(f->notified[0] + f->notified[1], 0);
	assert_int_equal(virtio_mmio_counters(f->t)->kicks, 0);
}

static void expect_broken(struct fixture *f, const char *log)
{
	assert_true(virtio_mmio_broken(f->t));
	assert_true(r32(f, VIRTIO_MMIO_STATUS) &
		    VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_int_equal(r32(f, VIRTIO_MMIO_INTERRUPT_STATUS),
			 VIRTIO_MMIO_INT_CONFIG);
	assert_int_equal(f->irq, 1);
	assert_string_equal(f->log, log);
	assert_null(virtio_mmio_queue(f->t, 0));
}

static void test_bad_layout_breaks_device(void **state)
{
	struct fixture *f = *state;

	negotiate(f, VERSION_1);
	setup_queue(f, 0, 6, 0x10000);
	expect_broken(f, "fake: broken until reset: queue 0: queue size 6 is "
		      "not a power of two from 1 to 8");
	w32(f, VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(r32(f, VIRTIO_MMIO_QUEUE_READY), 0);
}

/* Broken: kicks do not reach the device; a reset recovers all of it. */
static void test_broken_until_reset(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	virtio_mmio_fail(f->t, "descriptor 4 comes twice in one chain (a loop)");
	expect_broken(f, "fake: broken until reset: descriptor 4 comes twice "
		      "in one chain (a loop)");
	assert_string_equal(virtio_mmio_broken_why(f->t),
			    "descriptor 4 comes twice in one chain (a loop)");
	w32(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(f->notified[0], 0);
	/* A status write without 0 keeps the bit: only a reset clears it. */
	w32(f, VIRTIO_MMIO_STATUS, DRIVER_UP);
	assert_true(virtio_mmio_broken(f->t));

	w32(f, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(f->resets, 1);
	assert_false(virtio_mmio_broken(f->t));
	assert_int_equal(r32(f, VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(r32(f, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_int_equal(f->irq, 0);
	bring_up(f);
	assert_non_null(virtio_mmio_queue(f->t, 0));
	assert_int_equal(virtio_mmio_counters(f->t)->failures, 1);
}

static void test_reset_clears_queues(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	w32(f, VIRTIO_MMIO_STATUS, 0);
	w32(f, VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(r32(f, VIRTIO_MMIO_QUEUE_READY), 0);
	assert_false(virtio_mmio_has_feature(f->t, VIRTIO_F_VERSION_1));
	assert_null(virtio_mmio_queue(f->t, 0));
}

static void test_interrupt_and_ack(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	virtio_mmio_interrupt(f->t);
	assert_int_equal(f->irq, 1);
	assert_int_equal(r32(f, VIRTIO_MMIO_INTERRUPT_STATUS),
			 VIRTIO_MMIO_INT_VRING);
	w32(f, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	assert_int_equal(f->irq, 0);
	assert_int_equal(virtio_mmio_counters(f->t)->interrupts, 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_identity),
		T(test_device_features_by_select),
		T(test_features_ok),
		T(test_features_without_version_1),
		T(test_feature_not_offered),
		T(test_features_after_features_ok),
		T(test_byte_read_of_status),
		T(test_word_write_of_queue_sel),
		T(test_unaligned_access),
		T(test_read_only_register_written),
		T(test_config_any_width),
		T(test_queue_set_up),
		T(test_queue_registers_while_ready),
		T(test_kick),
		T(test_kick_of_missing_queue),
		T(test_bad_layout_breaks_device),
		T(test_broken_until_reset),
		T(test_reset_clears_queues),
		T(test_interrupt_and_ack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
