/*
 * cli/lesson_text.h - a lesson for a person at a plain terminal: the
 * narration, every exit as the tracer prints it, the questions asked and
 * answered at a prompt, hints on request, a failed step retried from a
 * fresh boot.  Passed steps are kept (cli/lesson_progress.h).
 */
#ifndef CLI_LESSON_TEXT_H
#define CLI_LESSON_TEXT_H

#include <stdio.h>

#include "cli/lesson_progress.h"
#include "core/lesson.h"

/* Run lesson on backend, reading the student's keys from in.  Returns 0
 * when every step passed, 1 otherwise (quit, failed, end of input). */
int lesson_text_run(const struct lesson *lesson, const char *backend,
		    struct lesson_progress *progress, FILE *in, FILE *out);

#endif /* CLI_LESSON_TEXT_H */
