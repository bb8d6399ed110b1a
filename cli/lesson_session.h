/*
 * cli/lesson_session.h - one lesson run from start to end: its machine
 * booted, the engine (core/lesson_run.h) stepping through it, the verdict
 * of each step, and a retry from a fresh boot.  `vmscope lesson` in a
 * terminal and `vmscope lesson --check` both run lessons through here; they
 * differ only in the struct lesson_ui they bring.
 */
#ifndef CLI_LESSON_SESSION_H
#define CLI_LESSON_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/lesson_boot.h"
#include "core/lesson_run.h"

/*
 * Who builds the machine.  By default a session boots its own
 * (cli/lesson_boot.h); a front end that keeps the VM itself - the TUI's
 * vCPU thread, whose panels watch that VM - gives these instead, and the
 * session's calls then all come from the thread that owns the VM.
 */
struct lesson_machine_ops {
	/* A machine fresh from boot words - the lesson's header's, or a
	 * step's own - on backend (the session's pick,
	 * lesson_session_backend()) or the one the words' --backend names:
	 * NULL with why in err.  It replaces the machine ops gave before,
	 * which the session no longer watches when it asks. */
	struct vm *(*boot)(void *ctx, char *const *words, size_t nwords,
			   const char *backend, char *err, size_t errlen);
	void *ctx;
};

struct lesson_session {
	const struct lesson *lesson;
	const char *backend;          /* as chosen: kvm, soft or auto */
	const struct lesson_ui *ui;
	void *ui_ctx;
	struct serial_sink serial;
	const struct lesson_machine_ops *ops;   /* NULL: machine is ours */
	struct lesson_machine machine;
	struct vm *vm;                /* the machine the steps run on */
	struct lesson_runner runner;
	bool running;
	char skip_why[256];           /* non-empty: the host cannot run it */
};

/*
 * The backend the lesson runs on when the student asks for wanted (kvm,
 * soft or auto): the one its `requires backend=` names, or wanted.  NULL
 * with why in skip when the two disagree or the host lacks it.
 */
const char *lesson_session_backend(const struct lesson *lesson,
				   const char *wanted, char *skip,
				   size_t len);
/*
 * Decide whether this host and backend can run the lesson (its
 * `requires`: skip_why says why not) and, if so, boot it - through ops,
 * or on a machine of its own when ops is NULL.  0, or -errno with why in
 * err (the boot failed).
 */
int lesson_session_start(struct lesson_session *s, const struct lesson *lesson,
			 const char *backend, const struct lesson_ui *ui,
			 void *ui_ctx, struct serial_sink serial,
			 const struct lesson_machine_ops *ops, char *err,
			 size_t errlen);
void lesson_session_stop(struct lesson_session *s);
/* Run step i; a session that cannot run says SKIP with its reason. */
void lesson_session_step(struct lesson_session *s, size_t i,
			 struct lesson_result *res);
/*
 * Boot afresh and run steps 0..i-1 again without the student (the ui's
 * narration and questions are left out; questions take the lesson's own
 * answers), so step i can be tried again from the state it expects.
 * 0, or -errno with why in err.
 */
int lesson_session_retry(struct lesson_session *s, size_t i, char *err,
			 size_t errlen);

#endif /* CLI_LESSON_SESSION_H */
