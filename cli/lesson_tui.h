/*
 * cli/lesson_tui.h - `vmscope lesson LESSON` at a terminal: the lesson in
 * the full-screen view, its Lesson panel beside the live panels (Flow,
 * Exits, Console, ...), which watch the very run the lesson checks.
 * Passed steps are kept (cli/lesson_progress.h).
 */
#ifndef CLI_LESSON_TUI_H
#define CLI_LESSON_TUI_H

#include "cli/lesson_progress.h"
#include "core/lesson.h"

/* Run lesson on backend (kvm, soft or auto) until the student quits.
 * 0 when every step passed (or was skipped, the host lacking what it
 * needs), 1 otherwise (quit early, a step that failed, a screen that could
 * not open: said on stderr). */
int lesson_tui_run(const struct lesson *lesson, const char *backend,
		   struct lesson_progress *progress);

#endif /* CLI_LESSON_TUI_H */
