/*
 * tests/unit/test_virtqueue.c - the split virtqueue walker: a queue of 8
 * in 4 MiB of RAM, chains written the way a driver writes them, and one
 * test per rule the walker enforces (devices/virtqueue.c), each asserting
 * the reason it gives.  Then the used ring and notification suppression.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/memory.h"
#include "devices/virtqueue.h"
#include "tests/unit/support/guest_ram.h"

#define QSIZE  8
#define DESC   0x10000ULL
#define AVAIL  0x11000ULL
#define USED   0x12000ULL
#define BUF    0x20000ULL    /* buffers from here, 4 KiB apart */
#define TABLE  0x30000ULL    /* an indirect table */
#define RAM    (4ULL << 20)

struct fixture {
	struct guest_mem mem;
	struct virtq vq;
	struct virtq_chain chain;
	char why[VIRTQ_WHY_LEN];
	uint16_t offered;
};

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	if (guest_mem_init(&f.mem, RAM))
		return -1;
	f.vq = (struct virtq){ .mem = &f.mem, .size = QSIZE, .desc = DESC,
			       .avail = AVAIL, .used = USED };
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	guest_mem_destroy(&f->mem);
	return 0;
}

/* Descriptor i of the table at table. */
static void desc_at(struct fixture *f, uint64_t table, unsigned i,
		    uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	struct virtq_desc d = { addr, len, flags, next };

	assert_int_equal(guest_mem_write(&f->mem, table + 16 * i, &d,
					 sizeof(d)), 0);
}

static void desc(struct fixture *f, unsigned i, uint64_t addr, uint32_t len,
		 uint16_t flags, uint16_t next)
{
	desc_at(f, DESC, i, addr, len, flags, next);
}

/* The driver makes the chain at head available. */
static void offer(struct fixture *f, uint16_t head)
{
	ram_put16(&f->mem, AVAIL + 4 + 2 * (f->offered % QSIZE), head);
	f->offered++;
	ram_put16(&f->mem, AVAIL + 2, f->offered);
}

static int pop(struct fixture *f, enum virtq_expect expect)
{
	f->why[0] = '\0';
	return virtq_pop(&f->vq, expect, &f->chain, f->why, sizeof(f->why));
}

/* The chain at head is refused with exactly this reason. */
static void expect_refused(struct fixture *f, uint16_t head,
			   enum virtq_expect expect, const char *why)
{
	offer(f, head);
	assert_int_equal(pop(f, expect), -EPROTO);
	assert_string_equal(f->why, why);
	assert_int_equal(f->vq.last_avail, 0);
}

/* A chain of the one descriptor 0 is refused with this reason. */
static void refuse_one(struct fixture *f, uint64_t addr, uint32_t len,
		       uint16_t flags, enum virtq_expect expect,
		       const char *why)
{
	desc(f, 0, addr, len, flags, 0);
	expect_refused(f, 0, expect, why);
}

/* --- the layout the driver chose ----------------------------------- */

static void expect_layout(struct fixture *f, int ret, const char *why)
{
	f->why[0] = '\0';
	assert_int_equal(virtq_check_layout(&f->vq, QSIZE, f->why,
					    sizeof(f->why)), ret);
	assert_string_equal(f->why, why);
}

static void test_layout_ok(void **state)
{
	expect_layout(*state, 0, "");
}

static void test_size_not_power_of_two(void **state)
{
	struct fixture *f = *state;

	f->vq.size = 6;
	expect_layout(f, -EINVAL,
		      "queue size 6 is not a power of two from 1 to 8");
	f->vq.size = 0;
	expect_layout(f, -EINVAL,
		      "queue size 0 is not a power of two from 1 to 8");
}

static void test_size_above_max(void **state)
{
	struct fixture *f = *state;

	f->vq.size = 16;
	expect_layout(f, -EINVAL,
		      "queue size 16 is not a power of two from 1 to 8");
}

static void test_ring_misaligned(void **state)
{
	struct fixture *f = *state;

	f->vq.used = USED + 2;
	expect_layout(f, -EINVAL, "used ring at 0x12002 is not 4-byte aligned");
}

static void test_ring_past_ram(void **state)
{
	struct fixture *f = *state;

	f->vq.desc = RAM - 64;
	expect_layout(f, -EINVAL, "descriptor table at 0x3fffc0 (128 bytes) "
		      "is not inside RAM");
}

