/*
 * tui/lesson_keys.c - a lesson's keys (see lesson_keys.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/layout.h"
#include "tui/lesson_keys.h"
#include "tui/panels.h"

static void note(struct tui_model *m, const char *text)
{
	snprintf(m->ui_note, sizeof(m->ui_note), "%s", text);
}

/* What a refused n, Space or r means, in the student's words. */
static void refused(struct tui_model *m, int err)
{
	const struct lesson_state *lv = &m->lesson;

	switch (err) {
	case -EBUSY:
		note(m, lv->phase == LESSON_ASKING ?
		     "answer the question first: a, then its letter or number" :
		     "the step is still running");
		break;
	case -EPERM:
		snprintf(m->ui_note, sizeof(m->ui_note), "step %s has not "
			 "passed: r retries it from a fresh boot, h gives a hint",
			 lv->lesson->steps[lv->step].id);
		break;
	case -ENOENT:
		note(m, "that was the last step: q quits");
		break;
	case -EAGAIN:
		note(m, "busy: the guest has not taken the last commands");
		break;
	}
}

static void answer_prompt(struct tui_model *m)
{
	if (m->lesson.phase != LESSON_ASKING) {
		note(m, "no question is asked now");
		return;
	}
	m->prompting = true;
	m->prompt_kind = PROMPT_ANSWER;
	m->prompt[0] = '\0';
}

bool lesson_key(struct tui_model *m, struct lesson_bridge *b, int ch)
{
	switch (ch) {
	case 'n': case ' ': refused(m, lesson_bridge_next(b)); return true;
	case 'r': refused(m, lesson_bridge_retry(b)); return true;
	case 'h':
		if (lesson_bridge_hint(b))
			note(m, "no more hints for this step");
		return true;
	case 'a': answer_prompt(m); return true;
	case 's': case 'l': case 'i': case 'c': case 'C': case 'p': case 'b':
	case 0x03:   /* Ctrl-C */
		note(m, "in a lesson the lesson runs the guest: n or Space "
		     "runs the step");
		return true;
	default:
		return false;
	}
}

/* The choice named by its id ("b") or its number ("2"), or -1. */
static int choice_of(const struct lesson_question *q, const char *text)
{
	char *end;
	long n;

	for (unsigned i = 0; i < q->nchoices; i++)
		if (strcmp(q->choices[i].id, text) == 0)
			return (int)i;
	n = strtol(text, &end, 10);
	if (end != text && !*end && n >= 1 && n <= (long)q->nchoices)
		return (int)n - 1;
	return -1;
}

void lesson_answer_text(struct tui_model *m, struct lesson_bridge *b,
			const char *text)
{
	const struct lesson_question *q = m->lesson.question;
	int chosen;

	if (m->lesson.phase != LESSON_ASKING || !q) {
		note(m, "no question is asked now");
		return;
	}
	chosen = choice_of(q, text);
	if (chosen < 0) {
		snprintf(m->ui_note, sizeof(m->ui_note), "'%.40s' is none of "
			 "the choices: a letter, or a number from 1 to %u",
			 text, q->nchoices);
		return;
	}
	if (lesson_bridge_answer(b, chosen))
		note(m, "no question is asked now");
}

/* `show PANEL`: the focus goes there, and to the slot if it takes one. */
static void show_panel(struct tui_model *m, const char *name)
{
	for (int p = 0; p < PANEL_COUNT; p++) {
		if (strcasecmp(panel_name((enum panel_id)p), name) != 0)
			continue;
		m->focus = (enum panel_id)p;
		if (layout_in_slot(m, m->focus))
			m->slot = m->focus;
	}
}

bool lesson_follow(struct tui_model *m, struct lesson_bridge *b)
{
	uint64_t before = m->lesson.version;

	if (lesson_bridge_view(b, &m->lesson) == before)
		return false;
	if (m->lesson.show_seq != m->lesson_shown) {
		m->lesson_shown = m->lesson.show_seq;
		if (m->lesson.show)
			show_panel(m, m->lesson.show);
	}
	return true;
}
