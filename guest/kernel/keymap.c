/*
 * guest/kernel/keymap.c - the US keyboard layout, scancode set 1.
 *
 * Scancode set 1 numbers the keys row by row, left to right, so the
 * tables read like the keyboard: each line below is one row, starting at
 * the make code in its comment.  Source: Microsoft's "Keyboard Scan Code
 * Specification" rev. 1.3a, appendix C; the IBM PC/AT Technical Reference
 * agrees for these keys.  The tables are strings with NULs in them (keys
 * that type nothing); the compiler adds the final NUL, which is why the
 * arrays are one byte shorter than the strings.
 */
#include "guest/kernel/keymap.h"

const char keymap_plain[KEYMAP_SIZE] =
	"\0\033"                /* 0x00: none, Esc */
	"1234567890-=\b\t"      /* 0x02: digits ... Backspace, Tab */
	"qwertyuiop[]\n"        /* 0x10: ... Enter */
	"\0asdfghjkl;'`"        /* 0x1d: Ctrl, ... */
	"\0\\zxcvbnm,./"        /* 0x2a: left Shift, ... */
	"\0*\0 ";               /* 0x36: right Shift, keypad *, Alt, Space */

const char keymap_shifted[KEYMAP_SIZE] =
	"\0\033"
	"!@#$%^&*()_+\b\t"
	"QWERTYUIOP{}\n"
	"\0ASDFGHJKL:\"~"
	"\0|ZXCVBNM<>?"
	"\0*\0 ";
