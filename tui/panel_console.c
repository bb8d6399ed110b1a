/*
 * tui/panel_console.c - what the guest wrote to its serial port, the
 * newest line at the bottom.  While this panel has the focus, keys go to
 * the guest's keyboard (the i8042, devices/i8042.c).
 */
#include "tui/panels.h"

void panel_console(const struct tui_model *m, const struct view *v)
{
	int rows = v->h;

	if (m->con.bytes == 0) {
		view_wrap(v, 0, rows, GA_DIM, "(the guest has written nothing "
			  "to its serial port yet)");
		return;
	}
	for (int r = 0; r < rows; r++) {
		const char *row = model_console_row(m, (unsigned)(rows - 1 - r));

		if (row)
			view_put(v, 0, r, GA_NORMAL, row);
	}
}
