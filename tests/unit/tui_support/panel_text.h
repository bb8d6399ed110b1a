/*
 * tests/unit/tui_support/panel_text.h - a panel's text for the panel
 * tests: the panel drawn by its own function into a grid and printed as
 * the text twin prints it (tui/text_twin.h), from a model the test filled
 * by hand.  Linked into the tests of the TUI only (tests/tests.mk).
 */
#ifndef TESTS_PANEL_TEXT_H
#define TESTS_PANEL_TEXT_H

#include "tui/model.h"

/* Panel id of m at w x h; the text is kept until the next call or
 * panel_text_free().  Fails the test when it cannot be drawn. */
const char *panel_text(const struct tui_model *m, enum panel_id id, int w,
		       int h);
void panel_text_free(void);

#endif /* TESTS_PANEL_TEXT_H */
