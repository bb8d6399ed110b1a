/*
 * tests/unit/test_nested_memo.c - the memo in front of the reflect rule
 * (nested_decide_memo(), core/nested_reflect.c): it gives what
 * nested_decide() gives - verdict and words - for the same exit under the
 * same controls, and decides again when the exit, L1's intercepts, its
 * exception bitmap or the I/O bitmap bits of the exit's ports change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/nested.h"

static struct nested_controls ctl;
static struct nested_rule_memo memo;
/* an OUT to COM1, whose port L1's bitmap has */
static const struct nested_exit com1 = { .reason = NESTED_EXIT_IO,
					 .port = 0x3f8, .size = 1 };

static int setup(void **state)
{
	(void)state;
	memset(&ctl, 0, sizeof(ctl));
	memset(&memo, 0, sizeof(memo));
	ctl.intercepts = NESTED_INTERCEPT_IO;
	ctl.io_bitmap[0x3f8 / 8] |= 1u << (0x3f8 % 8);
	return 0;
}

/* The memo's answer must be nested_decide()'s, words included. */
static enum nested_verdict agree(const struct nested_exit *e, char *rule)
{
	char fresh[80];
	enum nested_verdict v = nested_decide(&ctl, e, fresh, sizeof(fresh));
	enum nested_verdict m = nested_decide_memo(&memo, &ctl, e, rule, 80);

	assert_int_equal(m, v);
	assert_string_equal(rule, fresh);
	return m;
}

static void test_same_exit_twice(void **state)
{
	char rule[80];

	(void)state;
	assert_int_equal(agree(&com1, rule), NESTED_REFLECT);
	assert_int_equal(agree(&com1, rule), NESTED_REFLECT);
	assert_string_equal(rule, "L1's I/O bitmap has port 0x3f8");
}

static void test_bitmap_changes(void **state)
{
	char rule[80];

	(void)state;
	assert_int_equal(agree(&com1, rule), NESTED_REFLECT);
	ctl.io_bitmap[0x3f8 / 8] = 0;   /* L1 cleared the port */
	assert_int_equal(agree(&com1, rule), NESTED_L0_DEVICE);
	ctl.io_bitmap[0x3f8 / 8] |= 1u << (0x3f8 % 8);
	ctl.intercepts = 0;             /* ... then all I/O exiting */
	assert_int_equal(agree(&com1, rule), NESTED_L0_DEVICE);
}

static void test_exit_changes(void **state)
{
	struct nested_exit out = com1;
	struct nested_exit ud = { .reason = NESTED_EXIT_EXCEPTION,
				  .vector = 6 };
	char rule[80];

	(void)state;
	agree(&out, rule);
	out.port = 0xf4;
	assert_int_equal(agree(&out, rule), NESTED_L0_DEVICE);
	assert_string_equal(rule, "port 0xf4 is not in L1's I/O bitmap: "
			    "L0's device");
	assert_int_equal(agree(&ud, rule), NESTED_L0_HANDLES);
	ctl.exception_bitmap = 1u << 6;
	assert_int_equal(agree(&ud, rule), NESTED_REFLECT);
}

/* A shorter buffer gets the words cut, as snprintf would cut them. */
static void test_short_buffer(void **state)
{
	char rule[8];

	(void)state;
	nested_decide_memo(&memo, &ctl, &com1, rule, sizeof(rule));
	nested_decide_memo(&memo, &ctl, &com1, rule, sizeof(rule));
	assert_string_equal(rule, "L1's I/");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_same_exit_twice, setup),
		cmocka_unit_test_setup(test_bitmap_changes, setup),
		cmocka_unit_test_setup(test_exit_changes, setup),
		cmocka_unit_test_setup(test_short_buffer, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
