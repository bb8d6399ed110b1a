/*
 * tests/unit/test_number.c - core/number.c: the spellings a number may
 * take, and every near miss refused with its reason (the cases people
 * type: a leading space, a suffix, a sign, too many digits); and the
 * decimal digits number_dec() writes.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/number.h"

#define NOT_A_NUMBER "not a number (digits only, or 0x and hex digits)"

static uint64_t parsed(const char *text, uint64_t min, uint64_t max)
{
	uint64_t out = 0;
	char why[96];

	assert_int_equal(number_parse(text, min, max, &out, why, sizeof(why)),
			 0);
	return out;
}

static void refused(const char *text, uint64_t min, uint64_t max, int err,
		    const char *reason)
{
	uint64_t out = 12345;
	char why[96];

	assert_int_equal(number_parse(text, min, max, &out, why, sizeof(why)),
			 err);
	assert_string_equal(why, reason);
	assert_int_equal(out, 12345);   /* untouched */
}

static void test_spellings(void **state)
{
	(void)state;
	assert_int_equal(parsed("5", 1, UINT64_MAX), 5);
	assert_int_equal(parsed("010", 0, UINT64_MAX), 10);   /* not octal */
	assert_int_equal(parsed("0x3f8", 0, 0xffff), 0x3f8);
	assert_int_equal(parsed("0X3F8", 0, 0xffff), 0x3f8);
	assert_int_equal(parsed("0", 0, 0), 0);
	assert_true(parsed("18446744073709551615", 0, UINT64_MAX) ==
		    UINT64_MAX);
	assert_true(parsed("0xffffffffffffffff", 0, UINT64_MAX) ==
		    UINT64_MAX);
}

static void test_not_numbers(void **state)
{
	static const char *const bad[] = {
		"", " 5", "5 ", "5x", "-1", "+5", "0x", "x5", "0x5g", "1e3",
		"5\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refused(bad[i], 0, UINT64_MAX, -EINVAL, NOT_A_NUMBER);
}

static void test_out_of_range(void **state)
{
	(void)state;
	refused("99999999999999999999", 1, UINT64_MAX, -ERANGE,
		"out of range (1 to 18446744073709551615)");
	refused("18446744073709551616", 0, UINT64_MAX, -ERANGE,
		"out of range (0 to 18446744073709551615)");
	refused("0x10000000000000000", 0, UINT64_MAX, -ERANGE,
		"out of range (0 to 18446744073709551615)");
	refused("0", 1, 10, -ERANGE, "out of range (1 to 10)");
	refused("0x10000", 0, 0xffff, -ERANGE, "out of range (0 to 65535)");
}

/* number_dec(value) as a string. */
static const char *dec(uint64_t value)
{
	static char text[NUMBER_DEC_MAX + 1];
	char buf[NUMBER_DEC_MAX];
	const char *digits = number_dec(value, buf);
	size_t n = (size_t)(buf + NUMBER_DEC_MAX - digits);

	memcpy(text, digits, n);
	text[n] = '\0';
	return text;
}

/* The writing side: every digit, no padding, no sign. */
static void test_dec(void **state)
{
	(void)state;
	assert_string_equal(dec(0), "0");
	assert_string_equal(dec(7), "7");
	assert_string_equal(dec(10), "10");
	assert_string_equal(dec(99), "99");
	assert_string_equal(dec(100), "100");
	assert_string_equal(dec(1009), "1009");
	assert_string_equal(dec(31743562813009ULL), "31743562813009");
	assert_string_equal(dec(200008), "200008");
	assert_string_equal(dec(UINT64_MAX), "18446744073709551615");
	assert_int_equal(strlen(dec(UINT64_MAX)), NUMBER_DEC_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_not_numbers),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_dec),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
