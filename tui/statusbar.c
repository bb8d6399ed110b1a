/*
 * tui/statusbar.c - the bars at the bottom of the screen.
 *
 * The status bar says one true thing about the run - ready (nothing has
 * run yet), paused at exit N, running, or how the guest ended - then, as
 * far as they fit, the keys typed for a guest that has not taken them
 * yet, the break condition, the backend and the flow stage.
 *
 * The key bar shows what keys do in the focused panel (in the Console
 * they go to the guest, so it says how to leave), or the answer to the
 * last command; `? help  q quit` stay at its right end whatever else is
 * there (htop keeps F1 and F10 at 80 columns too).  Both bars wrap onto a
 * second row rather than cut a word.
 */
#include <stdio.h>
#include <string.h>

#include "core/exit_number.h"
#include "tui/panels.h"

#define BAR_ROWS_MAX 2

const char *vcpu_mode_name(enum vcpu_mode mode)
{
	static const char *const names[] = {
		[VCPU_PAUSED] = "paused",
		[VCPU_STEP_EXIT] = "running to the next exit",
		[VCPU_STEP_LAYER] = "running to the next layer",
		[VCPU_STEP_INSN] = "stepping one instruction",
		[VCPU_ANIMATED] = "continuing",
		[VCPU_FLAT_OUT] = "running flat out",
		[VCPU_JOB] = "in the lesson's step",
		[VCPU_ENDED] = "ended",
	};

	return mode <= VCPU_ENDED ? names[mode] : "?";
}

/* The run's state, in words a newcomer can act on. */
static void run_state(const struct tui_model *m, char *buf, size_t len)
{
	const struct vcpu_snapshot *s = &m->snap;
	/* the guest's own exits: l, i and b stops are counted apart */
	unsigned long long n = (unsigned long long)s->guest_exits;
	char at[80];

	exit_number_words((struct exit_number){ s->guest_exits, s->stop }, at,
			  sizeof(at));
	if (s->state == VM_CRASHED)
		snprintf(buf, len, "guest CRASHED at exit %llu: %s", n,
			 s->end_reason);
	else if (s->state != VM_RUNNING)
		snprintf(buf, len, "ended at exit %llu: %s", n, s->end_reason);
	else if (s->mode == VCPU_PAUSED && !s->have_exit)
		snprintf(buf, len, m->lesson_on ?
			 "ready: n or Space runs the lesson's step" :
			 "ready: press s to run to the first exit");
	else if (s->mode == VCPU_PAUSED)
		snprintf(buf, len, "paused at %s", at);
	else
		snprintf(buf, len, "%s, at exit %llu", vcpu_mode_name(s->mode),
			 n);
}

/* Add " | part" when the bar still fits in one row of w columns. */
static void add_part(char *buf, size_t len, int w, const char *part)
{
	size_t pos = strlen(buf);

	if ((int)(pos + 3 + strlen(part)) < w)
		snprintf(buf + pos, len - pos, " | %s", part);
}

/* The state first (it wraps when it must), then what else fits. */
static void status_text(const struct tui_model *m, int w, char *buf,
			size_t len)
{
	const struct vcpu_snapshot *s = &m->snap;
	char state[256], part[200], list[160];

	run_state(m, state, sizeof(state));
	snprintf(buf, len, " %s", state);
	if (m->keys_waiting && s->state == VM_RUNNING) {
		snprintf(part, sizeof(part), "%u key%s wait%s for the guest",
			 m->keys_waiting, m->keys_waiting == 1 ? "" : "s",
			 m->keys_waiting == 1 ? "s" : "");
		add_part(buf, len, w, part);
	}
	if (s->debug_stops) {
		snprintf(part, sizeof(part), "%llu stop%s counted apart",
			 (unsigned long long)s->debug_stops,
			 s->debug_stops == 1 ? "" : "s");
		add_part(buf, len, w, part);
	}
	if (s->nbrks) {
		snprintf(part, sizeof(part), "break %s",
			 stop_cond_list(s->brks, s->nbrks, list, sizeof(list)));
		add_part(buf, len, w, part);
	}
	snprintf(part, sizeof(part), "%s (%s)", s->backend ? s->backend : "?",
		 host_flavour_name(s->flavour));
	add_part(buf, len, w, part);
	add_part(buf, len, w, "flow: unwind at each exit");
}

static int rows_for(int w, const char *text)
{
	int rows = view_wrap_rows(w, text);

	return rows < 1 ? 1 : rows > BAR_ROWS_MAX ? BAR_ROWS_MAX : rows;
}

