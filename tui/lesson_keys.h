/*
 * tui/lesson_keys.h - a lesson's keys in the full-screen view, and the
 * Lesson panel's view brought into the model once a frame.
 *
 *   n, Space   run the step; after it passed, the next one; go on after a
 *              `pause`.  A step that failed is not left that way: r.
 *   r          the step again, from a fresh boot
 *   h          the step's next hint
 *   a          answer the question: its choice's letter or number, Enter
 *
 * In a lesson the lesson runs the guest: the keys that would run it
 * besides (s, l, i, c, C, p, b) only say so, so the next step's checks
 * see the machine the lesson left.
 */
#ifndef TUI_LESSON_KEYS_H
#define TUI_LESSON_KEYS_H

#include <stdbool.h>

#include "tui/lesson_bridge.h"
#include "tui/model.h"

/* A key for the lesson: true when it was one (the answer is in ui_note
 * or the prompt opened). */
bool lesson_key(struct tui_model *m, struct lesson_bridge *b, int ch);
/* The `a` prompt's line, entered. */
void lesson_answer_text(struct tui_model *m, struct lesson_bridge *b,
			const char *text);
/* Copy the lesson's view into the model and act on a new `show`: true
 * when anything changed. */
bool lesson_follow(struct tui_model *m, struct lesson_bridge *b);

#endif /* TUI_LESSON_KEYS_H */
