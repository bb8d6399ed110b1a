/*
 * core/lesson_run.h - running a lesson's steps against a VM.
 *
 * One engine for every way a lesson is run: `vmscope lesson` in the
 * full-screen view or at a plain terminal (a student steps through it) and
 * `vmscope lesson --check` (CI grades it).  What differs is only the
 * struct lesson_ui a front end gives: the terminal shows the narration and
 * asks the student; the grader answers from the lesson's `answer` lines or a
 * student's answer file; the TUI's Lesson panel shows it all beside the
 * live panels.  So "it passed in class" and "it passed in CI" cannot
 * disagree.
 *
 * The runner owns the VM's run loop while a step runs: it calls
 * vm_run_exit() itself, on the caller's thread, and observes every exit
 * (core/lesson_watch.h).  A step stops at its first failing action.
 *
 * The TUI's Lesson panel runs the engine on its vCPU thread, so that the
 * panels watch the very run the checks see (tui/lesson_bridge.h); the
 * callbacks below then run on that thread.
 */
#ifndef CORE_LESSON_RUN_H
#define CORE_LESSON_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/lesson.h"
#include "core/lesson_watch.h"
#include "core/vm.h"

/* What a front end does with the parts of a step that involve a person.
 * Every callback may be NULL (nothing shown; a question then fails). */
struct lesson_ui {
	void (*say)(void *ctx, const char *text);
	void (*highlight)(void *ctx, int layer);
	void (*show)(void *ctx, const char *panel);
	void (*pause)(void *ctx);
	/* The chosen choice's index into q->choices, or -1 for none. */
	int (*ask)(void *ctx, const struct lesson_question *q);
	/* Every exit a run goes through, as vm_run_exit() left it (the
	 * record is valid until the next run). */
	void (*exit_seen)(void *ctx, struct vm *vm,
			  const struct exit_record *exit);
	/* True when the run must end now (the student quit): asked after
	 * every exit and every kick, so a front end that wants a run to end
	 * says so here and kicks the VM (vm_attention()). */
	bool (*stopped)(void *ctx);
};

enum lesson_verdict { LESSON_PASS, LESSON_FAIL, LESSON_SKIP };

struct lesson_result {
	enum lesson_verdict verdict;
	unsigned line;            /* the action that failed */
	char why[600];            /* FAIL: what went wrong; SKIP: why skipped */
	char recent[5 * 170];     /* FAIL: the last events, one per line */
	uint64_t elapsed_us;
};

struct lesson_runner {
	const struct lesson *lesson;
	struct vm *vm;
	const struct lesson_ui *ui;
	void *ui_ctx;
	struct lesson_watch watch;
	struct serial_sink front_sink;   /* the front end's, bytes go on there */
	struct exit_record exit;         /* the record vm_run_exit() fills */
	bool single_step;                /* the backend is stepping now */
};

/*
 * Watch vm (created by the front end from the lesson's boot line) for
 * lesson.  vm's serial sink is wrapped: bytes still reach the front end's
 * sink.  0 or -ENOMEM.
 */
int lesson_runner_init(struct lesson_runner *r, const struct lesson *lesson,
		       struct vm *vm, const struct lesson_ui *ui, void *ui_ctx);
void lesson_runner_free(struct lesson_runner *r);
/* The front end rebooted the VM (a retry from a fresh boot). */
void lesson_runner_rebooted(struct lesson_runner *r);
/* Run step index (0-based) to its end or first failure. */
void lesson_run_step(struct lesson_runner *r, size_t index,
		     struct lesson_result *res);

#endif /* CORE_LESSON_RUN_H */
