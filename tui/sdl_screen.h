/*
 * tui/sdl_screen.h - the VGA text screen as pixels: what the SDL window
 * shows, drawn by the CPU into a plain pixel array.
 *
 * A screen is 80x25 cells of (character, attribute) bytes, copied from
 * guest RAM at the CRT controller's start address.  Each cell becomes
 * 8x16 pixels: the character's code-page-437 glyph (tui/font8x16.h) in
 * the attribute's foreground colour on its background colour
 * (devices/vga_text.h: struct vga_cell, VGA_ATTR_*).  A blinking
 * character shows only in the "on" half of the blink period; the cell is
 * background in the other half.  The colours are the 16 a VGA BIOS loads
 * into the DAC for the text modes (the CGA's colours; IBM Color/Graphics
 * Monitor Adapter Technical Reference, colour table).  The cursor covers
 * its scan lines of the cell in the cell's foreground colour, in the "on"
 * half of its period.
 *
 * Nothing here calls SDL or takes a lock: tui/sdl_window.c does both.
 */
#ifndef TUI_SDL_SCREEN_H
#define TUI_SDL_SCREEN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/memory.h"
#include "devices/vga_text.h"
#include "guest/abi/machine.h"
#include "tui/font8x16.h"

#define SDL_SCREEN_CELLS  (VGA_TEXT_COLS * VGA_TEXT_ROWS)
#define SDL_SCREEN_WIDTH  (VGA_TEXT_COLS * FONT8X16_WIDTH)    /* 640 */
#define SDL_SCREEN_HEIGHT (VGA_TEXT_ROWS * FONT8X16_HEIGHT)   /* 400 */

#define SDL_SCREEN_COLOURS 16

/* The 16 text colours as 0xAARRGGBB (SDL_PIXELFORMAT_ARGB8888). */
extern const uint32_t sdl_screen_palette[SDL_SCREEN_COLOURS];

struct sdl_screen {
	struct vga_cell cells[SDL_SCREEN_CELLS]; /* row by row from the top */
	struct vga_cursor cursor;
	bool cursor_on;     /* the cursor's blink is in its "on" half */
	bool blink_on;      /* blinking characters' blink is "on" */
};

/*
 * Copy the screen's cells from guest RAM: cell 0 is the one at the start
 * address (cells from VGA_TEXT_BASE), and the screen wraps at the end of
 * the VGA window back to its first cell, as the CRT controller's address
 * counter does in the text window.
 */
void sdl_screen_capture(struct sdl_screen *s, const struct guest_mem *mem,
			unsigned start);
/* Does any cell blink (so the blink phase changes the picture)? */
bool sdl_screen_has_blink(const struct sdl_screen *s);
/* Draw the screen into pixels: SDL_SCREEN_HEIGHT rows of
 * SDL_SCREEN_WIDTH ARGB8888 pixels. */
void sdl_screen_render(const struct sdl_screen *s, uint32_t *pixels);

#endif /* TUI_SDL_SCREEN_H */
