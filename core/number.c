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

/*
 * Two digits per division, from a table of "00" to "99": the tracer
 * writes a dozen numbers per exit with --json, the exit's 14-digit
 * timestamp among them, and each division is a multiply and shifts the
 * next one must wait for.
 */
char *number_dec(uint64_t value, char buf[NUMBER_DEC_MAX])
{
	static const char pairs[201] =
		"00010203040506070809101112131415161718192021222324"
		"25262728293031323334353637383940414243444546474849"
		"50515253545556575859606162636465666768697071727374"
		"75767778798081828384858687888990919293949596979899";
	char *p = buf + NUMBER_DEC_MAX;

	/* least significant first, from the end of buf */
	while (value >= 100) {
		const char *pair = &pairs[value % 100 * 2];

		*--p = pair[1];
		*--p = pair[0];
		value /= 100;
	}
	if (value >= 10) {
		*--p = pairs[value * 2 + 1];
		*--p = pairs[value * 2];
	} else {
		*--p = (char)('0' + value);
	}
	return p;
}