/* --- good chains --------------------------------------------------- */

static void test_empty_queue(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pop(f, VIRTQ_EXPECT_ANY), 0);
	assert_int_equal(virtq_pending(&f->vq), 0);
}

static void test_readable_then_writable(void **state)
{
	struct fixture *f = *state;

	desc(f, 2, BUF, 12, VIRTQ_DESC_F_NEXT, 5);
	desc(f, 5, BUF + 0x1000, 100, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE,
	     1);
	desc(f, 1, BUF + 0x2000, 4096, VIRTQ_DESC_F_WRITE, 0);
	offer(f, 2);
	assert_int_equal(virtq_pending(&f->vq), 1);
	assert_int_equal(pop(f, VIRTQ_EXPECT_ANY), 1);
	assert_int_equal(f->chain.head, 2);
	assert_int_equal(f->chain.n, 3);
	assert_int_equal(f->chain.nreadable, 1);
	assert_int_equal(f->chain.readable_len, 12);
	assert_int_equal(f->chain.writable_len, 4196);
	assert_int_equal(f->chain.bufs[2].gpa, BUF + 0x2000);
	assert_true(f->chain.bufs[2].writable);
	assert_int_equal(pop(f, VIRTQ_EXPECT_ANY), 0);
}

static void test_unpop_gives_it_again(void **state)
{
	struct fixture *f = *state;

	desc(f, 0, BUF, 64, VIRTQ_DESC_F_WRITE, 0);
	offer(f, 0);
	assert_int_equal(pop(f, VIRTQ_EXPECT_WRITABLE), 1);
	virtq_unpop(&f->vq);
	assert_int_equal(pop(f, VIRTQ_EXPECT_WRITABLE), 1);
	assert_int_equal(f->chain.head, 0);
}

static void test_indirect_table(void **state)
{
	struct fixture *f = *state;

	f->vq.indirect = true;
	desc_at(f, TABLE, 0, BUF, 12, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE,
		1);
	desc_at(f, TABLE, 1, BUF + 0x1000, 1500, VIRTQ_DESC_F_WRITE, 0);
	desc(f, 3, TABLE, 32, VIRTQ_DESC_F_INDIRECT, 0);
	offer(f, 3);
	assert_int_equal(pop(f, VIRTQ_EXPECT_WRITABLE), 1);
	assert_int_equal(f->chain.head, 3);
	assert_int_equal(f->chain.n, 2);
	assert_int_equal(f->chain.writable_len, 1512);
}

/* --- every rule ---------------------------------------------------- */

static void test_head_not_below_size(void **state)
{
	expect_refused(*state, 8, VIRTQ_EXPECT_ANY,
		       "descriptor index 8 is not below the queue size 8");
}

static void test_next_not_below_size(void **state)
{
	struct fixture *f = *state;

	desc(f, 0, BUF, 64, VIRTQ_DESC_F_NEXT, 300);
	expect_refused(f, 0, VIRTQ_EXPECT_ANY,
		       "descriptor index 300 is not below the queue size 8");
}

static void test_self_loop(void **state)
{
	struct fixture *f = *state;

	desc(f, 4, BUF, 64, VIRTQ_DESC_F_NEXT, 4);
	expect_refused(f, 4, VIRTQ_EXPECT_ANY,
		       "descriptor 4 comes twice in one chain (a loop)");
}

static void test_cycle(void **state)
{
	struct fixture *f = *state;

	desc(f, 0, BUF, 64, VIRTQ_DESC_F_NEXT, 1);
	desc(f, 1, BUF + 0x1000, 64, VIRTQ_DESC_F_NEXT, 2);
	desc(f, 2, BUF + 0x2000, 64, VIRTQ_DESC_F_NEXT, 0);
	expect_refused(f, 0, VIRTQ_EXPECT_ANY,
		       "descriptor 0 comes twice in one chain (a loop)");
}

/* Through an indirect table, the only way to give more descriptors than
 * the queue holds without a loop. */
static void test_chain_longer_than_queue(void **state)
{
	struct fixture *f = *state;

	f->vq.indirect = true;
	refuse_one(f, TABLE, 16 * (QSIZE + 1), VIRTQ_DESC_F_INDIRECT, VIRTQ_EXPECT_ANY,
		       "descriptor 0: indirect table longer than the queue");
}

