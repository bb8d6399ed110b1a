/*
 * cli/lesson_progress.h - which lesson steps a student has passed, kept
 * between runs in $XDG_STATE_HOME/vmscope/progress (by default
 * ~/.local/state/vmscope/progress).
 *
 * One line per passed step, "LESSON-ID STEP-ID": steps are found by their
 * ids, so a teacher's edit that keeps the ids keeps the progress.  The file
 * is rewritten whole through a temporary file and rename(), so a full disk
 * or a crash leaves the old file, never half a file.
 */
#ifndef CLI_LESSON_PROGRESS_H
#define CLI_LESSON_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/lesson.h"

struct lesson_progress {
	char path[512];
	char **lines;          /* "lesson step", as read or added */
	size_t count;
};

/* Read the file (a missing file is no progress yet).  0, or -errno with
 * the reason in err; a path that cannot be made is an error only when
 * saving. */
int lesson_progress_load(struct lesson_progress *p, char *err, size_t errlen);
void lesson_progress_free(struct lesson_progress *p);
bool lesson_progress_passed(const struct lesson_progress *p,
			    const char *lesson, const char *step);
/* Steps of lesson passed. */
size_t lesson_progress_count(const struct lesson_progress *p,
			     const struct lesson *lesson);
/* Record a pass and save the file.  0, or -errno with the reason in err. */
int lesson_progress_mark(struct lesson_progress *p, const char *lesson,
			 const char *step, char *err, size_t errlen);

#endif /* CLI_LESSON_PROGRESS_H */
