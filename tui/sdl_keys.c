/*
 * tui/sdl_keys.c - the table from SDL key positions to set-1 make codes.
 *
 * Codes from Microsoft's "Keyboard Scan Code Specification" rev. 1.3a,
 * appendix C (the "Scan 1 Make" column), which lists each key with its USB
 * HID usage - the number SDL_Scancode uses.  Named constants come from
 * devices/scancode.h where it has them; the rest are the spec's numbers.
 * A zero code means "not mapped".
 */
#include "devices/scancode.h"
#include "tui/sdl_keys.h"

static const struct scancode_key sdl_keys_table[SDL_NUM_SCANCODES] = {
	/* Main block, row by row as the spec numbers it */
	[SDL_SCANCODE_ESCAPE]       = { SCANCODE_ESC, false },
	[SDL_SCANCODE_1]            = { 0x02, false },
	[SDL_SCANCODE_2]            = { 0x03, false },
	[SDL_SCANCODE_3]            = { 0x04, false },
	[SDL_SCANCODE_4]            = { 0x05, false },
	[SDL_SCANCODE_5]            = { 0x06, false },
	[SDL_SCANCODE_6]            = { 0x07, false },
	[SDL_SCANCODE_7]            = { 0x08, false },
	[SDL_SCANCODE_8]            = { 0x09, false },
	[SDL_SCANCODE_9]            = { 0x0a, false },
	[SDL_SCANCODE_0]            = { 0x0b, false },
	[SDL_SCANCODE_MINUS]        = { 0x0c, false },
	[SDL_SCANCODE_EQUALS]       = { 0x0d, false },
	[SDL_SCANCODE_BACKSPACE]    = { SCANCODE_BACKSPACE, false },
	[SDL_SCANCODE_TAB]          = { SCANCODE_TAB, false },
	[SDL_SCANCODE_Q]            = { 0x10, false },
	[SDL_SCANCODE_W]            = { 0x11, false },
	[SDL_SCANCODE_E]            = { 0x12, false },
	[SDL_SCANCODE_R]            = { 0x13, false },
	[SDL_SCANCODE_T]            = { 0x14, false },
	[SDL_SCANCODE_Y]            = { 0x15, false },
	[SDL_SCANCODE_U]            = { 0x16, false },
	[SDL_SCANCODE_I]            = { 0x17, false },
	[SDL_SCANCODE_O]            = { 0x18, false },
	[SDL_SCANCODE_P]            = { 0x19, false },
	[SDL_SCANCODE_LEFTBRACKET]  = { 0x1a, false },
	[SDL_SCANCODE_RIGHTBRACKET] = { 0x1b, false },
	[SDL_SCANCODE_RETURN]       = { SCANCODE_ENTER, false },
	[SDL_SCANCODE_LCTRL]        = { SCANCODE_LCTRL, false },
	[SDL_SCANCODE_A]            = { 0x1e, false },
	[SDL_SCANCODE_S]            = { 0x1f, false },
	[SDL_SCANCODE_D]            = { 0x20, false },
	[SDL_SCANCODE_F]            = { 0x21, false },
	[SDL_SCANCODE_G]            = { 0x22, false },
	[SDL_SCANCODE_H]            = { 0x23, false },
	[SDL_SCANCODE_J]            = { 0x24, false },
	[SDL_SCANCODE_K]            = { 0x25, false },
	[SDL_SCANCODE_L]            = { 0x26, false },
	[SDL_SCANCODE_SEMICOLON]    = { 0x27, false },
	[SDL_SCANCODE_APOSTROPHE]   = { 0x28, false },
	[SDL_SCANCODE_GRAVE]        = { 0x29, false },
	[SDL_SCANCODE_LSHIFT]       = { SCANCODE_LSHIFT, false },
	[SDL_SCANCODE_BACKSLASH]    = { 0x2b, false },
	[SDL_SCANCODE_NONUSHASH]    = { 0x2b, false },  /* same position */
	[SDL_SCANCODE_Z]            = { 0x2c, false },
	[SDL_SCANCODE_X]            = { 0x2d, false },
	[SDL_SCANCODE_C]            = { 0x2e, false },
	[SDL_SCANCODE_V]            = { 0x2f, false },
	[SDL_SCANCODE_B]            = { 0x30, false },
	[SDL_SCANCODE_N]            = { 0x31, false },
	[SDL_SCANCODE_M]            = { 0x32, false },
	[SDL_SCANCODE_COMMA]        = { 0x33, false },
	[SDL_SCANCODE_PERIOD]       = { 0x34, false },
	[SDL_SCANCODE_SLASH]        = { 0x35, false },
	[SDL_SCANCODE_RSHIFT]       = { SCANCODE_RSHIFT, false },
	[SDL_SCANCODE_LALT]         = { SCANCODE_LALT, false },
	[SDL_SCANCODE_SPACE]        = { SCANCODE_SPACE, false },
	[SDL_SCANCODE_CAPSLOCK]     = { SCANCODE_CAPSLOCK, false },
	[SDL_SCANCODE_NONUSBACKSLASH] = { 0x56, false }, /* ISO key by L-Shift */

	/* Function keys: F1-F10 consecutive, F11 and F12 came later */
	[SDL_SCANCODE_F1]           = { SCANCODE_F1 + 0, false },
	[SDL_SCANCODE_F2]           = { SCANCODE_F1 + 1, false },
	[SDL_SCANCODE_F3]           = { SCANCODE_F1 + 2, false },
	[SDL_SCANCODE_F4]           = { SCANCODE_F1 + 3, false },
	[SDL_SCANCODE_F5]           = { SCANCODE_F1 + 4, false },
	[SDL_SCANCODE_F6]           = { SCANCODE_F1 + 5, false },
	[SDL_SCANCODE_F7]           = { SCANCODE_F1 + 6, false },
	[SDL_SCANCODE_F8]           = { SCANCODE_F1 + 7, false },
	[SDL_SCANCODE_F9]           = { SCANCODE_F1 + 8, false },
	[SDL_SCANCODE_F10]          = { SCANCODE_F1 + 9, false },
	[SDL_SCANCODE_F11]          = { 0x57, false },
	[SDL_SCANCODE_F12]          = { 0x58, false },

	/* Keypad, and the locks above it */
	[SDL_SCANCODE_NUMLOCKCLEAR] = { 0x45, false },
	[SDL_SCANCODE_SCROLLLOCK]   = { 0x46, false },
	[SDL_SCANCODE_KP_MULTIPLY]  = { 0x37, false },
	[SDL_SCANCODE_KP_7]         = { 0x47, false },
	[SDL_SCANCODE_KP_8]         = { 0x48, false },
	[SDL_SCANCODE_KP_9]         = { 0x49, false },
	[SDL_SCANCODE_KP_MINUS]     = { 0x4a, false },
	[SDL_SCANCODE_KP_4]         = { 0x4b, false },
	[SDL_SCANCODE_KP_5]         = { 0x4c, false },
	[SDL_SCANCODE_KP_6]         = { 0x4d, false },
	[SDL_SCANCODE_KP_PLUS]      = { 0x4e, false },
	[SDL_SCANCODE_KP_1]         = { 0x4f, false },
	[SDL_SCANCODE_KP_2]         = { 0x50, false },
	[SDL_SCANCODE_KP_3]         = { 0x51, false },
	[SDL_SCANCODE_KP_0]         = { 0x52, false },
	[SDL_SCANCODE_KP_PERIOD]    = { 0x53, false },
	[SDL_SCANCODE_KP_ENTER]     = { SCANCODE_ENTER, true },
	[SDL_SCANCODE_KP_DIVIDE]    = { 0x35, true },

	/* The enhanced keyboard's keys: 0xe0, then the code of the key the
	 * old keyboard had in that role */
	[SDL_SCANCODE_RCTRL]        = { SCANCODE_LCTRL, true },
	[SDL_SCANCODE_RALT]         = { SCANCODE_LALT, true },
	[SDL_SCANCODE_LGUI]         = { 0x5b, true },
	[SDL_SCANCODE_RGUI]         = { 0x5c, true },
	[SDL_SCANCODE_APPLICATION]  = { 0x5d, true },
	[SDL_SCANCODE_INSERT]       = { SCANCODE_E0_INSERT, true },
	[SDL_SCANCODE_DELETE]       = { SCANCODE_E0_DELETE, true },
	[SDL_SCANCODE_HOME]         = { SCANCODE_E0_HOME, true },
	[SDL_SCANCODE_END]          = { SCANCODE_E0_END, true },
	[SDL_SCANCODE_PAGEUP]       = { SCANCODE_E0_PGUP, true },
	[SDL_SCANCODE_PAGEDOWN]     = { SCANCODE_E0_PGDN, true },
	[SDL_SCANCODE_UP]           = { SCANCODE_E0_UP, true },
	[SDL_SCANCODE_DOWN]         = { SCANCODE_E0_DOWN, true },
	[SDL_SCANCODE_LEFT]         = { SCANCODE_E0_LEFT, true },
	[SDL_SCANCODE_RIGHT]        = { SCANCODE_E0_RIGHT, true },
};

size_t sdl_keys_bytes(SDL_Scancode sc, bool down,
		      uint8_t out[SDL_KEYS_MAX_BYTES])
{
	if ((unsigned)sc >= SDL_NUM_SCANCODES || sdl_keys_table[sc].code == 0)
		return 0;
	return scancode_key_bytes(sdl_keys_table[sc], !down, out);
}
