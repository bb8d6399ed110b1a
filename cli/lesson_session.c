/*
 * cli/lesson_session.c - a lesson from boot to its last step (see
 * cli/lesson_session.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/* KVM capabilities a lesson or a step requires, checked by the host probe:
 * false with why set when one lacks.  On the software CPU every one holds
 * (it has them all) but `kvm` itself, which is asked of the host. */
static bool host_has(struct lesson_session *s, char *const *caps, size_t n,
		     char *why, size_t len)
{
	bool soft = s->vm->backend->flavour(s->vm) == HOST_SOFT;
	char probe[200];

	for (size_t i = 0; i < n; i++) {
		if (soft && strcasecmp(caps[i], "kvm") != 0)
			continue;
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

/*
 * The machine of boot words (the lesson's, or a step's own): from the
 * front end's ops, or one of the session's own.
 */
static int boot_machine(struct lesson_session *s, char *const *words,
			size_t nwords, char *err, size_t errlen)
{
	int ret;

	if (s->ops) {
		s->vm = s->ops->boot(s->ops->ctx, words, nwords, s->backend, err,
				     errlen);
		return s->vm ? 0 : -EIO;
	}
	ret = lesson_machine_start(&s->machine, words, nwords, s->backend,
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

/* Boot a machine from boot words and watch it. */
static int boot(struct lesson_session *s, char *const *words, size_t nwords,
		const struct lesson_ui *ui, void *ui_ctx, char *err,
		size_t errlen)
{
	int ret = boot_machine(s, words, nwords, err, errlen);

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
	ret = boot(s, lesson->boot, lesson->nboot, ui, ui_ctx, err, errlen);
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

/*
 * A step with a `boot` of its own starts on a fresh machine (on the
 * backend its --backend names, or the lesson's); where it cannot boot (no
 * /dev/kvm for --backend kvm), the step and those after it that go on on
 * its machine are skipped, with the reason.
 */
static void step_boot(struct lesson_session *s, const struct lesson_step *step)
{
	/* the front end's, or a retry's replay (which shows nothing) */
	const struct lesson_ui *ui = s->runner.ui ? s->runner.ui : s->ui;
	void *ui_ctx = s->runner.ui ? s->runner.ui_ctx : s->ui_ctx;
	char why[200];

	lesson_session_stop(s);
	if (boot(s, step->boot, step->nboot, ui, ui_ctx, why, sizeof(why)))
		snprintf(s->skip_why, sizeof(s->skip_why), "the machine of step "
			 "%s did not boot: %s", step->id, why);
}

void lesson_session_step(struct lesson_session *s, size_t i,
			 struct lesson_result *res)
{
	const struct lesson_step *step = &s->lesson->steps[i];

	memset(res, 0, sizeof(*res));
	res->verdict = LESSON_SKIP;
	if (step->nboot && s->backend)
		step_boot(s, step);
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
	ret = boot(s, s->lesson->boot, s->lesson->nboot, &replay_ui, NULL, err,
		   errlen);
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
