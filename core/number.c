/*
 * core/number.c - numbers a person types (see core/number.h).
 *
 * Hand-written rather than strtoull(): strtoull skips leading spaces,
 * takes a sign ("-1" becomes 18446744073709551615) and reads "010" as
 * octal, none of which a person means.  number_dec() is the writing side.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/number.h"

/* The value of one digit in base 10 or 16, or -1. */
static int digit_value(char c, unsigned base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* digits (at least one, nothing else) into *value; false on a stray
 * character; *overflow when the value passes UINT64_MAX. */
static bool read_digits(const char *digits, unsigned base, uint64_t *value,
			bool *overflow)
{
	*value = 0;
	*overflow = false;
	if (!*digits)
		return false;
	for (const char *p = digits; *p; p++) {
		int d = digit_value(*p, base);

		if (d < 0)
			return false;
		if (*value > (UINT64_MAX - (uint64_t)d) / base)
			*overflow = true;
		*value = *value * base + (uint64_t)d;
	}
	return true;
}

int number_parse(const char *text, uint64_t min, uint64_t max, uint64_t *out,
		 char *why, size_t len)
{
	bool hex = strncmp(text, "0x", 2) == 0 || strncmp(text, "0X", 2) == 0;
	uint64_t value;
	bool overflow;

	if (!read_digits(hex ? text + 2 : text, hex ? 16 : 10, &value,
			 &overflow)) {
		snprintf(why, len, "not a number (digits only, or 0x and hex "
			 "digits)");
		return -EINVAL;
	}
	if (overflow || value < min || value > max) {
		snprintf(why, len, "out of range (%llu to %llu)",
			 (unsigned long long)min, (unsigned long long)max);
		return -ERANGE;
	}
	*out = value;
	return 0;
}

size_t number_dec(uint64_t value, char out[NUMBER_DEC_MAX])
{
	size_t n = 1;

	for (uint64_t rest = value; rest >= 10; rest /= 10)
		n++;
	/* least significant digit last */
	for (size_t i = n; i-- > 0; value /= 10)
		out[i] = (char)('0' + value % 10);
	return n;
}
