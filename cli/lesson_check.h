/*
 * cli/lesson_check.h - `vmscope lesson --check`: every step of a lesson
 * run without a person, graded as xv6's grade scripts print it:
 *
 *   == lesson printf (soft) ==
 *   == step uart-init == OK (0.0s)
 *   == step lsr-first == FAIL: line 27: The driver reads LSR: ...
 *       exit 7 IO(2) at uart_init+0x49
 *   Score: 7/9
 *
 * Questions are answered from the lesson's own `answer` lines, or from a
 * student's answer file (one "STEP-ID CHOICE-ID" a line, in the order the
 * step asks).
 */
#ifndef CLI_LESSON_CHECK_H
#define CLI_LESSON_CHECK_H

#include <stdio.h>

#include "core/lesson.h"
#include "core/lesson_run.h"

struct lesson_answers {
	char **lines;            /* "step choice" */
	size_t count;
};

/* Read an answer file: 0, or -errno / -EINVAL with "file:line: why". */
int lesson_answers_load(struct lesson_answers *a, const char *path, char *err,
			size_t errlen);
void lesson_answers_free(struct lesson_answers *a);

struct lesson_grade {
	unsigned earned, possible;   /* points of passed / of run steps */
	unsigned failed, skipped;
};

/* Count one step's verdict: its points earned when it passed, possible
 * unless skipped.  The grader and the TUI's Lesson panel both score so. */
void lesson_grade_add(struct lesson_grade *grade,
		      const struct lesson_step *step,
		      enum lesson_verdict verdict);

/*
 * Run and grade lesson on backend, printing to out.  answers NULL: the
 * lesson's own.  0, or -errno when the machine could not start (said on
 * out as a FAIL of every step).
 */
int lesson_check(const struct lesson *lesson, const char *backend,
		 const struct lesson_answers *answers, FILE *out,
		 struct lesson_grade *grade);

#endif /* CLI_LESSON_CHECK_H */
