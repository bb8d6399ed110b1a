/*
 * tui/lesson_bridge.c - the lesson engine on the vCPU thread, its view on
 * the UI thread (see lesson_bridge.h).
 *
 * Threads: the functions named job_* and ui_* run on the vCPU thread (a
 * job, or the engine's callbacks inside one); lesson_bridge_* on the UI
 * thread.  b->lock guards the view and the student's replies; the vCPU
 * thread never holds it while it publishes a snapshot or runs the guest.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/lesson_session.h"
#include "tui/lesson_bridge.h"
#include "tui/lesson_view.h"
#include "tui/vcpu_job.h"

#define NOT_RUN (-1)

struct lesson_bridge {
	pthread_mutex_t lock;
	pthread_cond_t cond;          /* an answer, a go-on, or the stop */
	struct lesson_state view;
	int answer;                   /* the student's choice, -1 none yet */
	bool go_on;                   /* a pause was let go */
	int *verdicts;                /* per step: enum lesson_verdict, or
					 NOT_RUN */
	atomic_bool stopping;

	/* vCPU thread only (set before the first job) */
	struct vcpu_thread *t;
	const struct lesson *lesson;
	const char *backend;
	struct lesson_progress *progress;
	struct lesson_session session;
	struct lesson_machine_ops ops;
	bool started, booted;
	/* the image the vCPU thread's machine was last built from by a
	 * swap (NULL before one: the view's first, cli/lesson_tui.c's) */
	struct lesson_machine *machine;
};

/* The image of the last swap closed: its machine is gone (vCPU thread,
 * or the UI thread after the vCPU thread's end). */
static void close_machine(struct lesson_bridge *b)
{
	if (!b->machine)
		return;
	lesson_machine_stop(b->machine);
	free(b->machine);
	b->machine = NULL;
}

static void changed(struct lesson_bridge *b)
{
	b->view.version++;
	pthread_cond_broadcast(&b->cond);
}

/* ---- the engine's calls (vCPU thread) ------------------------------------ */

static void ui_say(void *ctx, const char *text)
{
	struct lesson_bridge *b = ctx;
	char *n = b->view.narration;
	size_t len;

	pthread_mutex_lock(&b->lock);
	len = strlen(n);
	snprintf(n + len, sizeof(b->view.narration) - len, "%s%s",
		 len ? " " : "", text);
	changed(b);
	pthread_mutex_unlock(&b->lock);
}

static void ui_highlight(void *ctx, int layer)
{
	struct lesson_bridge *b = ctx;

	pthread_mutex_lock(&b->lock);
	b->view.layer = layer;
	changed(b);
	pthread_mutex_unlock(&b->lock);
}

static void ui_show(void *ctx, const char *panel)
{
	struct lesson_bridge *b = ctx;

	pthread_mutex_lock(&b->lock);
	b->view.show = panel;
	b->view.show_seq++;
	changed(b);
	pthread_mutex_unlock(&b->lock);
}

/* The screen shows where the guest is, then the phase waits for the
 * student (or the stop); b->lock is held on return. */
static void wait_for_student(struct lesson_bridge *b, enum lesson_phase phase)
{
	pthread_mutex_lock(&b->lock);
	b->view.phase = phase;
	changed(b);
	pthread_mutex_unlock(&b->lock);
	vcpu_job_publish(b->t);
	pthread_mutex_lock(&b->lock);
}

static void ui_pause(void *ctx)
{
	struct lesson_bridge *b = ctx;

	b->go_on = false;
	wait_for_student(b, LESSON_PAUSED);
	while (!b->go_on && !atomic_load(&b->stopping))
		pthread_cond_wait(&b->cond, &b->lock);
	b->view.phase = LESSON_RUNNING;
	changed(b);
	pthread_mutex_unlock(&b->lock);
}

/* "Right." or "Not 'b'. Try again.", then the explanation if any. */
static void tell(struct lesson_bridge *b, const struct lesson_question *q,
		 int chosen)
{
	const char *explain = q->explain ? q->explain : "";
	char *fb = b->view.feedback;
	size_t len = sizeof(b->view.feedback);

	if (chosen == q->answer)
		snprintf(fb, len, "Right.%s%s", *explain ? " " : "", explain);
	else
		snprintf(fb, len, "Not '%s'. %s%sTry again.",
			 q->choices[chosen].id, explain, *explain ? " " : "");
}

