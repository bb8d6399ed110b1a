/*
 * tui/sdl_window.h - the VM's screen in an SDL2 window: `--display sdl`.
 *
 * The window shows the 80x25 VGA text screen from guest RAM at
 * VGA_TEXT_BASE, with the cursor from the CRT controller's registers
 * (devices/vga_text.h), drawn by tui/sdl_screen.c.  Keys pressed in the
 * window go to the guest's keyboard as set-1 scancodes (tui/sdl_keys.c,
 * vm_keys_push).  Closing the window asks the VM to stop
 * (vm_request_stop_why) - or, beside the full-screen view, only hides
 * the window, and the view goes on.
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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/vm.h"

struct sdl_window;

/*
 * Open the window and start its display thread.  Returns 0; -ENODEV when
 * SDL2 is not installed (tui/sdl_lib.h: it is loaded here, the first
 * time), SDL cannot open a display or the VM has no VGA (the reason in err,
 * e.g. SDL's "No available video device" without $DISPLAY); -ENOMEM or
 * another negative errno when the thread cannot start.  Nothing is left
 * running on failure.  SDL's signal handlers are not installed: SIGINT
 * stays the front end's.  Without $SDL_VIDEODRIVER and with neither
 * $DISPLAY nor $WAYLAND_DISPLAY set, SDL is not even tried (it would
 * print Wayland's noise about XDG_RUNTIME_DIR).  close_hides: the close
 * button hides the window instead of stopping the VM.
 */
int sdl_window_open(struct sdl_window **out, struct vm *vm,
		    bool close_hides, char *err, size_t errlen);
/* Wait up to timeout_ms for the window's user to close it; true once
 * they have (any thread but the display thread). */
bool sdl_window_wait_closed(struct sdl_window *w, int timeout_ms);
/* Did the close button hide the window (as SDL's flags said right after)?
 * For tests; any thread. */
bool sdl_window_hidden(struct sdl_window *w);
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