static void test_length_zero(void **state)
{
	struct fixture *f = *state;

	refuse_one(f, BUF, 0, VIRTQ_DESC_F_WRITE, VIRTQ_EXPECT_ANY,
		       "descriptor 0: buffer of length 0");
}

static void test_length_all_ones(void **state)
{
	struct fixture *f = *state;

	refuse_one(f, BUF, 0xffffffff, VIRTQ_DESC_F_WRITE, VIRTQ_EXPECT_ANY,
		       "descriptor 0: buffer at 0x20000 + 4294967295 is past "
		       "the end of RAM");
}

static void test_address_wraps(void **state)
{
	struct fixture *f = *state;

	refuse_one(f, 0xfffffffffffff000ULL, 0x2000, VIRTQ_DESC_F_WRITE, VIRTQ_EXPECT_ANY,
		       "descriptor 0: buffer at 0xfffffffffffff000 + 8192 "
		       "wraps around");
}

static void test_past_ram(void **state)
{
	struct fixture *f = *state;

	refuse_one(f, RAM - 100, 101, VIRTQ_DESC_F_WRITE, VIRTQ_EXPECT_ANY,
		       "descriptor 0: buffer at 0x3fff9c + 101 is past the "
		       "end of RAM");
}

static void test_onto_used_ring(void **state)
{
	struct fixture *f = *state;

	refuse_one(f, USED - 8, 16, VIRTQ_DESC_F_WRITE, VIRTQ_EXPECT_WRITABLE,
		       "descriptor 0: buffer at 0x11ff8 + 16 lies on the "
		       "queue's own rings");
}

static void test_onto_descriptor_table(void **state)
{
	struct fixture *f = *state;

	refuse_one(f, DESC + 16 * QSIZE - 1, 1, 0, VIRTQ_EXPECT_ANY,
		       "descriptor 0: buffer at 0x1007f + 1 lies on the "
		       "queue's own rings");
}