/* Asked until answered right; -1 when the student quit first. */
static int ui_ask(void *ctx, const struct lesson_question *q)
{
	struct lesson_bridge *b = ctx;
	int chosen = -1;

	b->answer = -1;
	b->view.question = q;
	b->view.feedback[0] = '\0';
	wait_for_student(b, LESSON_ASKING);
	while (!atomic_load(&b->stopping)) {
		if (b->answer < 0) {
			pthread_cond_wait(&b->cond, &b->lock);
			continue;
		}
		tell(b, q, b->answer);
		changed(b);
		if (b->answer == q->answer) {
			chosen = b->answer;
			break;
		}
		b->answer = -1;
	}
	b->view.phase = LESSON_RUNNING;
	changed(b);
	pthread_mutex_unlock(&b->lock);
	return chosen;
}

static void ui_exit_seen(void *ctx, struct vm *vm,
			 const struct exit_record *exit)
{
	struct lesson_bridge *b = ctx;

	(void)vm;
	vcpu_job_exit(b->t, exit);
}

static bool ui_stopped(void *ctx)
{
	return atomic_load(&((struct lesson_bridge *)ctx)->stopping);
}

static const struct lesson_ui bridge_ui = {
	.say = ui_say, .highlight = ui_highlight, .show = ui_show,
	.pause = ui_pause, .ask = ui_ask, .exit_seen = ui_exit_seen,
	.stopped = ui_stopped,
};

/* ---- the jobs (vCPU thread) ---------------------------------------------- */

/* The vCPU thread's machine swapped for one from boot words.  Words that
 * cannot make a machine (no /dev/kvm for --backend kvm) leave the one
 * there as it is.  Else, once the swap is done, the machine before it is
 * gone, and the image it was built from can close. */
static struct vm *swap_machine(struct lesson_bridge *b, char *const *words,
			       size_t nwords, const char *backend, char *err,
			       size_t errlen)
{
	struct lesson_machine *next = malloc(sizeof(*next));
	struct vcpu_thread_config cfg;
	struct vm *vm;

	if (!next) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (lesson_view_config(next, words, nwords, backend, &cfg, err,
			       errlen)) {
		free(next);
		return NULL;
	}
	vm = vcpu_job_boot(b->t, &cfg, err, errlen);
	close_machine(b);
	b->machine = next;
	return vm;
}

/* The session's machine: the vCPU thread's, as built at its start for the
 * first boot (the header's words), then one from the words of each boot
 * after it: a step's own, the header's again for a retry. */
static struct vm *boot_machine(void *ctx, char *const *words, size_t nwords,
			       const char *backend, char *err, size_t errlen)
{
	struct lesson_bridge *b = ctx;
	struct vm *vm;

	if (b->booted)
		return swap_machine(b, words, nwords, backend, err, errlen);
	b->booted = true;
	vm = vcpu_job_vm(b->t);
	if (!vm)
		snprintf(err, errlen, "the machine could not be built");
	return vm;
}

/* The step's verdict into the view, the score as --check keeps it, and a
 * pass into the student's progress. */
static void finish_step(struct lesson_bridge *b, size_t i,
			const struct lesson_result *res)
{
	static const enum lesson_phase phases[] = {
		[LESSON_PASS] = LESSON_PASSED, [LESSON_FAIL] = LESSON_FAILED,
		[LESSON_SKIP] = LESSON_SKIPPED,
	};
	char err[300];
	int unsaved = 0;

	if (res->verdict == LESSON_PASS && b->progress)
		unsaved = lesson_progress_mark(b->progress, b->lesson->id,
					       b->lesson->steps[i].id, err,
					       sizeof(err));
	pthread_mutex_lock(&b->lock);
	b->verdicts[i] = (int)res->verdict;
	b->view.result = *res;
	b->view.phase = phases[res->verdict];
	memset(&b->view.grade, 0, sizeof(b->view.grade));
	b->view.settled = 0;
	for (size_t k = 0; k < b->lesson->nsteps; k++) {
		if (b->verdicts[k] == NOT_RUN)
			continue;
		lesson_grade_add(&b->view.grade, &b->lesson->steps[k],
				 (enum lesson_verdict)b->verdicts[k]);
		b->view.settled += b->verdicts[k] != LESSON_FAIL;
	}
	if (unsaved)
		snprintf(b->view.note, sizeof(b->view.note),
			 "progress not saved: %s", err);
	changed(b);
	pthread_mutex_unlock(&b->lock);
}

