/*
 * tui/sdl_keys.h - SDL's key events as a PC keyboard sends them: scancode
 * set 1 make and break codes (devices/scancode.h).
 *
 * SDL names a key by its position (SDL_Scancode: USB HID usage numbers),
 * not by what it types, and so does a PC scancode: the mapping is one
 * table from position to position, and the guest's keyboard driver
 * applies its own layout, as on a real PC.  Key repeat needs nothing
 * special: a held key sends its make code again, as a PC keyboard's
 * typematic repeat does.
 */
#ifndef TUI_SDL_KEYS_H
#define TUI_SDL_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "devices/scancode.h"

#define SDL_KEYS_MAX_BYTES SCANCODE_KEY_MAX   /* 0xe0, then the code */

/*
 * The bytes a PC keyboard sends when key sc goes down (down = true: the
 * make code) or up (the break code, make | 0x80), with the 0xe0 prefix
 * for the enhanced keyboard's keys.  Returns how many (1 or 2), or 0 for
 * a key vmscope does not map (Print Screen and Pause, whose multi-byte
 * sequences no guest here reads, and keys a PC keyboard does not have).
 */
size_t sdl_keys_bytes(SDL_Scancode sc, bool down,
		      uint8_t out[SDL_KEYS_MAX_BYTES]);

#endif /* TUI_SDL_KEYS_H */
