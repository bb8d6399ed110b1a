/*
 * tui/screen.h - the terminal, through ncurses: open, show a grid, close.
 *
 * The terminal is always given back as it was: screen_close() runs at
 * exit, and the fatal signals (SIGSEGV, SIGABRT, SIGTERM, SIGBUS, SIGFPE,
 * SIGHUP, SIGQUIT, SIGINT from outside) end curses before the signal is
 * raised again with its default action.
 */
#ifndef TUI_SCREEN_H
#define TUI_SCREEN_H

#include <stdbool.h>

#include "tui/grid.h"

/* 0, or -errno (no terminal) with the reason in err. */
int screen_open(bool color, bool mouse, char *err, size_t len);
void screen_close(void);
void screen_size(int *w, int *h);
/* g the terminal's size: made again (and *resized set) when it is not.
 * 0, or -ENOMEM. */
int screen_fit_grid(struct grid *g, bool *resized);
/* Copy g to the terminal; only cells that changed since the last call are
 * written.  force: everything (after a resize or Ctrl-L). */
void screen_show(const struct grid *g, bool force);

#endif /* TUI_SCREEN_H */
