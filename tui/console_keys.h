/*
 * tui/console_keys.h - a key typed into the Console panel, as the guest's
 * keyboard would send it.
 */
#ifndef TUI_CONSOLE_KEYS_H
#define TUI_CONSOLE_KEYS_H

#include <stdbool.h>

#include "devices/scancode.h"

/* The stroke for an ncurses key code (getch()): printable characters,
 * Enter, Backspace, Escape, Ctrl-letter, the arrows, Home, End, Insert,
 * Delete, Page Up/Down.  false for a key the PC keyboard has no stroke for
 * (or that the TUI keeps for itself: Tab, Ctrl-C, Ctrl-L). */
bool console_key_stroke(int ch, struct scancode_stroke *out);

#endif /* TUI_CONSOLE_KEYS_H */
