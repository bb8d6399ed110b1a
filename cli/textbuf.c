/*
 * cli/textbuf.c - the appenders behind cli/textbuf.h.
 */
#include <string.h>

#include "cli/textbuf.h"

void textbuf_reset(struct textbuf *tb)
{
	tb->len = 0;
	tb->buf[0] = '\0';
}

void textbuf_char(struct textbuf *tb, char c)
{
	if (tb->len + 1 >= TEXTBUF_SIZE)
		return;
	tb->buf[tb->len++] = c;
	tb->buf[tb->len] = '\0';
}

void textbuf_str(struct textbuf *tb, const char *s)
{
	size_t n = strlen(s), room = TEXTBUF_SIZE - 1 - tb->len;

	if (n > room)
		n = room;
	memcpy(tb->buf + tb->len, s, n);
	tb->len += n;
	tb->buf[tb->len] = '\0';
}

void textbuf_column(struct textbuf *tb, const char *s, size_t width)
{
	size_t start = tb->len;

	textbuf_str(tb, s);
	do
		textbuf_char(tb, ' ');
	while (tb->len - start < width && tb->len + 1 < TEXTBUF_SIZE);
}

void textbuf_dec(struct textbuf *tb, uint64_t value, size_t width)
{
	char digits[24];
	size_t n = 0;

	do {
		digits[n++] = (char)('0' + value % 10);
		value /= 10;
	} while (value);
	for (size_t pad = n; pad < width; pad++)
		textbuf_char(tb, ' ');
	while (n)
		textbuf_char(tb, digits[--n]);
}

void textbuf_hex(struct textbuf *tb, uint64_t value)
{
	static const char hex[] = "0123456789abcdef";
	char digits[16];
	size_t n = 0;

	do {
		digits[n++] = hex[value & 0xf];
		value >>= 4;
	} while (value);
	textbuf_str(tb, "0x");
	while (n)
		textbuf_char(tb, digits[--n]);
}

void textbuf_trim(struct textbuf *tb)
{
	while (tb->len > 0 && tb->buf[tb->len - 1] == ' ')
		tb->len--;
	tb->buf[tb->len] = '\0';
}
