/*
 * devices/scancode.c - ASCII to scancode set 1, for a US keyboard layout.
 *
 * The table is the keyboard itself: each row of keys is a run of
 * consecutive make codes (scancode set 1 numbers the keys row by row, left
 * to right), written as the characters the keys type without and with
 * Shift.  Source: Microsoft's "Keyboard Scan Code Specification" rev.
 * 1.3a, appendix C; the IBM PC/AT Technical Reference agrees for these
 * keys.
 */
#include <errno.h>
#include <string.h>

#include "devices/scancode.h"

struct scancode_row {
	uint8_t first;          /* make code of the row's first key */
	const char *plain;      /* what the keys type */
	const char *shifted;    /* ... with Shift held */
};

static const struct scancode_row scancode_rows[] = {
	{ 0x02, "1234567890-=",  "!@#$%^&*()_+" },
	{ 0x10, "qwertyuiop[]",  "QWERTYUIOP{}" },
	{ 0x1e, "asdfghjkl;'`",  "ASDFGHJKL:\"~" },
	{ 0x2b, "\\zxcvbnm,./",  "|ZXCVBNM<>?" },
	{ 0x39, " ",             " " },
};

#define NR_ROWS (sizeof(scancode_rows) / sizeof(scancode_rows[0]))

/* A printable character: find its key and whether it needs Shift. */
static int scancode_printable(unsigned char c, struct scancode_stroke *out)
{
	for (size_t i = 0; i < NR_ROWS; i++) {
		const struct scancode_row *r = &scancode_rows[i];
		const char *p = strchr(r->plain, c);
		unsigned mods = 0;

		if (!p) {
			p = strchr(r->shifted, c);
			mods = SCANCODE_MOD_SHIFT;
			if (!p)
				continue;
			p = r->plain + (p - r->shifted);
		}
		out->key = (struct scancode_key){
			.code = (uint8_t)(r->first + (p - r->plain)),
		};
		out->mods = mods;
		return 0;
	}
	return -EINVAL;
}

/* Control characters with a key of their own. */
static int scancode_named(unsigned char c, uint8_t *code)
{
	switch (c) {
	case '\n':
	case '\r':
		*code = SCANCODE_ENTER;
		return 0;
	case '\b':
	case 0x7f:
		*code = SCANCODE_BACKSPACE;
		return 0;
	case '\t':
		*code = SCANCODE_TAB;
		return 0;
	case 0x1b:
		*code = SCANCODE_ESC;
		return 0;
	default:
		return -EINVAL;
	}
}

int scancode_from_ascii(unsigned char c, struct scancode_stroke *out)
{
	uint8_t code;
	int err;

	if (scancode_named(c, &code) == 0) {
		*out = (struct scancode_stroke){ .key = { .code = code } };
		return 0;
	}
	if (c >= 0x01 && c <= 0x1a) {            /* Ctrl-A .. Ctrl-Z */
		err = scancode_printable((unsigned char)('a' + c - 1), out);
		out->mods = SCANCODE_MOD_CTRL;
		return err;
	}
	if (c < 0x20 || c > 0x7e)
		return -EINVAL;
	return scancode_printable(c, out);
}

size_t scancode_key_bytes(struct scancode_key key, bool release,
			  uint8_t out[SCANCODE_KEY_MAX])
{
	size_t n = 0;

	if (key.extended)
		out[n++] = SCANCODE_EXTENDED;
	out[n++] = release ? (uint8_t)(key.code | SCANCODE_BREAK) : key.code;
	return n;
}

static size_t scancode_put(uint8_t *out, size_t n, struct scancode_key key,
			   bool release)
{
	return n + scancode_key_bytes(key, release, out + n);
}

size_t scancode_stroke_bytes(const struct scancode_stroke *s,
			     uint8_t out[SCANCODE_STROKE_MAX])
{
	static const struct scancode_key ctrl = { .code = SCANCODE_LCTRL };
	static const struct scancode_key shift = { .code = SCANCODE_LSHIFT };
	size_t n = 0;

	if (s->mods & SCANCODE_MOD_CTRL)
		n = scancode_put(out, n, ctrl, false);
	if (s->mods & SCANCODE_MOD_SHIFT)
		n = scancode_put(out, n, shift, false);
	n = scancode_put(out, n, s->key, false);
	n = scancode_put(out, n, s->key, true);
	if (s->mods & SCANCODE_MOD_SHIFT)
		n = scancode_put(out, n, shift, true);
	if (s->mods & SCANCODE_MOD_CTRL)
		n = scancode_put(out, n, ctrl, true);
	return n;
}