/* A machine that did not boot fails the step with the reason. */
static void boot_failed(struct lesson_bridge *b, size_t i, const char *why)
{
	struct lesson_result res = { .verdict = LESSON_FAIL };

	snprintf(res.why, sizeof(res.why), "%s", why);
	finish_step(b, i, &res);
}

static bool start_session(struct lesson_bridge *b, size_t i)
{
	char err[300];

	if (b->started)
		return true;
	if (lesson_session_start(&b->session, b->lesson, b->backend,
				 &bridge_ui, b, (struct serial_sink){ 0 },
				 &b->ops, err, sizeof(err))) {
		boot_failed(b, i, err);
		return false;
	}
	b->started = true;
	return true;
}

static size_t current_step(struct lesson_bridge *b)
{
	size_t i;

	pthread_mutex_lock(&b->lock);
	i = b->view.step;
	pthread_mutex_unlock(&b->lock);
	return i;
}

static void run_step(struct lesson_bridge *b, size_t i)
{
	struct lesson_result res;

	lesson_session_step(&b->session, i, &res);
	finish_step(b, i, &res);
}

static void job_step(void *ctx, struct vcpu_thread *t)
{
	struct lesson_bridge *b = ctx;
	size_t i = current_step(b);

	(void)t;
	if (start_session(b, i))
		run_step(b, i);
}

/* r: a fresh boot, the steps before this one again without the student,
 * then this one. */
static void job_retry(void *ctx, struct vcpu_thread *t)
{
	struct lesson_bridge *b = ctx;
	size_t i = current_step(b);
	char err[300], why[340];

	(void)t;
	if (!b->started) {
		job_step(ctx, t);
		return;
	}
	if (lesson_session_retry(&b->session, i, err, sizeof(err))) {
		snprintf(why, sizeof(why), "cannot boot again: %s", err);
		boot_failed(b, i, why);
		return;
	}
	run_step(b, i);
}

static void job_stop(void *ctx, struct vcpu_thread *t)
{
	struct lesson_bridge *b = ctx;

	(void)t;
	if (b->started)
		lesson_session_stop(&b->session);
	b->started = false;
}

/* ---- the student's side (UI thread) -------------------------------------- */

int lesson_bridge_start(struct lesson_bridge **out, const struct lesson *lesson,
			const char *backend, struct vcpu_thread *t,
			struct lesson_progress *progress)
{
	struct lesson_bridge *b = calloc(1, sizeof(*b));

	if (!b || !(b->verdicts = calloc(lesson->nsteps + 1,
					 sizeof(*b->verdicts)))) {
		free(b);
		return -ENOMEM;
	}
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->cond, NULL);
	for (size_t i = 0; i < lesson->nsteps; i++)
		b->verdicts[i] = NOT_RUN;
	b->t = t;
	b->lesson = lesson;
	b->backend = backend;
	b->progress = progress;
	b->ops = (struct lesson_machine_ops){ boot_machine, b };
	b->view.lesson = lesson;
	b->view.layer = -1;
	b->view.version = 1;
	*out = b;
	return 0;
}

/* Post a job; a full mailbox is waited out only when must is set (the
 * stop, which cannot be dropped). */
static int post(struct lesson_bridge *b,
		void (*run)(void *ctx, struct vcpu_thread *t), bool must)
{
	const struct vcpu_job job = { run, b };
	int ret;

	while ((ret = vcpu_thread_job(b->t, &job)) == -EAGAIN && must)
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	return ret;
}

