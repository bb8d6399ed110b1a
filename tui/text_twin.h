/*
 * tui/text_twin.h - the panels as plain text (vmscope run --batch).
 *
 * Each panel renders through the same function the curses screen uses,
 * into a grid of its own, which is printed line by line with a heading:
 * for scripts, for tests, and for people who cannot use a full-screen
 * terminal.  No escape sequences, no attributes.
 */
#ifndef TUI_TEXT_TWIN_H
#define TUI_TEXT_TWIN_H

#include <stdio.h>

#include "tui/model.h"

#define TEXT_TWIN_WIDTH 120

void text_twin_print(const struct tui_model *m, int width, FILE *out);
/* One panel drawn at width x rows, printed as the twin prints it (no
 * heading; blank rows before and after its text left out): what a test
 * of a panel's text compares.  -ENOMEM, or 0. */
int text_twin_panel(const struct tui_model *m, enum panel_id id, int width,
		    int rows, FILE *out);

#endif /* TUI_TEXT_TWIN_H */
