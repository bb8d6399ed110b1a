/*
 * guest/libc/format.h - the printf formatting engine, shared by printf,
 * fprintf and snprintf.
 *
 * The engine knows nothing about files or system calls: it appends bytes to
 * a buffer and, when the buffer is full, asks a flush callback to empty it.
 * That keeps it testable on the host (tests/unit/test_guest_printf.c).
 *
 * Conversions: %d %i %u %x %X %p %s %c %%, with an optional field width,
 * the flags '-' (left-justify) and '0' (pad numbers with zeros), and the
 * length modifiers l and ll.  %p prints 0x and lowercase hex; a NULL %s
 * prints "(null)".  Anything else after '%' is copied out unchanged.
 */
#ifndef GUEST_LIBC_FORMAT_H
#define GUEST_LIBC_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

struct fmt_sink {
	char *buf;        /* where formatted bytes collect */
	size_t cap;       /* bytes buf can hold */
	size_t used;      /* bytes in buf now */
	size_t total;     /* bytes produced so far, kept or dropped */
	/* Empty a full buf (set used to 0); NULL: drop what does not fit. */
	void (*flush)(struct fmt_sink *sink);
	void *ctx;        /* for flush */
	int error;        /* set by flush when its output failed */
};

/* Format into sink; sink->total grows by the length of the output. */
void fmt_format(struct fmt_sink *sink, const char *fmt, va_list ap);

/*
 * vsnprintf: write at most size - 1 bytes and a NUL into buf (nothing when
 * size is 0); return the length the whole output has, so a result >= size
 * means it was truncated.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif /* GUEST_LIBC_FORMAT_H */
