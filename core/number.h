/*
 * core/number.h - the one parser for numbers a person types: every
 * numeric command-line option (--max-exits N) and the numbers inside an
 * option's value (--until exits:N, io:PORT=DATA) read through it, so
 * they all take the same spellings and refuse the same mistakes.
 *
 * A number is the whole text: decimal digits ("42", "042" is 42), or "0x"
 * and hex digits ("0x3f8").  No sign, no spaces, no suffix: " 5", "5x",
 * "-1" and "" are refused, never read as 5 or 0.
 *
 * The other way, number_dec() writes a number's decimal digits: the
 * tracer writes several per exit, and snprintf() parses its format string
 * at every call, several times the work of the digits themselves.
 */
#ifndef CORE_NUMBER_H
#define CORE_NUMBER_H

#include <stddef.h>
#include <stdint.h>

/*
 * 0 with *out set when text is a number in [min, max]; otherwise -EINVAL
 * ("not a number ...") or -ERANGE ("out of range (MIN to MAX)"), the
 * reason in why, and *out untouched.
 */
int number_parse(const char *text, uint64_t min, uint64_t max, uint64_t *out,
		 char *why, size_t len);

/* The most digits a uint64_t has in decimal (18446744073709551615). */
#define NUMBER_DEC_MAX 20

/* value's decimal digits, most significant first, written to the end of
 * buf (no NUL); returns where they start (the count is buf +
 * NUMBER_DEC_MAX - the start: 1 to NUMBER_DEC_MAX).  Written in place,
 * so that a caller copies them once, where they go. */
char *number_dec(uint64_t value, char buf[NUMBER_DEC_MAX]);

#endif /* CORE_NUMBER_H */
