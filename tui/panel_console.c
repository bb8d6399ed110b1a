/*
 * tui/panel_console.c - what the guest wrote to its serial port, the
 * newest line at the bottom.  While this panel has the focus, keys go to
 * the guest's keyboard (the i8042, devices/i8042.c).
 *
 * A line wider than the panel wraps onto the rows below it, between
 * words, so nothing the guest wrote is cut off at the panel's edge.
 * (The model has already turned bytes that do not print into '.', and
 * wrapped lines at CONSOLE_COLS.)
 */
#include <string.h>

#include "tui/panels.h"

/* Draw row word-wrapped, its last piece on row bottom - 1 and the others
 * above it, as far as row 0; returns the row of the first piece (<= 0
 * when the view is full). */
static int put_row_above(const struct view *v, int bottom, const char *row)
{
	int pieces = view_wrap_rows(v->w, row);
	int y = bottom - (pieces > 0 ? pieces : 1);

	view_wrap(v, y, bottom - y, GA_NORMAL, row);
	return y;
}

void panel_console(const struct tui_model *m, const struct view *v)
{
	const char *row;
	int bottom = v->h;

	if (m->con.bytes == 0) {
		view_wrap(v, 0, v->h, GA_DIM, "(the guest has written nothing "
			  "to its serial port yet)");
		return;
	}
	if (v->w < 2)
		return;
	for (unsigned i = 0; bottom > 0 && (row = model_console_row(m, i)); i++)
		bottom = put_row_above(v, bottom, row);
}
