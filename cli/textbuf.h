/*
 * cli/textbuf.h - building a line of text without printf.
 *
 * The tracer prints a line per exit, hundreds of thousands a second; glibc's
 * printf spends more time parsing its format than KVM spends on the exit.
 * These few appenders do the same work plainly.  Output that does not fit
 * is cut, never overflowed.
 */
#ifndef CLI_TEXTBUF_H
#define CLI_TEXTBUF_H

#include <stddef.h>
#include <stdint.h>

#define TEXTBUF_SIZE 2048

struct textbuf {
	char buf[TEXTBUF_SIZE];
	size_t len;      /* always < TEXTBUF_SIZE; buf[len] == '\0' */
};

void textbuf_reset(struct textbuf *tb);
/* n bytes of s (no NUL needed). */
void textbuf_mem(struct textbuf *tb, const char *s, size_t n);
void textbuf_char(struct textbuf *tb, char c);
void textbuf_str(struct textbuf *tb, const char *s);
void textbuf_spaces(struct textbuf *tb, size_t n);
/* s, then spaces up to width columns (at least one space). */
void textbuf_column(struct textbuf *tb, const char *s, size_t width);
/* s right-aligned in width columns, after at least gap spaces: two
 * columns never touch, however wide a value grows. */
void textbuf_right(struct textbuf *tb, const char *s, size_t width,
		   size_t gap);
/* Decimal, right-aligned in width columns (0: no padding). */
void textbuf_dec(struct textbuf *tb, uint64_t value, size_t width);
/* Drop trailing spaces (a last column with nothing after it). */
void textbuf_trim(struct textbuf *tb);
/* "0x" and lower-case hex digits, no leading zeros. */
void textbuf_hex(struct textbuf *tb, uint64_t value);

#endif /* CLI_TEXTBUF_H */
