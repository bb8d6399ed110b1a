/*
 * tui/lesson_bridge.h - a lesson in the full-screen view: the engine on the
 * vCPU thread, the student on the UI thread.
 *
 * The lesson runs through the same session and engine as `vmscope lesson
 * --check` (cli/lesson_session.h, core/lesson_run.h), so a step passes in
 * the view exactly when it passes in CI.  Each step is a job on the vCPU
 * thread (tui/vcpu_job.h): the panels watch the run the checks see.  The
 * engine's calls for a person (narration, highlight, show, pause, a
 * question) land here, on the vCPU thread; they change a view the UI thread
 * copies once a frame (lesson_bridge_view()), and a pause or a question
 * waits, on the vCPU thread, for the student's key from the UI thread.
 *
 * A step runs only when the student asks (n or Space; never the next step
 * by itself), and the next one only after it passed or was skipped.  A
 * question is asked until answered right: a wrong answer is told (with the
 * lesson's explanation) and costs nothing, as in the plain-terminal run.
 * Passed steps are kept as `vmscope lessons` shows them
 * (cli/lesson_progress.h).  No curses here: tui/panel_lesson.c draws the
 * view, tui/lesson_keys.c turns keys into the calls below.
 */
#ifndef TUI_LESSON_BRIDGE_H
#define TUI_LESSON_BRIDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/lesson_check.h"
#include "cli/lesson_progress.h"
#include "core/lesson_run.h"
#include "tui/vcpu_thread.h"

enum lesson_phase {
	LESSON_READY,     /* the step has not run: n or Space runs it */
	LESSON_RUNNING,   /* the engine runs it */
	LESSON_PAUSED,    /* a `pause`: n or Space goes on */
	LESSON_ASKING,    /* a question waits for an answer */
	LESSON_PASSED,    /* the step's verdict is in result */
	LESSON_FAILED,
	LESSON_SKIPPED,
};

#define LESSON_NARRATION 2048
#define LESSON_FEEDBACK 640

/* What the Lesson panel shows: a copy the UI thread owns. */
struct lesson_state {
	uint64_t version;             /* bumped at every change */
	const struct lesson *lesson;
	size_t step;                  /* the current step (index) */
	unsigned tries;               /* runs of it: 2 after one r */
	enum lesson_phase phase;
	char narration[LESSON_NARRATION];  /* the step's say lines, joined */
	int layer;                    /* highlight: enum flow_layer, or -1 */
	const char *show;             /* the panel `show` asked for last */
	unsigned show_seq;            /* bumped at every `show` */
	const struct lesson_question *question;  /* the step's, once asked */
	char feedback[LESSON_FEEDBACK];  /* to the last answer */
	size_t hints_shown;           /* of the current step's hints */
	struct lesson_result result;  /* the step's verdict */
	struct lesson_grade grade;    /* every step run so far, as --check */
	size_t settled;               /* steps passed or skipped */
	char note[320];               /* a boot that failed, progress unsaved */
};

struct lesson_bridge;

/*
 * Ready lesson on the vCPU thread t, whose machine was built from the
 * lesson's boot line on backend (lesson_session_backend()).  Nothing runs
 * until lesson_bridge_next().  A step with a `boot` of its own swaps t's
 * machine for that one when it starts (tui/lesson_view.h), and a retry
 * swaps it back.  progress (may be NULL) gets each pass.  0, or -errno.
 */
int lesson_bridge_start(struct lesson_bridge **out, const struct lesson *lesson,
			const char *backend, struct vcpu_thread *t,
			struct lesson_progress *progress);
/* End a run or a wait in progress, and close the session: before
 * vcpu_thread_stop(), which the caller does next; then free (which closes
 * the image of a step's own machine: only once that machine is gone). */
void lesson_bridge_stop(struct lesson_bridge *b);
void lesson_bridge_free(struct lesson_bridge *b);

/* Copy the view; returns its version. */
uint64_t lesson_bridge_view(struct lesson_bridge *b, struct lesson_state *out);

/* What the student's keys ask for.  0, or -EBUSY (a step runs), -EPERM
 * (the step has not passed), -ENOENT (no question now, no such choice,
 * no step after the last), -EAGAIN (the vCPU thread's mailbox is full). */
int lesson_bridge_next(struct lesson_bridge *b);     /* n, Space */
int lesson_bridge_retry(struct lesson_bridge *b);    /* r */
int lesson_bridge_answer(struct lesson_bridge *b, int choice);
/* The next hint of the current step: 0, or -ENOENT when none is left. */
int lesson_bridge_hint(struct lesson_bridge *b);

#endif /* TUI_LESSON_BRIDGE_H */
