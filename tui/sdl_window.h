/*
 * tui/sdl_window.h - the VM's screen in an SDL2 window: `--display sdl`.
 *
 * The window shows the 80x25 VGA text screen from guest RAM at
 * VGA_TEXT_BASE, with the cursor from the CRT controller's registers
 * (devices/vga_text.h), drawn by tui/sdl_screen.c.  Keys pressed in the
 * window go to the guest's keyboard as set-1 scancodes (tui/sdl_keys.c,
 * vm_keys_push); closing the window asks the VM to stop
 * (vm_request_stop).
 *
 * A display thread of the window's own owns everything SDL - init, the
 * window, events, drawing - so the window works beside a front end that
 * owns the main thread (the ncurses view, the tracer).  It looks at the
 * screen 30 times a second and draws a frame only when something changed:
 * a page of the VGA window was written (vm_vga_take_dirty: the display is
 * that function's one caller), the start address or cursor moved, or the
 * cursor or a blinking character changed its blink phase.
 *
 * One window at a time (SDL's video subsystem is process-wide).  Open it
 * after vm_create and close it before vm_destroy.
 */
#ifndef TUI_SDL_WINDOW_H
#define TUI_SDL_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "core/vm.h"

struct sdl_window;

/*
 * Open the window and start its display thread.  Returns 0; -ENODEV when
 * SDL cannot open a display or the VM has no VGA (the reason in err,
 * e.g. SDL's "No available video device" without $DISPLAY); -ENOMEM or
 * another negative errno when the thread cannot start.  Nothing is left
 * running on failure.  SDL's signal handlers are not installed: SIGINT
 * stays the front end's.
 */
int sdl_window_open(struct sdl_window **out, struct vm *vm, char *err,
		    size_t errlen);
/* Stop the display thread and close the window; NULL is allowed. */
void sdl_window_close(struct sdl_window *w);

/* Frames drawn so far; any thread. */
uint64_t sdl_window_frames(const struct sdl_window *w);
/*
 * The last frame drawn, read back from SDL's renderer into pixels:
 * SDL_SCREEN_HEIGHT rows of SDL_SCREEN_WIDTH ARGB8888 pixels
 * (tui/sdl_screen.h).  Any thread but the display thread.  Returns 0,
 * -ETIMEDOUT when the display thread did not answer within 2 s, or -EIO
 * with SDL's error.  For tests and screenshots.
 */
int sdl_window_read_frame(struct sdl_window *w, uint32_t *pixels);

#endif /* TUI_SDL_WINDOW_H */