void lesson_bridge_stop(struct lesson_bridge *b)
{
	uint64_t generation;
	struct vm *vm;

	pthread_mutex_lock(&b->lock);
	atomic_store(&b->stopping, true);
	changed(b);
	pthread_mutex_unlock(&b->lock);
	vm = vcpu_thread_lock_vm(b->t, &generation);
	if (vm)
		vm_attention(vm);   /* a run in progress: back to the engine */
	vcpu_thread_unlock_vm(b->t);
	post(b, job_stop, true);
}

void lesson_bridge_free(struct lesson_bridge *b)
{
	if (!b)
		return;
	close_machine(b);
	pthread_cond_destroy(&b->cond);
	pthread_mutex_destroy(&b->lock);
	free(b->verdicts);
	free(b);
}

uint64_t lesson_bridge_view(struct lesson_bridge *b, struct lesson_state *out)
{
	pthread_mutex_lock(&b->lock);
	*out = b->view;
	pthread_mutex_unlock(&b->lock);
	return out->version;
}

/* The view of a step about to run. b->lock held. */
static void step_begins(struct lesson_bridge *b)
{
	struct lesson_state *v = &b->view;

	v->phase = LESSON_RUNNING;
	v->narration[0] = '\0';
	v->layer = -1;
	v->question = NULL;
	v->feedback[0] = '\0';
	memset(&v->result, 0, sizeof(v->result));
	changed(b);
}

/* Run the current step (job_step or job_retry); b->lock held. */
static int start_job(struct lesson_bridge *b,
		     void (*run)(void *, struct vcpu_thread *))
{
	enum lesson_phase was = b->view.phase;
	int ret;

	step_begins(b);
	ret = post(b, run, false);
	if (ret)
		b->view.phase = was;
	else
		b->view.tries++;
	changed(b);
	return ret;
}

int lesson_bridge_next(struct lesson_bridge *b)
{
	struct lesson_state *v = &b->view;
	int ret = 0;

	pthread_mutex_lock(&b->lock);
	switch (v->phase) {
	case LESSON_PAUSED:
		b->go_on = true;
		changed(b);
		break;
	case LESSON_RUNNING: case LESSON_ASKING: ret = -EBUSY; break;
	case LESSON_FAILED: ret = -EPERM; break;
	case LESSON_READY: ret = start_job(b, job_step); break;
	default:   /* passed or skipped */
		if (v->step + 1 >= b->lesson->nsteps) {
			ret = -ENOENT;
			break;
		}
		v->step++;
		v->hints_shown = 0;
		v->tries = 0;
		ret = start_job(b, job_step);
		if (ret)
			v->step--;
	}
	pthread_mutex_unlock(&b->lock);
	return ret;
}

int lesson_bridge_retry(struct lesson_bridge *b)
{
	int ret;

	pthread_mutex_lock(&b->lock);
	switch (b->view.phase) {
	case LESSON_RUNNING: case LESSON_PAUSED: case LESSON_ASKING:
		ret = -EBUSY;
		break;
	default:
		ret = start_job(b, job_retry);
	}
	pthread_mutex_unlock(&b->lock);
	return ret;
}

int lesson_bridge_answer(struct lesson_bridge *b, int choice)
{
	int ret = 0;

	pthread_mutex_lock(&b->lock);
	if (b->view.phase != LESSON_ASKING)
		ret = -ENOENT;
	else if (choice < 0 || (unsigned)choice >= b->view.question->nchoices)
		ret = -ENOENT;
	else
		b->answer = choice;
	changed(b);
	pthread_mutex_unlock(&b->lock);
	return ret;
}

int lesson_bridge_hint(struct lesson_bridge *b)
{
	const struct lesson_step *step;
	int ret = 0;

	pthread_mutex_lock(&b->lock);
	step = &b->lesson->steps[b->view.step];
	if (b->view.hints_shown < step->nhints)
		b->view.hints_shown++;
	else
		ret = -ENOENT;
	changed(b);
	pthread_mutex_unlock(&b->lock);
	return ret;
}
