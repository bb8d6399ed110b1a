/*
 * guest/kernel/vga.h - the console on the screen: VGA text mode, 80x25.
 */
#ifndef GUEST_KERNEL_VGA_H
#define GUEST_KERNEL_VGA_H

#include <stddef.h>

/* Show len bytes at the cursor position, as a terminal would: '\n' goes
 * to the start of the next line, '\r' to the start of this one, '\b' one
 * column left, '\t' to the next multiple of 8; the screen scrolls up
 * when the cursor leaves the last line. */
void vga_write(const char *buf, size_t len);

/* Move the blinking hardware cursor to where the next byte will go. */
void vga_update_cursor(void);

#endif /* GUEST_KERNEL_VGA_H */
