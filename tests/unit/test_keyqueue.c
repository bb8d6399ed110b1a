/*
 * tests/unit/test_keyqueue.c - the host-to-guest key FIFO
 * (core/keyqueue.c): groups come out whole and in order, pauses are empty
 * groups, the ring grows past its first size, and the limit is enforced.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/keyqueue.h"

static void test_groups_in_order(void **state)
{
	static const uint8_t a[] = { 0x1e, 0x9e }, shift_b[] = {
		0x2a, 0x30, 0xb0, 0xaa };
	struct key_queue q;
	uint8_t out[KEYQUEUE_GROUP_MAX];

	(void)state;
	assert_int_equal(key_queue_init(&q), 0);
	assert_int_equal(key_queue_pop(&q, out), -EAGAIN);
	assert_int_equal(key_queue_push(&q, a, sizeof(a)), 0);
	assert_int_equal(key_queue_push(&q, NULL, 0), 0);   /* a pause */
	assert_int_equal(key_queue_push(&q, shift_b, sizeof(shift_b)), 0);
	assert_int_equal(key_queue_waiting(&q), 3);
	assert_int_equal(key_queue_pop(&q, out), 2);
	assert_memory_equal(out, a, sizeof(a));
	assert_int_equal(key_queue_pop(&q, out), 0);
	assert_int_equal(key_queue_pop(&q, out), 4);
	assert_memory_equal(out, shift_b, sizeof(shift_b));
	assert_int_equal(key_queue_pop(&q, out), -EAGAIN);
	key_queue_free(&q);
}

/* Thousands of groups, pushed while some are taken: the ring wraps and
 * grows, and every group comes back as it went in. */
static void test_grows_and_wraps(void **state)
{
	struct key_queue q;
	uint8_t in[3], out[KEYQUEUE_GROUP_MAX];
	unsigned next_out = 0;

	(void)state;
	assert_int_equal(key_queue_init(&q), 0);
	for (unsigned i = 0; i < 5000; i++) {
		in[0] = (uint8_t)i;
		in[1] = (uint8_t)(i >> 8);
		in[2] = 0x55;
		assert_int_equal(key_queue_push(&q, in, sizeof(in)), 0);
		if (i % 3 == 0) {
			assert_int_equal(key_queue_pop(&q, out), 3);
			assert_int_equal(out[0] | out[1] << 8, next_out++);
		}
	}
	while (key_queue_pop(&q, out) == 3) {
		assert_int_equal(out[0] | out[1] << 8, next_out++);
		assert_int_equal(out[2], 0x55);
	}
	assert_int_equal(next_out, 5000);
	key_queue_free(&q);
}

static void test_limits(void **state)
{
	uint8_t big[KEYQUEUE_GROUP_MAX + 1] = { 0 };
	struct key_queue q;
	uint64_t pushed = 0;

	(void)state;
	assert_int_equal(key_queue_init(&q), 0);
	assert_int_equal(key_queue_push(&q, big, sizeof(big)), -EINVAL);
	while (key_queue_push(&q, big, KEYQUEUE_GROUP_MAX) == 0)
		pushed++;
	/* each group costs its length byte and 16 bytes */
	assert_int_equal(pushed, KEYQUEUE_MAX_BYTES / (KEYQUEUE_GROUP_MAX + 1));
	assert_int_equal(key_queue_push(&q, big, KEYQUEUE_GROUP_MAX), -ENOSPC);
	key_queue_free(&q);
	key_queue_free(&q);   /* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups_in_order),
		cmocka_unit_test(test_grows_and_wraps),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