static void test_readable_after_writable(void **state)
{
	struct fixture *f = *state;

	desc(f, 0, BUF, 64, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	desc(f, 1, BUF + 0x1000, 64, 0, 0);
	expect_refused(f, 0, VIRTQ_EXPECT_ANY,
		       "descriptor 1: readable buffer after a writable one");
}

static void test_readable_in_receive_chain(void **state)
{
	struct fixture *f = *state;

	refuse_one(f, BUF, 64, 0, VIRTQ_EXPECT_WRITABLE,
		       "descriptor 0: readable buffer in a chain the device "
		       "only writes (a receive queue)");
}

static void test_writable_in_transmit_chain(void **state)
{
	struct fixture *f = *state;

	refuse_one(f, BUF, 64, VIRTQ_DESC_F_WRITE, VIRTQ_EXPECT_READABLE,
		       "descriptor 0: writable buffer in a chain the device "
		       "only reads (a transmit queue)");
}

static void test_nested_indirect(void **state)
{
	struct fixture *f = *state;

	f->vq.indirect = true;
	desc_at(f, TABLE, 0, TABLE + 0x1000, 16, VIRTQ_DESC_F_INDIRECT, 0);
	desc(f, 0, TABLE, 16, VIRTQ_DESC_F_INDIRECT, 0);
	expect_refused(f, 0, VIRTQ_EXPECT_ANY,
		       "descriptor 0: INDIRECT inside an indirect table");
}

static void test_indirect_not_negotiated(void **state)
{
	struct fixture *f = *state;

	refuse_one(f, TABLE, 16, VIRTQ_DESC_F_INDIRECT, VIRTQ_EXPECT_ANY,
		       "descriptor 0: INDIRECT, but VIRTIO_F_INDIRECT_DESC "
		       "was not negotiated");
}

static void test_indirect_with_next(void **state)
{
	struct fixture *f = *state;

	f->vq.indirect = true;
	desc(f, 0, TABLE, 16, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 1);
	expect_refused(f, 0, VIRTQ_EXPECT_ANY,
		       "descriptor 0: INDIRECT together with NEXT");
}

static void test_indirect_not_at_head(void **state)
{
	struct fixture *f = *state;

	f->vq.indirect = true;
	desc(f, 0, BUF, 64, VIRTQ_DESC_F_NEXT, 1);
	desc(f, 1, TABLE, 16, VIRTQ_DESC_F_INDIRECT, 0);
	expect_refused(f, 0, VIRTQ_EXPECT_ANY,
		       "descriptor 1: INDIRECT anywhere but at the head of "
		       "a chain");
}

static void test_indirect_odd_length(void **state)
{
	struct fixture *f = *state;

	f->vq.indirect = true;
	refuse_one(f, TABLE, 24, VIRTQ_DESC_F_INDIRECT, VIRTQ_EXPECT_ANY,
		       "descriptor 0: indirect table length not a multiple "
		       "of 16");
}

static void test_indirect_loop(void **state)
{
	struct fixture *f = *state;

	f->vq.indirect = true;
	desc_at(f, TABLE, 0, BUF, 64, VIRTQ_DESC_F_NEXT, 1);
	desc_at(f, TABLE, 1, BUF, 64, VIRTQ_DESC_F_NEXT, 0);
	desc(f, 0, TABLE, 32, VIRTQ_DESC_F_INDIRECT, 0);
	expect_refused(f, 0, VIRTQ_EXPECT_ANY,
		       "descriptor 0 comes twice in one chain (a loop)");
}

/* Peeking takes nothing: the chains ahead, checked, then the pops take
 * them in order; a broken chain ahead is refused by the peek and again by
 * the pop that reaches it, with the same reason. */
static void test_peek_ahead(void **state)
{
	struct fixture *f = *state;

	desc(f, 0, BUF, 100, VIRTQ_DESC_F_WRITE, 0);
	desc(f, 1, BUF + 0x1000, 200, VIRTQ_DESC_F_WRITE, 0);
	desc(f, 2, BUF + 0x2000, 0, VIRTQ_DESC_F_WRITE, 0);
	offer(f, 0);
	offer(f, 1);
	offer(f, 2);
	assert_int_equal(virtq_peek(&f->vq, 1, VIRTQ_EXPECT_WRITABLE,
				    &f->chain, f->why, sizeof(f->why)), 1);
	assert_int_equal(f->chain.head, 1);
	assert_int_equal(f->chain.writable_len, 200);
	assert_int_equal(virtq_peek(&f->vq, 2, VIRTQ_EXPECT_WRITABLE,
				    &f->chain, f->why, sizeof(f->why)),
			 -EPROTO);
	assert_string_equal(f->why, "descriptor 2: buffer of length 0");
	assert_int_equal(virtq_peek(&f->vq, 3, VIRTQ_EXPECT_WRITABLE,
				    &f->chain, f->why, sizeof(f->why)), 0);
	assert_int_equal(f->vq.last_avail, 0);
	assert_int_equal(pop(f, VIRTQ_EXPECT_WRITABLE), 1);
	assert_int_equal(f->chain.head, 0);
	assert_int_equal(virtq_peek(&f->vq, 0, VIRTQ_EXPECT_WRITABLE,
				    &f->chain, f->why, sizeof(f->why)), 1);
	assert_int_equal(f->chain.head, 1);
	assert_int_equal(pop(f, VIRTQ_EXPECT_WRITABLE), 1);
	assert_int_equal(f->chain.head, 1);
	assert_int_equal(pop(f, VIRTQ_EXPECT_WRITABLE), -EPROTO);
	assert_string_equal(f->why, "descriptor 2: buffer of length 0");
	assert_int_equal(f->vq.last_avail, 2);
}

static void test_avail_jumps(void **state)
{
	struct fixture *f = *state;

	ram_put16(&f->mem, AVAIL + 2, QSIZE + 1);
	assert_int_equal(virtq_pending(&f->vq), 0);
	assert_int_equal(pop(f, VIRTQ_EXPECT_ANY), -EPROTO);
	assert_string_equal(f->why, "available index went from 0 to 9: more "
			    "than the queue size 8");
}

static void test_avail_goes_back(void **state)
{
	struct fixture *f = *state;

	desc(f, 0, BUF, 64, 0, 0);
	offer(f, 0);
	assert_int_equal(pop(f, VIRTQ_EXPECT_ANY), 1);
	ram_put16(&f->mem, AVAIL + 2, 0);
	assert_int_equal(pop(f, VIRTQ_EXPECT_ANY), -EPROTO);
	assert_string_equal(f->why, "available index went from 1 to 0: more "
			    "than the queue size 8");
}

/* --- the used ring and notifications -------------------------------- */

static void test_push_fills_used_ring(void **state)
{
	struct fixture *f = *state;

	virtq_push(&f->vq, 5, 1500);
	virtq_push(&f->vq, 2, 64);
	assert_int_equal(ram_get16(&f->mem, USED + 2), 2);
	assert_int_equal(ram_get32(&f->mem, USED + 4), 5);
	assert_int_equal(ram_get32(&f->mem, USED + 8), 1500);
	assert_int_equal(ram_get32(&f->mem, USED + 12), 2);
	assert_int_equal(ram_get32(&f->mem, USED + 16), 64);
}

static void test_no_interrupt_flag(void **state)
{
	struct fixture *f = *state;

	virtq_push(&f->vq, 0, 1);
	assert_true(virtq_need_interrupt(&f->vq));
	ram_put16(&f->mem, AVAIL, VIRTQ_AVAIL_F_NO_INTERRUPT);
	assert_false(virtq_need_interrupt(&f->vq));
}

/* The driver wants an interrupt once the used index passes used_event. */
static void test_event_idx_interrupts(void **state)
{
	struct fixture *f = *state;

	f->vq.event_idx = true;
	ram_put16(&f->mem, AVAIL + 4 + 2 * QSIZE, 2);     /* used_event */
	virtq_push(&f->vq, 0, 1);
	assert_true(virtq_need_interrupt(&f->vq));   /* the first one */
	virtq_push(&f->vq, 1, 1);
	assert_false(virtq_need_interrupt(&f->vq));  /* used 2: not past 2 */
	virtq_push(&f->vq, 2, 1);
	assert_true(virtq_need_interrupt(&f->vq));   /* used 3: past 2 */
	virtq_push(&f->vq, 3, 1);
	assert_false(virtq_need_interrupt(&f->vq));
}

static void test_kick_suppression(void **state)
{
	struct fixture *f = *state;

	virtq_want_kicks(&f->vq, false);
	assert_int_equal(ram_get16(&f->mem, USED), VIRTQ_USED_F_NO_NOTIFY);
	virtq_want_kicks(&f->vq, true);
	assert_int_equal(ram_get16(&f->mem, USED), 0);

	f->vq.event_idx = true;
	f->vq.last_avail = 5;
	virtq_want_kicks(&f->vq, true);
	assert_int_equal(ram_get16(&f->mem, USED + 4 + 8 * QSIZE), 5);  /* avail_event */
}

static void test_restart(void **state)
{
	struct fixture *f = *state;

	f->vq.last_avail = 3;
	f->vq.used_idx = 2;
	f->vq.signalled_valid = true;
	virtq_restart(&f->vq);
	assert_int_equal(f->vq.last_avail, 0);
	assert_int_equal(f->vq.used_idx, 0);
	assert_false(f->vq.signalled_valid);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_layout_ok),
		T(test_size_not_power_of_two),
		T(test_size_above_max),
		T(test_ring_misaligned),
		T(test_ring_past_ram),
		T(test_empty_queue),
		T(test_readable_then_writable),
		T(test_unpop_gives_it_again),
		T(test_indirect_table),
		T(test_head_not_below_size),
		T(test_next_not_below_size),
		T(test_self_loop),
		T(test_cycle),
		T(test_chain_longer_than_queue),
		T(test_length_zero),
		T(test_length_all_ones),
		T(test_address_wraps),
		T(test_past_ram),
		T(test_onto_used_ring),
		T(test_onto_descriptor_table),
		T(test_readable_after_writable),
		T(test_readable_in_receive_chain),
		T(test_writable_in_transmit_chain),
		T(test_nested_indirect),
		T(test_indirect_not_negotiated),
		T(test_indirect_with_next),
		T(test_indirect_not_at_head),
		T(test_indirect_odd_length),
		T(test_indirect_loop),
		T(test_avail_jumps),
		T(test_avail_goes_back),
		T(test_push_fills_used_ring),
		T(test_no_interrupt_flag),
		T(test_event_idx_interrupts),
		T(test_kick_suppression),
		T(test_restart),
		T(test_peek_ahead),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
