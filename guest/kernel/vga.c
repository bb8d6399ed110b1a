/*
 * guest/kernel/vga.c - the VGA text screen.
 *
 * In text mode 3 the screen is 80x25 cells in memory at 0xb8000, row by
 * row; each cell is 16 bits: the character (code page 437) in the low
 * byte and its attribute in the high byte (background colour in bits
 * 6-4, foreground in bits 3-0; 0x07 is light grey on black).  The display
 * hardware reads the cells by itself, so writing a cell is all it takes
 * to show a character.
 *
 * vmscope can back that memory with RAM (stores cost nothing, the screen
 * is redrawn from the dirty pages) or with MMIO (every access is a VM exit
 * and the software CPU allows one MMIO access per instruction).  For the
 * second, this driver touches the screen as little and as plainly as it
 * can:
 *   - one 16-bit store through a volatile pointer per cell, never a
 *     block copy (memmove, `rep movs`) and never a read;
 *   - scrolling moves a shadow copy of the screen, kept in ordinary
 *     kernel memory, and then writes the cells from it.  Only the cells
 *     that may change are written: each row's length (the cells up to
 *     the last one written) is kept, and past it a row is blank - a
 *     space in light grey, as vmscope leaves the screen at entry, like a
 *     BIOS - so a row needs rewriting only up to the longer of its old
 *     and its new length.  Under PVM, where ring-0 code is
 *     emulated, that is also most of the time a scroll takes.
 * The screen is blank at entry (guest/abi/machine.h), so the kernel does
 * not clear it.
 *
 * The blinking cursor is the CRT controller's: registers 0x0e and 0x0f
 * (cursor location high and low) through the index port 0x3d4 and the
 * data port 0x3d5 - four `out`s, done once per console write, not per
 * byte.  Register numbers: IBM VGA Technical Reference, "CRT Controller
 * Registers".
 */
#include <stddef.h>
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/kernel/io.h"
#include "guest/kernel/vga.h"

#define CRTC_CURSOR_HIGH  0x0e /* cursor location, bits 15-8 */
#define CRTC_CURSOR_LOW   0x0f /* cursor location, bits 7-0 */

#define ATTR_GREY_ON_BLACK 0x07
#define TAB_WIDTH         8
#define BLANK             VGA_BLANK_CELL /* a cell never written */

static volatile uint16_t (*const screen)[VGA_TEXT_COLS] =
	(volatile uint16_t (*)[VGA_TEXT_COLS])VGA_TEXT_BASE;
static uint16_t shadow[VGA_TEXT_ROWS][VGA_TEXT_COLS]; /* what it shows */
static unsigned row_len[VGA_TEXT_ROWS]; /* cells in use; the rest BLANK */
static unsigned row, col;               /* where the next character goes */

static void put_cell(unsigned r, unsigned c, uint16_t value)
{
	shadow[r][c] = value;
	screen[r][c] = value;
}

static uint16_t cell(char c)
{
	return (uint16_t)(ATTR_GREY_ON_BLACK << 8 | (uint8_t)c);
}

/* Move every line up by one; the last one comes in blank. */
static void scroll(void)
{
	for (unsigned r = 0; r < VGA_TEXT_ROWS; r++) {
		unsigned next_len = r + 1 < VGA_TEXT_ROWS ? row_len[r + 1] : 0;
		unsigned c;

		for (c = 0; c < next_len; c++)
			put_cell(r, c, shadow[r + 1][c]);
		for (; c < row_len[r]; c++)
			put_cell(r, c, BLANK);
		row_len[r] = next_len;
	}
}

static void new_line(void)
{
	col = 0;
	if (++row == VGA_TEXT_ROWS) {
		scroll();
		row = VGA_TEXT_ROWS - 1;
	}
}

static void put_char(char c)
{
	switch (c) {
	case '\n':
		new_line();
		break;
	case '\r':
		col = 0;
		break;
	case '\b':
		if (col > 0)
			col--;
		break;
	case '\t':
		col = (col + TAB_WIDTH) / TAB_WIDTH * TAB_WIDTH;
		if (col >= VGA_TEXT_COLS)
			new_line();
		break;
	default:
		put_cell(row, col, cell(c));
		if (col >= row_len[row])
			row_len[row] = col + 1;
		if (++col == VGA_TEXT_COLS)
			new_line();
		break;
	}
}

void vga_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		put_char(buf[i]);
}

void vga_update_cursor(void)
{
	unsigned pos = row * VGA_TEXT_COLS + col;

	outb(PORT_VGA_CRTC_INDEX, CRTC_CURSOR_HIGH);
	outb(PORT_VGA_CRTC_DATA, (uint8_t)(pos >> 8));
	outb(PORT_VGA_CRTC_INDEX, CRTC_CURSOR_LOW);
	outb(PORT_VGA_CRTC_DATA, (uint8_t)pos);
}
