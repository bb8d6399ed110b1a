/*
 * tui/help.c - the help overlay (? or F1): every key, one line each.
 * tests/integration/test_tui_keys.sh checks that each key is listed.
 */
#include "tui/panels.h"

static const char *const help_lines[] = {
	"space, s   run to the next VM exit",
	"l          run to the next layer function (breakpoints)",
	"i          run one instruction (single step)",
	"c          continue, animated: one exit at a time",
	"C          continue flat out",
	"p, Ctrl-C  pause",
	"b          break on an exit reason or port (a prompt)",
	"r          restart the guest",
	"Tab        move the focus to the next panel",
	"Up, Down   select an exit in the exit log (End: newest)",
	"?, F1      this help; any key closes it",
	"Ctrl-L     redraw the screen",
	"q          quit",
	"",
	"With the Console focused, keys go to the guest's keyboard",
	"(Tab moves the focus away again).",
};

#define HELP_ROWS (int)(sizeof(help_lines) / sizeof(help_lines[0]))
#define HELP_WIDTH 64

void help_render(const struct view *v)
{
	int w = v->w < HELP_WIDTH ? v->w : HELP_WIDTH;
	int h = v->h < HELP_ROWS + 2 ? v->h : HELP_ROWS + 2;
	struct view box = view_sub(v, (v->w - w) / 2, (v->h - h) / 2, w, h);
	struct view in = view_sub(&box, 2, 1, w - 4, h - 2);

	view_fill(&box, GA_NORMAL);
	view_box(&box, "Help: keys", GA_TITLE);
	for (int i = 0; i < HELP_ROWS; i++)
		view_put(&in, 0, i, GA_NORMAL, help_lines[i]);
}
