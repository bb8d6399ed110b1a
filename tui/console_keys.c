/*
 * tui/console_keys.c - ncurses key codes to PC key strokes.
 *
 * Characters go through scancode_from_ascii() (a US layout, Shift where
 * needed, control characters as Ctrl + letter).  ncurses' own codes for
 * the keys a terminal sends as escape sequences map to the enhanced
 * keyboard's E0-prefixed keys.
 */
#include <curses.h>

#include "tui/console_keys.h"

#define CTRL(c) ((c) & 0x1f)

static const struct {
	int curses;
	uint8_t code;   /* after SCANCODE_EXTENDED */
} extended_keys[] = {
	{ KEY_UP, SCANCODE_E0_UP },       { KEY_DOWN, SCANCODE_E0_DOWN },
	{ KEY_LEFT, SCANCODE_E0_LEFT },   { KEY_RIGHT, SCANCODE_E0_RIGHT },
	{ KEY_HOME, SCANCODE_E0_HOME },   { KEY_END, SCANCODE_E0_END },
	{ KEY_IC, SCANCODE_E0_INSERT },   { KEY_DC, SCANCODE_E0_DELETE },
	{ KEY_PPAGE, SCANCODE_E0_PGUP },  { KEY_NPAGE, SCANCODE_E0_PGDN },
};

bool console_key_stroke(int ch, struct scancode_stroke *out)
{
	for (size_t i = 0; i < sizeof(extended_keys) / sizeof(extended_keys[0]);
	     i++) {
		if (extended_keys[i].curses == ch) {
			*out = (struct scancode_stroke){
				.key = { extended_keys[i].code, true } };
			return true;
		}
	}
	if (ch == KEY_ENTER)
		ch = '\n';
	if (ch == KEY_BACKSPACE)
		ch = '\b';
	if (ch == '\t' || ch == CTRL('c') || ch == CTRL('l') || ch < 0 ||
	    ch > 0x7f)
		return false;
	return scancode_from_ascii((unsigned char)ch, out) == 0;
}
