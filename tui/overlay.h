/*
 * tui/overlay.h - a text over the panels: the help (? or F1) and the
 * selected exit in full (Enter).
 *
 * The text is word-wrapped to the box and scrolled with Up, Down, PgUp,
 * PgDn, Home and End (tui/app.c); any other key closes it.  The status
 * bar and the key bar stay visible below it.
 */
#ifndef TUI_OVERLAY_H
#define TUI_OVERLAY_H

#include "tui/grid.h"
#include "tui/model.h"

/* Draw m->overlay in v (the panels' part of the screen). */
void overlay_draw(const struct tui_model *m, const struct view *v);
/* The largest useful m->overlay_top in a panel area w x h: the text's
 * last row at the box's bottom. */
int overlay_max_top(const struct tui_model *m, int w, int h);
/* The rows one page down moves. */
int overlay_page(int h);

#endif /* TUI_OVERLAY_H */
