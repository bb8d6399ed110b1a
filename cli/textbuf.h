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
#include <string.h>

#define TEXTBUF_SIZE 2048

struct textbuf {
	char buf[TEXTBUF_SIZE];
	size_t len;      /* always < TEXTBUF_SIZE; buf[len] == '\0' */
};

/*
 * The four appenders every other one ends in, inline: a line is some 30
 * pieces, and inline the compiler sees the length of a string literal
 * ("port=") and copies it with a move or two instead of calling strlen()
 * and memcpy().
 */
static inline size_t textbuf_room(const struct textbuf *tb)
{
	return TEXTBUF_SIZE - 1 - tb->len;
}

/* n bytes of s (no NUL needed), cut at the buffer's end. */
static inline void textbuf_mem(struct textbuf *tb, const char *s, size_t n)
{
	if (n > textbuf_room(tb))
		n = textbuf_room(tb);
	memcpy(tb->buf + tb->len, s, n);
	tb->len += n;
	tb->buf[tb->len] = '\0';
}

static inline void textbuf_char(struct textbuf *tb, char c)
{
	textbuf_mem(tb, &c, 1);
}

static inline void textbuf_str(struct textbuf *tb, const char *s)
{
	textbuf_mem(tb, s, strlen(s));
}

static inline void textbuf_spaces(struct textbuf *tb, size_t n)
{
	if (n > textbuf_room(tb))
		n = textbuf_room(tb);
	memset(tb->buf + tb->len, ' ', n);
	tb->len += n;
	tb->buf[tb->len] = '\0';
}

void textbuf_reset(struct textbuf *tb);
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
