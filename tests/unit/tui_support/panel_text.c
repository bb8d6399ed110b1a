/*
 * tests/unit/tui_support/panel_text.c - a panel's text for the panel tests
 * (see panel_text.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "tests/unit/tui_support/panel_text.h"
#include "tui/text_twin.h"

static char *text;   /* the last call's */

const char *panel_text(const struct tui_model *m, enum panel_id id, int w,
		       int h)
{
	size_t len;
	FILE *f;

	panel_text_free();
	f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(text_twin_panel(m, id, w, h, f), 0);
	assert_int_equal(fclose(f), 0);
	return text;
}

void panel_text_free(void)
{
	free(text);
	text = NULL;
}
