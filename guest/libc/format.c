/*
 * guest/libc/format.c - the printf formatting engine.
 *
 * fmt_format() walks the format string; each conversion is parsed into a
 * struct spec, its argument is turned into digits (or taken as a string),
 * and put_field() writes it padded to the field width.  Numbers are
 * converted as unsigned 64-bit magnitudes with the sign kept apart, so
 * INT64_MIN needs no special case.
 *
 * Freestanding C only, no system calls: the same file is compiled into the
 * guest libc and into a host unit test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "guest/libc/format.h"

#define MAX_WIDTH 4096  /* wider fields are cut to this */

struct spec {
	int left;       /* '-': pad on the right */
	int zero;       /* '0': pad numbers with zeros after sign or 0x */
	int width;      /* minimum field width */
	int length;     /* 0: int, 1: l (long), 2: ll (long long) */
	char conv;      /* the conversion character */
};

static void put_char(struct fmt_sink *sink, char c)
{
	if (sink->used == sink->cap && sink->flush != NULL)
		sink->flush(sink);
	if (sink->used < sink->cap)
		sink->buf[sink->used++] = c;
	sink->total++;
}

static void put_repeat(struct fmt_sink *sink, char c, int count)
{
	for (int i = 0; i < count; i++)
		put_char(sink, c);
}

static void put_bytes(struct fmt_sink *sink, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		put_char(sink, s[i]);
}

/* Write prefix (a sign or "0x") and body into a field of spec->width. */
static void put_field(struct fmt_sink *sink, const struct spec *spec,
		      const char *prefix, const char *body, size_t body_len)
{
	size_t prefix_len = 0;
	int pad;

	while (prefix[prefix_len] != '\0')
		prefix_len++;
	pad = spec->width - (int)(prefix_len + body_len);
	if (pad < 0)
		pad = 0;
	if (!spec->left && !spec->zero)
		put_repeat(sink, ' ', pad);
	put_bytes(sink, prefix, prefix_len);
	if (!spec->left && spec->zero)
		put_repeat(sink, '0', pad);
	put_bytes(sink, body, body_len);
	if (spec->left)
		put_repeat(sink, ' ', pad);
}

/* value in base 10 or 16, after prefix (a sign or "0x"). */
static void put_number(struct fmt_sink *sink, const struct spec *spec,
		       const char *prefix, uint64_t value, unsigned base)
{
	const char *digits = spec->conv == 'X' ? "0123456789ABCDEF"
					       : "0123456789abcdef";
	char buf[20];   /* 2^64 - 1 has 20 decimal digits */
	size_t n = sizeof buf;

	do {
		buf[--n] = digits[value % base];
		value /= base;
	} while (value != 0);
	put_field(sink, spec, prefix, buf + n, sizeof buf - n);
}

static int64_t signed_arg(const struct spec *spec, va_list *ap)
{
	if (spec->length == 2)
		return va_arg(*ap, long long);
	if (spec->length == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static uint64_t unsigned_arg(const struct spec *spec, va_list *ap)
{
	if (spec->length == 2)
		return va_arg(*ap, unsigned long long);
	if (spec->length == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static void put_signed(struct fmt_sink *sink, const struct spec *spec,
		       va_list *ap)
{
	int64_t value = signed_arg(spec, ap);
	uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;

	put_number(sink, spec, value < 0 ? "-" : "", magnitude, 10);
}

/* Text (%s, %c) is padded with spaces even when the '0' flag is given. */
static void put_text(struct fmt_sink *sink, const struct spec *spec,
		     const char *text, size_t len)
{
	struct spec spaces = *spec;

	spaces.zero = 0;
	put_field(sink, &spaces, "", text, len);
}

static void put_string(struct fmt_sink *sink, const struct spec *spec,
		       const char *s)
{
	size_t len = 0;

	if (s == NULL)
		s = "(null)";
	while (s[len] != '\0')
		len++;
	put_text(sink, spec, s, len);
}

/* Parse flags, width and length after a '%'; *p ends at the conversion. */
static void parse_spec(const char **p, struct spec *spec)
{
	const char *s = *p;

	*spec = (struct spec){ 0 };
	for (;; s++) {
		if (*s == '-')
			spec->left = 1;
		else if (*s == '0')
			spec->zero = 1;
		else
			break;
	}
	for (; *s >= '0' && *s <= '9'; s++)
		if (spec->width < MAX_WIDTH)
			spec->width = spec->width * 10 + (*s - '0');
	if (spec->width > MAX_WIDTH)
		spec->width = MAX_WIDTH;
	for (; *s == 'l' && spec->length < 2; s++)
		spec->length++;
	spec->conv = *s;
	*p = s;
}

/* Write one conversion; returns 0 if conv is not one this engine knows. */
static int put_conversion(struct fmt_sink *sink, const struct spec *spec,
			  va_list *ap)
{
	char c;

	switch (spec->conv) {
	case 'd':
	case 'i':
		put_signed(sink, spec, ap);
		return 1;
	case 'u':
		put_number(sink, spec, "", unsigned_arg(spec, ap), 10);
		return 1;
	case 'x':
	case 'X':
		put_number(sink, spec, "", unsigned_arg(spec, ap), 16);
		return 1;
	case 'p':
		put_number(sink, spec, "0x", (uintptr_t)va_arg(*ap, void *), 16);
		return 1;
	case 's':
		put_string(sink, spec, va_arg(*ap, const char *));
		return 1;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_text(sink, spec, &c, 1);
		return 1;
	case '%':
		put_char(sink, '%');
		return 1;
	default:
		return 0;
	}
}

void fmt_format(struct fmt_sink *sink, const char *fmt, va_list ap)
{
	va_list args;
	struct spec spec;

	/* A copy, so helpers can share it through a pointer. */
	va_copy(args, ap);
	while (*fmt != '\0') {
		const char *start = fmt;

		if (*fmt != '%') {
			put_char(sink, *fmt++);
			continue;
		}
		fmt++;
		parse_spec(&fmt, &spec);
		if (put_conversion(sink, &spec, &args)) {
			fmt++;
			continue;
		}
		/* Unknown conversion: copy it out as written. */
		if (*fmt != '\0')
			fmt++;
		put_bytes(sink, start, (size_t)(fmt - start));
	}
	va_end(args);
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_sink sink = {
		.buf = buf,
		.cap = size > 0 ? size - 1 : 0,
	};

	fmt_format(&sink, fmt, ap);
	if (size > 0)
		buf[sink.used] = '\0';
	return (int)sink.total;
}
