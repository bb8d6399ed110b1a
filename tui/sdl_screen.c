/*
 * tui/sdl_screen.c - draw the VGA text screen into pixels.
 *
 * The drawing is what a VGA's attribute controller does for each scan
 * line of each character cell, done one cell at a time: take the glyph's
 * row, blank it when the character blinks and the blink is off, fill it
 * when the cursor covers that scan line, then paint set bits in the
 * foreground colour and clear bits in the background colour.
 */
#include <string.h>

#include "tui/sdl_screen.h"

/* 0xAARRGGBB: the DAC values a VGA BIOS loads for the text modes. */
const uint32_t sdl_screen_palette[SDL_SCREEN_COLOURS] = {
	0xff000000, /* 0 black */
	0xff0000aa, /* 1 blue */
	0xff00aa00, /* 2 green */
	0xff00aaaa, /* 3 cyan */
	0xffaa0000, /* 4 red */
	0xffaa00aa, /* 5 magenta */
	0xffaa5500, /* 6 brown */
	0xffaaaaaa, /* 7 light grey */
	0xff555555, /* 8 dark grey */
	0xff5555ff, /* 9 light blue */
	0xff55ff55, /* 10 light green */
	0xff55ffff, /* 11 light cyan */
	0xffff5555, /* 12 light red */
	0xffff55ff, /* 13 light magenta */
	0xffffff55, /* 14 yellow */
	0xffffffff, /* 15 white */
};

void sdl_screen_capture(struct sdl_screen *s, const struct guest_mem *mem,
			unsigned start)
{
	const struct vga_cell *window =
		guest_mem_ptr(mem, VGA_TEXT_BASE, VGA_TEXT_WINDOW);
	unsigned i;

	if (!window) {
		memset(s->cells, 0, sizeof(s->cells));
		return;
	}
	for (i = 0; i < SDL_SCREEN_CELLS; i++)
		s->cells[i] = window[(start + i) % VGA_TEXT_WINDOW_CELLS];
}

bool sdl_screen_has_blink(const struct sdl_screen *s)
{
	unsigned i;

	for (i = 0; i < SDL_SCREEN_CELLS; i++)
		if (s->cells[i].attr & VGA_ATTR_BLINK)
			return true;
	return false;
}

/* Is scan line y of cell (row, col) under a cursor that is showing? */
static bool cursor_covers(const struct sdl_screen *s, unsigned row,
			  unsigned col, unsigned y)
{
	const struct vga_cursor *c = &s->cursor;

	return s->cursor_on && c->visible && c->row == row && c->col == col &&
	       c->start <= y && y <= c->end;
}

static void render_cell(const struct sdl_screen *s, unsigned row,
			unsigned col, uint32_t *pixels)
{
	struct vga_cell cell = s->cells[row * VGA_TEXT_COLS + col];
	uint32_t fg = sdl_screen_palette[cell.attr & VGA_ATTR_FG_MASK];
	uint32_t bg = sdl_screen_palette[(cell.attr & VGA_ATTR_BG_MASK) >>
					 VGA_ATTR_BG_SHIFT];
	bool hidden = (cell.attr & VGA_ATTR_BLINK) && !s->blink_on;
	uint32_t *line = pixels + row * FONT8X16_HEIGHT * SDL_SCREEN_WIDTH +
			 col * FONT8X16_WIDTH;
	unsigned y, x;

	for (y = 0; y < FONT8X16_HEIGHT; y++) {
		uint8_t bits = hidden ? 0 : font8x16[cell.ch][y];

		if (cursor_covers(s, row, col, y))
			bits = 0xff;
		for (x = 0; x < FONT8X16_WIDTH; x++)
			line[x] = (bits & (0x80 >> x)) ? fg : bg;
		line += SDL_SCREEN_WIDTH;
	}
}

void sdl_screen_render(const struct sdl_screen *s, uint32_t *pixels)
{
	unsigned row, col;

	for (row = 0; row < VGA_TEXT_ROWS; row++)
		for (col = 0; col < VGA_TEXT_COLS; col++)
			render_cell(s, row, col, pixels);
}
