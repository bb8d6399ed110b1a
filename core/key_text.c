/*
 * core/key_text.c - --keys TEXT into key strokes (see core/key_text.h).
 *
 * One walk over the text serves both the check and the typing: each step
 * yields a character to type, or a pause, or an error with its position.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/key_text.h"
#include "devices/scancode.h"

enum key_item { KEY_CHAR, KEY_PAUSE, KEY_END, KEY_BAD };

struct key_walk {
	const char *text;
	size_t pos;
	unsigned char c;       /* KEY_CHAR: the character */
	const char *why;       /* KEY_BAD: what is wrong */
};

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* \xHH: exactly two hex digits. */
static enum key_item escape_hex(struct key_walk *w)
{
	int hi = hex_digit(w->text[w->pos]), lo;

	lo = hi < 0 ? -1 : hex_digit(w->text[w->pos + 1]);
	if (lo < 0) {
		w->why = "\\x needs two hex digits";
		return KEY_BAD;
	}
	w->pos += 2;
	w->c = (unsigned char)(hi * 16 + lo);
	return KEY_CHAR;
}

static enum key_item escape(struct key_walk *w)
{
	char e = w->text[w->pos++];

	switch (e) {
	case 'n': w->c = '\n'; return KEY_CHAR;
	case 'r': w->c = '\r'; return KEY_CHAR;
	case 't': w->c = '\t'; return KEY_CHAR;
	case 'b': w->c = '\b'; return KEY_CHAR;
	case 'e': w->c = 0x1b; return KEY_CHAR;
	case '\\': w->c = '\\'; return KEY_CHAR;
	case 'w': return KEY_PAUSE;
	case 'x': return escape_hex(w);
	default:
		w->pos--;
		w->why = "unknown escape (\\n \\r \\t \\b \\e \\\\ \\xHH \\w)";
		return KEY_BAD;
	}
}

static enum key_item next_item(struct key_walk *w)
{
	char c = w->text[w->pos];

	if (c == '\0')
		return KEY_END;
	w->pos++;
	if (c == '\\')
		return escape(w);
	w->c = (unsigned char)c;
	return KEY_CHAR;
}

/* Walk the text; with vm, type it.  0 or -errno with the reason. */
static int walk(struct vm *vm, const char *text, char *err, size_t errlen)
{
	struct key_walk w = { .text = text };
	struct scancode_stroke stroke;
	uint8_t bytes[SCANCODE_STROKE_MAX];
	enum key_item item;
	int ret = 0;

	for (;;) {
		size_t at = w.pos + 1;   /* where the item starts, from 1 */

		item = next_item(&w);
		if (ret || item == KEY_END)
			break;
		if (item == KEY_BAD) {
			snprintf(err, errlen, "at character %zu: %s", at,
				 w.why);
			return -EINVAL;
		}
		if (item == KEY_CHAR && scancode_from_ascii(w.c, &stroke)) {
			snprintf(err, errlen, "at character %zu: 0x%02x has no "
				 "key on a US keyboard", at, w.c);
			return -EINVAL;
		}
		if (!vm)
			continue;
		ret = item == KEY_PAUSE
			? vm_keys_push(vm, NULL, 0)
			: vm_keys_push(vm, bytes,
				       scancode_stroke_bytes(&stroke, bytes));
		if (ret)
			snprintf(err, errlen, "at character %zu: %s", at,
				 ret == -ENOSPC ? "too many keys waiting"
						: "cannot queue the key");
	}
	return ret;
}

int key_text_check(const char *text, char *err, size_t errlen)
{
	return walk(NULL, text, err, errlen);
}

int key_text_type(struct vm *vm, const char *text, char *err, size_t errlen)
{
	vm->keys_paced = true;
	return walk(vm, text, err, errlen);
}
