/*
 * cli/lesson_session.c - a lesson from boot to its last step (see
 * cli/lesson_session.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/backend_choice.h"
#include "cli/lesson_session.h"
#include "kvm/probe.h"

const char *lesson_session_backend(const struct lesson *l, const char *wanted,
				   char *skip, size_t len)
{
	static const char *const names[] = {
		[LESSON_BACKEND_ANY] = NULL,
		[LESSON_BACKEND_KVM] = "kvm",
		[LESSON_BACKEND_SOFT] = "soft",
	};
	const char *need = names[l->backend];
	const struct backend_ops *ops;
	char why[200];

	if (!need)
		return wanted;
	if (strcmp(wanted, "auto") != 0 && strcmp(wanted, need) != 0) {
		snprintf(skip, len, "the lesson runs on the %s backend, and "
			 "--backend %s was asked for", need, wanted);
		return NULL;
	}
	if (backend_choose(need, &ops, why, sizeof(why))) {
		snprintf(skip, len, "the lesson needs the %s backend: %s", need,
			 why);
		return NULL;
	}
	return need;
}

/* KVM capabilities a lesson or a step requires, checked by the host probe
 * (the software CPU has them all): false with why set when one lacks. */
static bool host_has(struct lesson_session *s, char *const *caps, size_t n,
		     char *why, size_t len)
{
	char probe[200];

	if (s->vm->backend->flavour(s->vm) == HOST_SOFT)
		return true;
	for (size_t i = 0; i < n; i++) {
		if (!probe_require(caps[i], probe, sizeof(probe))) {
			snprintf(why, len, "this host lacks %s: %s", caps[i],
				 probe);
			return false;
		}
	}
	return true;
}

static bool host_has_caps(struct lesson_session *s)
{
	return host_has(s, s->lesson->caps, s->lesson->ncaps, s->skip_why,
			sizeof(s->skip_why));
}

/* The machine from the front end's ops, or one of the session's own. */
static int boot_machine(struct lesson_session *s, char *err, size_t errlen)
{
	int ret;

	if (s->ops) {
		s->vm = s->ops->boot(s->ops->ctx, err, errlen);
		return s->vm ? 0 : -EIO;
	}
	ret = lesson_machine_start(&s->machine, s->lesson, s->backend,
				   s->serial, err, errlen);
	s->vm = ret ? NULL : &s->machine.vm;
	return ret;
}

static void stop_machine(struct lesson_session *s)
{
	if (!s->ops)
		lesson_machine_stop(&s->machine);
	s->vm = NULL;
}

static int boot(struct lesson_session *s, const struct lesson_ui *ui,
		void *ui_ctx, char *err, size_t errlen)
{
	int ret = boot_machine(s, err, errlen);

	if (ret)
		return ret;
	ret = lesson_runner_init(&s->runner, s->lesson, s->vm, ui, ui_ctx);
	if (ret) {
		snprintf(err, errlen, "out of memory");
		stop_machine(s);
		return ret;
	}
	s->running = true;
	return 0;
}

int lesson_session_start(struct lesson_session *s, const struct lesson *lesson,
			 const char *backend, const struct lesson_ui *ui,
			 void *ui_ctx, struct serial_sink serial,
			 const struct lesson_machine_ops *ops, char *err,
			 size_t errlen)
{
	int ret;

	memset(s, 0, sizeof(*s));
	s->lesson = lesson;
	s->ui = ui;
	s->ui_ctx = ui_ctx;
	s->serial = serial;
	s->ops = ops;
	s->backend = lesson_session_backend(lesson, backend, s->skip_why,
					    sizeof(s->skip_why));
	if (!s->backend)
		return 0;
	ret = boot(s, ui, ui_ctx, err, errlen);
	if (!ret && !host_has_caps(s))
		lesson_session_stop(s);
	return ret;
}

void lesson_session_stop(struct lesson_session *s)
{
	if (!s->running)
		return;
	lesson_runner_free(&s->runner);
	stop_machine(s);
	s->running = false;
}

void lesson_session_step(struct lesson_session *s, size_t i,
			 struct lesson_result *res)
{
	const struct lesson_step *step = &s->lesson->steps[i];

	memset(res, 0, sizeof(*res));
	res->verdict = LESSON_SKIP;
	if (!s->running)
		snprintf(res->why, sizeof(res->why), "%s", s->skip_why);
	else if (host_has(s, step->caps, step->ncaps, res->why,
			  sizeof(res->why)))
		lesson_run_step(&s->runner, i, res);
}

/* A replay answers with the lesson's own answers and shows nothing. */
static int own_answer(void *ctx, const struct lesson_question *q)
{
	(void)ctx;
	return q->answer;
}

static const struct lesson_ui replay_ui = { .ask = own_answer };

int lesson_session_retry(struct lesson_session *s, size_t i, char *err,
			 size_t errlen)
{
	struct lesson_result res;
	int ret;

	lesson_session_stop(s);
	ret = boot(s, &replay_ui, NULL, err, errlen);
	for (size_t k = 0; !ret && k < i; k++) {
		lesson_session_step(s, k, &res);
		if (res.verdict == LESSON_FAIL) {
			snprintf(err, errlen, "the state before step %s cannot be "
				 "made again: step %s failed when replayed: %.200s",
				 s->lesson->steps[i].id, s->lesson->steps[k].id,
				 res.why);
			ret = -EAGAIN;
		}
	}
	if (!ret) {
		s->runner.ui = s->ui;
		s->runner.ui_ctx = s->ui_ctx;
	}
	return ret;
}