int statusbar_rows(const struct tui_model *m, int w)
{
	char text[512];

	status_text(m, w, text, sizeof(text));
	return rows_for(w, text);
}

void statusbar_render(const struct tui_model *m, const struct view *v)
{
	char text[512];

	view_fill(v, GA_BAR);
	status_text(m, v->w, text, sizeof(text));
	view_wrap(v, 0, v->h, GA_BAR, text);
}

/* The keys of the main screen, the most needed first: what does not fit
 * the bar is left out whole (the help lists every key). */
static const char *const main_keys[] = {
	"s exit", "c cont", "l layer", "i insn", "b break", "p pause",
	"Tab panel", "C fast", "r restart", NULL,
};
static const char *const exits_keys[] = {
	"Up/Down select", "Enter detail", "s exit", "c cont", "l layer",
	"i insn", "b break", "p pause", "Tab panel", NULL,
};
static const char *const network_keys[] = {
	"n next path", "d ring", "s exit", "c cont", "C fast", "p pause",
	"Tab panel", NULL,
};
static const char *const network_ring_keys[] = {
	"d counters", "n next path", "s exit", "c cont", "C fast", "p pause",
	"Tab panel", NULL,
};
static const char *const console_keys[] = {
	"typing goes to the guest", "Tab leave", NULL,
};
static const char *const lesson_keys[] = {
	"n/Space next", "a answer", "h hint", "r retry", "Tab panel",
	"Enter detail", NULL,
};
static const char *const overlay_keys[] = {
	"Up/Down PgUp/PgDn scroll", NULL,
};

/* The right end of the key bar, and the keys to its left. */
static const char *keys_right(const struct tui_model *m)
{
	if (m->overlay != OVERLAY_NONE)
		return "other keys close";
	return m->focus == PANEL_CONSOLE ? "F1 help" : "? help  q quit";
}

static const char *const *keys_left(const struct tui_model *m)
{
	if (m->overlay != OVERLAY_NONE)
		return overlay_keys;
	if (m->focus == PANEL_CONSOLE)
		return console_keys;
	if (m->lesson_on)
		return lesson_keys;
	if (m->focus == PANEL_NETWORK)
		return m->net_ring ? network_ring_keys : network_keys;
	return m->focus == PANEL_EXITS ? exits_keys : main_keys;
}

static const char *note_of(const struct tui_model *m)
{
	if (m->overlay != OVERLAY_NONE)
		return "";
	return m->ui_note[0] ? m->ui_note : m->snap.note;
}

/* The columns left of the right end: a space, the text, a free column. */
static int left_width(const struct tui_model *m, int w)
{
	return w - (int)strlen(keys_right(m)) - 3;
}

int keybar_rows(const struct tui_model *m, int w)
{
	const char *note = note_of(m);

	if (m->prompting || !note[0])
		return 1;
	return rows_for(left_width(m, w) - 1, note);
}

static void key_list(const char *const *keys, const struct view *v)
{
	int x = 1;

	for (; *keys; keys++) {
		int n = (int)strlen(*keys);

		if (x + n >= v->w)   /* keep the last column free */
			break;
		view_put(v, x, 0, GA_BAR, *keys);
		x += n + 2;
	}
}

void keybar_render(const struct tui_model *m, const struct view *v)
{
	const char *note = note_of(m), *right = keys_right(m);
	int lw = left_width(m, v->w);
	struct view left = view_sub(v, 0, 0, lw, v->h);
	struct view in = view_sub(&left, 1, 0, lw - 1, v->h);
	struct view end = view_sub(v, lw, v->h - 1, v->w - lw, 1);

	view_fill(v, GA_BAR);
	if (m->prompting) {
		/* what is typed first, so a narrow bar never hides it */
		if (m->prompt_kind == PROMPT_ANSWER)
			view_printf(v, 0, v->h - 1, GA_BAR, " answer: %s_   (the "
				    "choice's letter or number, Enter; Esc "
				    "cancels)", m->prompt);
		else
			view_printf(v, 0, v->h - 1, GA_BAR, " break on: %s_   "
				    "(%s)", m->prompt,
				    stop_cond_syntax(model_nesting(m) ?
						     m->snap.nest.depth : 0));
		return;
	}
	if (note[0])
		view_wrap(&in, 0, in.h, GA_WARN, note);
	else
		key_list(keys_left(m), &left);
	view_put(&end, 1, 0, GA_BAR, right);
}
