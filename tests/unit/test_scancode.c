/*
 * tests/unit/test_scancode.c - the ASCII to set-1 table: every printable
 * character has its own key-and-Shift, the control characters their
 * named keys or Ctrl + letter, and nothing else is accepted.
 *
 * Codes are numbers from the set-1 tables (Microsoft's Keyboard Scan Code
 * Specification, appendix C), not the #defines under test.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "devices/scancode.h"

static void expect_stroke(unsigned char c, uint8_t code, unsigned mods)
{
	struct scancode_stroke s;

	assert_int_equal(scancode_from_ascii(c, &s), 0);
	assert_int_equal(s.key.code, code);
	assert_false(s.key.extended);
	assert_int_equal(s.mods, mods);
}

static void test_row_ends(void **state)
{
	(void)state;
	expect_stroke('1', 0x02, 0);
	expect_stroke('=', 0x0d, 0);
	expect_stroke('+', 0x0d, 1);
	expect_stroke('q', 0x10, 0);
	expect_stroke('}', 0x1b, 1);
	expect_stroke('a', 0x1e, 0);
	expect_stroke('`', 0x29, 0);
	expect_stroke('~', 0x29, 1);
	expect_stroke('\\', 0x2b, 0);
	expect_stroke('|', 0x2b, 1);
	expect_stroke('z', 0x2c, 0);
	expect_stroke('/', 0x35, 0);
	expect_stroke('?', 0x35, 1);
	expect_stroke(' ', 0x39, 0);
	expect_stroke('M', 0x32, 1);
}

static void test_control_characters(void **state)
{
	(void)state;
	expect_stroke('\n', 0x1c, 0);
	expect_stroke('\r', 0x1c, 0);
	expect_stroke('\b', 0x0e, 0);
	expect_stroke(0x7f, 0x0e, 0);
	expect_stroke('\t', 0x0f, 0);
	expect_stroke(0x1b, 0x01, 0);
	expect_stroke(0x01, 0x1e, 2);   /* Ctrl-A */
	expect_stroke(0x1a, 0x2c, 2);   /* Ctrl-Z */
	expect_stroke(0x04, 0x20, 2);   /* Ctrl-D */
}

static void test_rejected(void **state)
{
	static const unsigned char bad[] = { 0x00, 0x1c, 0x1f, 0x80, 0xff };
	struct scancode_stroke s;

	(void)state;
	for (size_t i = 0; i < sizeof(bad); i++)
		assert_int_equal(scancode_from_ascii(bad[i], &s), -EINVAL);
}

/* 95 printable characters, 95 different (key, Shift) pairs. */
static void test_printables_distinct(void **state)
{
	unsigned seen[0x80][2] = { { 0 } };

	(void)state;
	for (unsigned c = 0x20; c < 0x7f; c++) {
		struct scancode_stroke s;

		assert_int_equal(scancode_from_ascii((unsigned char)c, &s), 0);
		assert_true(s.key.code > 0 && s.key.code < 0x80);
		assert_true(s.mods <= 1);
		assert_int_equal(seen[s.key.code][s.mods], 0);
		seen[s.key.code][s.mods] = c;
	}
}

static void test_longest_stroke(void **state)
{
	static const uint8_t want[] = {
		0x1d, 0x2a, 0xe0, 0x53, 0xe0, 0xd3, 0xaa, 0x9d,
	};
	struct scancode_stroke s = { .key = { 0x53, true }, .mods = 3 };
	uint8_t out[SCANCODE_STROKE_MAX];

	(void)state;
	assert_int_equal(scancode_stroke_bytes(&s, out), 8);
	assert_memory_equal(out, want, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_row_ends),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_printables_distinct),
		cmocka_unit_test(test_longest_stroke),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
