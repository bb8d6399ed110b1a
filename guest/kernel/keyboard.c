/*
 * guest/kernel/keyboard.c - the keyboard driver.
 *
 * Each IRQ 1 means the i8042 has one byte in its output buffer; the
 * handler reads it from port 0x60 - exactly once, since the read empties
 * the buffer and lets the next byte in - and feeds it to a small state
 * machine that turns scancode set 1 into characters for the tty.
 *
 * Scancode set 1 (devices/scancode.h on the host side makes the same
 * bytes): pressing a key sends its make code, releasing it the make code
 * with bit 7 set (the break code).  Keys the AT's enhanced keyboard added
 * send 0xe0 before both; Pause sends 0xe1 and two bytes, twice.  So the
 * driver keeps state across bytes: which modifiers are held, whether
 * Caps Lock is on, and whether a prefix came.
 *
 * What becomes a character: the keys of keymap.c, with Shift (either),
 * Caps Lock (letters only; Shift undoes it), Ctrl (Ctrl + letter gives
 * the control character, Ctrl-A = 0x01 ... Ctrl-Z = 0x1a), and on the
 * enhanced keyboard the keypad's Enter and '/'.  Everything else - the
 * arrows and the other 0xe0 keys, function keys, the keypad's other keys,
 * Alt - types nothing, and no prefixed byte is ever read as a plain key.
 */
#include <stdbool.h>
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/io.h"
#include "guest/kernel/irq.h"
#include "guest/kernel/keyboard.h"
#include "guest/kernel/keymap.h"
#include "guest/kernel/tty_line.h"

#define SC_EXTENDED   0xe0 /* prefix: the next byte is an enhanced key */
#define SC_PAUSE      0xe1 /* prefix: Pause; two more bytes follow */
#define SC_BREAK      0x80 /* set in a break code: the key was released */
#define SC_CTRL       0x1d /* left Ctrl; with 0xe0, right Ctrl */
#define SC_LSHIFT     0x2a
#define SC_RSHIFT     0x36
#define SC_CAPSLOCK   0x3a
#define SC_E0_ENTER   0x1c /* with 0xe0: the keypad's Enter */
#define SC_E0_SLASH   0x35 /* with 0xe0: the keypad's '/' */
#define PAUSE_BYTES   2    /* bytes after each 0xe1 */

#define NO_CHAR       (-1)
#define CTRL_MASK     0x1f /* Ctrl + letter: the letter's low 5 bits */

static struct {
	bool left_shift, right_shift, ctrl, caps_lock;
	bool extended;          /* the last byte was 0xe0 */
	unsigned pause_left;    /* bytes of a Pause sequence still to come */
} kbd;

static bool is_letter(char c)
{
	return c >= 'a' && c <= 'z';
}

/* A key of the main block was pressed: its character, or NO_CHAR. */
static int main_key(uint8_t code)
{
	char plain = code < KEYMAP_SIZE ? keymap_plain[code] : 0;
	bool shifted = kbd.left_shift || kbd.right_shift;

	if (plain == 0)
		return NO_CHAR;
	if (is_letter(plain)) {
		if (kbd.ctrl)
			return plain & CTRL_MASK;
		shifted ^= kbd.caps_lock;
	}
	return shifted ? keymap_shifted[code] : plain;
}

/*
 * An enhanced key (after 0xe0).  Right Ctrl is Ctrl; the keypad's Enter
 * and '/' type like their main-block twins.  The others - arrows, Home,
 * Insert, ..., and the "fake Shift" codes 0xe0 0x2a / 0xe0 0x36 that
 * keyboards wrap around some of them - type nothing and change no state.
 */
static int extended_key(uint8_t code, bool released)
{
	if (code == SC_CTRL) {
		kbd.ctrl = !released;
		return NO_CHAR;
	}
	if (released)
		return NO_CHAR;
	if (code == SC_E0_ENTER)
		return '\n';
	if (code == SC_E0_SLASH)
		return '/';
	return NO_CHAR;
}

/* Modifiers change state on press and release; Caps Lock toggles on
 * each press.  Returns whether code was a modifier. */
static bool modifier(uint8_t code, bool released)
{
	switch (code) {
	case SC_LSHIFT:
		kbd.left_shift = !released;
		return true;
	case SC_RSHIFT:
		kbd.right_shift = !released;
		return true;
	case SC_CTRL:
		kbd.ctrl = !released;
		return true;
	case SC_CAPSLOCK:
		if (!released)
			kbd.caps_lock = !kbd.caps_lock;
		return true;
	default:
		return false;
	}
}

/* One byte from the keyboard: the character it completes, or NO_CHAR. */
static int decode(uint8_t byte)
{
	uint8_t code = byte & (uint8_t)~SC_BREAK;
	bool released = (byte & SC_BREAK) != 0;

	if (kbd.pause_left > 0) {
		kbd.pause_left--;
		return NO_CHAR;
	}
	if (byte == SC_PAUSE) {
		kbd.pause_left = PAUSE_BYTES;
		return NO_CHAR;
	}
	if (byte == SC_EXTENDED) {
		kbd.extended = true;
		return NO_CHAR;
	}
	if (kbd.extended) {
		kbd.extended = false;
		return extended_key(code, released);
	}
	if (modifier(code, released) || released)
		return NO_CHAR;
	return main_key(code);
}

static void keyboard_interrupt(void)
{
	int c = decode(inb(PORT_I8042_DATA));

	if (c != NO_CHAR)
		tty_input((char)c);
}

void keyboard_start(void)
{
	irq_register(IRQ_KEYBOARD, keyboard_interrupt);
}
