/*
 * devices/scancode.h - keys as a PC keyboard reports them to the guest:
 * scancode set 1, the set an i8042 with translation on (command byte bit
 * 6, as every PC BIOS leaves it) hands to software.
 *
 * Codes from the IBM PC/AT Technical Reference (keyboard section) and
 * Microsoft's "Keyboard Scan Code Specification" (rev. 1.3a, 2000),
 * appendix C, scan code set 1.  A key press sends its make code; the
 * release sends the make code with bit 7 set (the break code).  Keys the
 * AT's enhanced keyboard added (the separate arrows, Home, End, ...) send
 * the prefix 0xe0 before both.
 *
 * The host side (TUI console panel, the tracer's --keys, the SDL window)
 * turns what it has - a character or a named key - into a struct
 * scancode_stroke, and the stroke into the bytes the i8042 queues.
 */
#ifndef DEVICES_SCANCODE_H
#define DEVICES_SCANCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCANCODE_EXTENDED  0xe0 /* prefix of the enhanced keyboard's keys */
#define SCANCODE_BREAK     0x80 /* or-ed into the make code: released */

/* Make codes of keys that are not printable characters */
#define SCANCODE_ESC       0x01
#define SCANCODE_BACKSPACE 0x0e
#define SCANCODE_TAB       0x0f
#define SCANCODE_ENTER     0x1c
#define SCANCODE_LCTRL     0x1d
#define SCANCODE_LSHIFT    0x2a
#define SCANCODE_RSHIFT    0x36
#define SCANCODE_LALT      0x38
#define SCANCODE_SPACE     0x39
#define SCANCODE_CAPSLOCK  0x3a
#define SCANCODE_F1        0x3b /* F1-F10 are 0x3b-0x44 */

/* Make codes that follow SCANCODE_EXTENDED */
#define SCANCODE_E0_HOME   0x47
#define SCANCODE_E0_UP     0x48
#define SCANCODE_E0_PGUP   0x49
#define SCANCODE_E0_LEFT   0x4b
#define SCANCODE_E0_RIGHT  0x4d
#define SCANCODE_E0_END    0x4f
#define SCANCODE_E0_DOWN   0x50
#define SCANCODE_E0_PGDN   0x51
#define SCANCODE_E0_INSERT 0x52
#define SCANCODE_E0_DELETE 0x53

/* Modifiers held down around a stroke */
#define SCANCODE_MOD_SHIFT 0x01 /* left Shift */
#define SCANCODE_MOD_CTRL  0x02 /* left Ctrl */

/* The longest stroke: Ctrl, Shift, E0 key, E0 key-break, Shift-, Ctrl-break */
#define SCANCODE_STROKE_MAX 8

struct scancode_key {
	uint8_t code;       /* set-1 make code */
	bool extended;      /* sent after SCANCODE_EXTENDED */
};

/* One key pressed and released, with modifiers held around it. */
struct scancode_stroke {
	struct scancode_key key;
	unsigned mods;      /* SCANCODE_MOD_* */
};

/*
 * The stroke that types ASCII character c on a US keyboard: letters,
 * digits, punctuation and space (with Shift where needed), '\n' and '\r'
 * as Enter, '\b' and DEL (0x7f) as Backspace, '\t' as Tab, ESC, and the
 * other control characters 0x01-0x1a as Ctrl + letter.  Returns 0, or
 * -EINVAL for anything else (NUL, 0x1c-0x1f, bytes above 0x7f).
 */
int scancode_from_ascii(unsigned char c, struct scancode_stroke *out);

/* One key's make (or, with release, break) code: the 0xe0 prefix first for
 * an extended key.  Returns how many bytes (1 or 2). */
#define SCANCODE_KEY_MAX 2
size_t scancode_key_bytes(struct scancode_key key, bool release,
			  uint8_t out[SCANCODE_KEY_MAX]);

/* The bytes of the stroke, press to release, into out; returns how many
 * (at most SCANCODE_STROKE_MAX). */
size_t scancode_stroke_bytes(const struct scancode_stroke *s,
			     uint8_t out[SCANCODE_STROKE_MAX]);

#endif /* DEVICES_SCANCODE_H */
