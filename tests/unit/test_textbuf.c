/*
 * tests/unit/test_textbuf.c - cli/textbuf.c, the appenders every trace
 * line is built with: columns padded to their width (and never touching
 * when a value is wider), numbers in decimal and hex, and a line that
 * reaches the end of the buffer cut there, never overflowing it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/textbuf.h"

static struct textbuf tb;

static void test_columns(void **state)
{
	(void)state;
	textbuf_reset(&tb);
	textbuf_column(&tb, "IO(2)", 9);
	textbuf_column(&tb, "IRQ_WINDOW_OPEN(7)", 9);
	textbuf_char(&tb, '|');
	assert_string_equal(tb.buf, "IO(2)    IRQ_WINDOW_OPEN(7) |");
	textbuf_reset(&tb);
	textbuf_right(&tb, "9", 6, 0);
	textbuf_right(&tb, "+2.2us", 10, 1);
	textbuf_right(&tb, "1234567", 6, 0);
	textbuf_right(&tb, "+150.0ms", 5, 1);
	assert_string_equal(tb.buf, "     9    +2.2us1234567 +150.0ms");
	textbuf_spaces(&tb, 2);
	textbuf_mem(&tb, "abc", 2);
	textbuf_trim(&tb);
	assert_string_equal(tb.buf, "     9    +2.2us1234567 +150.0ms  ab");
}

static void test_numbers(void **state)
{
	(void)state;
	textbuf_reset(&tb);
	textbuf_dec(&tb, 0, 0);
	textbuf_char(&tb, ' ');
	textbuf_dec(&tb, 42, 5);
	textbuf_char(&tb, ' ');
	textbuf_dec(&tb, UINT64_MAX, 3);
	textbuf_char(&tb, ' ');
	textbuf_hex(&tb, 0);
	textbuf_char(&tb, ' ');
	textbuf_hex(&tb, 0x3f8);
	textbuf_char(&tb, ' ');
	textbuf_hex(&tb, UINT64_MAX);
	assert_string_equal(tb.buf, "0    42 18446744073709551615 0x0 0x3f8 "
			    "0xffffffffffffffff");
}

/* Filled to the last byte but one: what does not fit is cut, and the
 * buffer stays a string. */
static void test_cut_at_the_end(void **state)
{
	(void)state;
	textbuf_reset(&tb);
	textbuf_spaces(&tb, TEXTBUF_SIZE - 4);
	textbuf_hex(&tb, 0x1234);
	assert_int_equal(tb.len, TEXTBUF_SIZE - 1);
	assert_string_equal(tb.buf + TEXTBUF_SIZE - 4, "0x1");
	textbuf_str(&tb, "more");
	textbuf_dec(&tb, 5, 10);
	textbuf_column(&tb, "x", 4);
	textbuf_right(&tb, "y", 4, 1);
	textbuf_spaces(&tb, 100);
	assert_int_equal(tb.len, TEXTBUF_SIZE - 1);
	assert_int_equal(strlen(tb.buf), TEXTBUF_SIZE - 1);
	textbuf_reset(&tb);
	textbuf_spaces(&tb, TEXTBUF_SIZE * 2);
	assert_int_equal(tb.len, TEXTBUF_SIZE - 1);
	textbuf_trim(&tb);
	assert_string_equal(tb.buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_cut_at_the_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
