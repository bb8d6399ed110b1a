/*
 * tui/layout.h - where each panel goes, for any terminal size.
 *
 * From 120x40 up every panel is on screen: Flow and CPU on top, the exit
 * log across the middle, Console and Stats below; Tab brings the
 * Interrupts panel (the 8259s) to the top right.  From 80x24 the exit
 * log, the flow and one "slot" panel share the screen; Tab cycles the
 * focus through all six, and a focused Console, CPU, Stats or Interrupts
 * panel takes the slot.  With --nested the Nesting panel is one more: on a full
 * screen in the CPU's place (the CPU then shares Stats'), on a small one
 * in the slot.  Below 80x24 there is only a message.  The bottom lines are
 * the status bar and the key bar, usually one row each; a long status
 * (a crash) or answer wraps onto a second.  In a lesson (`vmscope
 * lesson`) the Lesson panel is always on screen: where the CPU panel is
 * on a full screen, beside the Flow on a small one.
 */
#ifndef TUI_LAYOUT_H
#define TUI_LAYOUT_H

#include <stdbool.h>

#include "tui/grid.h"
#include "tui/model.h"

#define LAYOUT_MIN_W 80
#define LAYOUT_MIN_H 24
#define LAYOUT_FULL_W 120
#define LAYOUT_FULL_H 40

struct rect {
	int x, y, w, h;
};

struct layout {
	bool too_small;
	bool full;                      /* every panel shown */
	bool shown[PANEL_COUNT];
	struct rect panel[PANEL_COUNT]; /* frames included */
	struct rect area;               /* all the panels: the overlays' */
	struct rect status, keys;
};

/* Is panel id part of this view (the Lesson in a lesson, Nesting with
 * --nested, the others always)? */
bool layout_panel_on(const struct tui_model *m, enum panel_id id);
/* Can panel id take the slot (Tab brings it there)? */
bool layout_in_slot(const struct tui_model *m, enum panel_id id);
/* The layout of a w x h screen for m (its slot panel, and how many rows
 * its bars need). */
void layout_compute(const struct tui_model *m, int w, int h,
		    struct layout *out);
/* The panel under a screen cell (mouse clicks), or PANEL_COUNT. */
enum panel_id layout_hit(const struct layout *l, int x, int y);
/* The whole screen into g (sized to the terminal): frames, panels, the
 * bars, the help overlay, or the "too small" message. */
void layout_draw(const struct tui_model *m, struct grid *g);

#endif /* TUI_LAYOUT_H */
