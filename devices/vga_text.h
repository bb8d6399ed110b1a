/*
 * devices/vga_text.h - the VGA in text mode 3: the CRT controller's
 * cursor and start-address registers, and the text buffer at 0xb8000.
 *
 * Register map from the IBM Personal System/2 Display Adapter (VGA)
 * Technical Reference (1987), "CRT Controller Registers" and "Attribute
 * Controller Registers", as FreeVGA restates them (crtcreg.htm,
 * attrreg.htm; the text buffer's layout: vgatext.htm).  The CRT
 * controller is reached through two ports (guest/abi/machine.h): write a
 * register's index to PORT_VGA_CRTC_INDEX (0x3d4), then read or write the
 * register at PORT_VGA_CRTC_DATA (0x3d5).
 *
 * The text buffer is guest RAM: 80x25 cells of (character, attribute)
 * bytes from VGA_TEXT_BASE, in a 32 KiB window (guest/abi/machine.h).  A
 * stage switch (core/memory.h, struct mem_window) decides what the CPU
 * sees there.  With RAM backing the device has nothing to do: stores go
 * straight to RAM and the backend's dirty log says which pages changed.
 * With MMIO backing every load and store is an exit; the device claims
 * the window on the MMIO bus, performs each access on the RAM bytes
 * behind it itself and marks the page dirty, and counts the accesses, so
 * the stats can show what the RAM mode saves.
 *
 * Threading: the bus handlers run on the vCPU thread.  The registers and
 * counters are atomics, so vga_text_get_cursor, vga_text_get_start and
 * vga_text_get_counters may be called from any thread (a display).
 */
#ifndef DEVICES_VGA_TEXT_H
#define DEVICES_VGA_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/bus.h"
#include "core/memory.h"
#include "guest/abi/machine.h"

/* CRT controller registers (index written to 0x3d4) */
#define VGA_CRTC_MAX_SCAN     0x09 /* maximum scan line: bits 4-0 are
				      the character height - 1 */
#define VGA_CRTC_CURSOR_START 0x0a /* cursor start scan line, cursor off */
#define VGA_CRTC_CURSOR_END   0x0b /* cursor end scan line, cursor skew */
#define VGA_CRTC_START_HIGH   0x0c /* start address, bits 15-8 */
#define VGA_CRTC_START_LOW    0x0d /* start address, bits 7-0 */
#define VGA_CRTC_CURSOR_HIGH  0x0e /* cursor location, bits 15-8 */
#define VGA_CRTC_CURSOR_LOW   0x0f /* cursor location, bits 7-0 */
#define VGA_CRTC_REGS         0x20 /* indices 0x00-0x1f (0x19-0x1f name no
				      register on a VGA; kept all the same) */
#define VGA_CRTC_INDEX_MASK   0x1f /* index bits the controller decodes */

/* Cursor Start Register (0x0a) */
#define VGA_CURSOR_SCAN_MASK  0x1f /* bits 4-0: first scan line of the
				      cursor within the cell */
#define VGA_CURSOR_DISABLE    0x20 /* bit 5: 1 = no cursor */
/* Cursor End Register (0x0b): bits 4-0 the last scan line; bits 6-5 skew
 * (stored, not modelled). */

/*
 * Start address and cursor location count character cells (2 bytes each)
 * from VGA_TEXT_BASE; the screen's first cell is the start address, and
 * the screen wraps at the end of the window back to its first cell.
 */
#define VGA_TEXT_WINDOW_CELLS (VGA_TEXT_WINDOW / 2)

/*
 * One cell of the text buffer: the character (a code page 437 byte), then
 * its attribute.  The attribute as a VGA reads it with blinking enabled,
 * the mode a BIOS sets (Attribute Mode Control register bit 3):
 */
#define VGA_ATTR_FG_MASK  0x0f  /* bits 3-0: foreground colour, 0-15 */
#define VGA_ATTR_BG_MASK  0x70  /* bits 6-4: background colour, 0-7 */
#define VGA_ATTR_BG_SHIFT 4
#define VGA_ATTR_BLINK    0x80  /* bit 7: the character blinks */

struct vga_cell {
	uint8_t ch;
	uint8_t attr;
};

struct vga_text;

/* The cursor as the CRT controller draws it. */
struct vga_cursor {
	unsigned row, col;   /* cell on the screen: the cursor location
				less the start address */
	bool visible;        /* enabled, and on the 80x25 screen */
	unsigned start, end; /* scan lines within the cell (0-31 as
				written; start > end draws no cursor) */
};

struct vga_text_counters {
	uint64_t mmio_loads;   /* MMIO mode: loads from the window */
	uint64_t mmio_stores;  /* ... and stores, each one an exit */
	uint64_t crtc_writes;  /* writes to a CRT controller register */
};

/*
 * Claim the CRT controller's ports on bus and, when mem's window has MMIO
 * backing, the window on the MMIO bus.  The window must be declared
 * (guest_mem_set_window) at VGA_TEXT_BASE with length VGA_TEXT_WINDOW
 * before this call.  Returns 0, -EINVAL (no such window), -ENOMEM, or the
 * bus's error; nothing is left allocated or claimed on failure.
 */
int vga_text_init(struct vga_text **out, struct bus *bus,
		  struct guest_mem *mem);
/* NULL is allowed.  The bus must not route accesses to it any more. */
void vga_text_free(struct vga_text *vga);
/* The registers as a BIOS leaves mode 3 (see devices/vga_text.c); the
 * counters are kept. */
void vga_text_reset(struct vga_text *vga);

/* Any thread. */
void vga_text_get_cursor(const struct vga_text *vga, struct vga_cursor *out);
/* The start address (cells from VGA_TEXT_BASE); any thread. */
unsigned vga_text_get_start(const struct vga_text *vga);
/* Any thread. */
void vga_text_get_counters(const struct vga_text *vga,
			   struct vga_text_counters *out);

#endif /* DEVICES_VGA_TEXT_H */
