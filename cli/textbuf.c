/*
 * cli/textbuf.c - the appenders behind cli/textbuf.h.
 *
 * Every appender ends in textbuf_mem() (cli/textbuf.h): one bounds check
 * and one copy per piece of text, not per character (a trace line is
 * built from some 30 pieces, hundreds of thousands of times a second).
 */
#include <string.h>

#include "cli/textbuf.h"
#include "core/number.h"

void textbuf_reset(struct textbuf *tb)
{
	tb->len = 0;
	tb->buf[0] = '\0';
}

void textbuf_column(struct textbuf *tb, const char *s, size_t width)
{
	size_t n = strlen(s);

	textbuf_mem(tb, s, n);
	textbuf_spaces(tb, n < width ? width - n : 1);
}

void textbuf_right(struct textbuf *tb, const char *s, size_t width,
		   size_t gap)
{
	size_t n = strlen(s);

	textbuf_spaces(tb, n + gap < width ? width - n : gap);
	textbuf_mem(tb, s, n);
}

void textbuf_dec(struct textbuf *tb, uint64_t value, size_t width)
{
	char buf[NUMBER_DEC_MAX];
	const char *digits = number_dec(value, buf);
	size_t n = (size_t)(buf + NUMBER_DEC_MAX - digits);

	if (n < width)
		textbuf_spaces(tb, width - n);
	textbuf_mem(tb, digits, n);
}

void textbuf_hex(struct textbuf *tb, uint64_t value)
{
	static const char hex[] = "0123456789abcdef";
	char text[2 + 16];
	size_t n = sizeof(text);

	/* least significant digit first, from the end of text */
	do {
		text[--n] = hex[value & 0xf];
		value >>= 4;
	} while (value);
	text[--n] = 'x';
	text[--n] = '0';
	textbuf_mem(tb, text + n, sizeof(text) - n);
}

void textbuf_trim(struct textbuf *tb)
{
	while (tb->len > 0 && tb->buf[tb->len - 1] == ' ')
		tb->len--;
	tb->buf[tb->len] = '\0';
}
