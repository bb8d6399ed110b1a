/*
 * core/lesson_run.c - the lesson engine: a step's actions, in order, over
 * the real exit stream (see core/lesson_run.h).
 *
 * Every run is bounded: a `run-until` by its `within` or the lesson's
 * `limit`, in exits and in the machine's time (vm_now_ns()).  With the
 * host's clock the time bound is kept by an alarm thread that asks the VM
 * for attention (vm_attention()), so a guest spinning without exits, or
 * sleeping in HLT, cannot hold a grader past it.  With the instruction
 * clock (--clock insn) it is a deadline of the machine's own
 * (vm_clock_set_bound()): the run ends exactly there, a HLT jumps to it,
 * and the same lesson on the same guest passes or fails the same way
 * however loaded the host is.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/key_text.h"
#include "core/vm_clock.h"
#include "core/lesson_run.h"
#include "core/lesson_say.h"

static void serial_through(void *opaque, uint8_t byte)
{
	struct lesson_runner *r = opaque;

	lesson_watch_serial(&r->watch, byte);
	if (r->front_sink.write)
		r->front_sink.write(r->front_sink.opaque, byte);
}

int lesson_runner_init(struct lesson_runner *r, const struct lesson *lesson,
		       struct vm *vm, const struct lesson_ui *ui, void *ui_ctx)
{
	int ret;

	memset(r, 0, sizeof(*r));
	r->lesson = lesson;
	r->vm = vm;
	r->ui = ui;
	r->ui_ctx = ui_ctx;
	ret = lesson_watch_init(&r->watch, vm);
	if (ret)
		return ret;
	r->front_sink = vm->serial;
	vm->serial = (struct serial_sink){ serial_through, r };
	return 0;
}

void lesson_runner_free(struct lesson_runner *r)
{
	if (r->vm)
		r->vm->serial = r->front_sink;
	lesson_watch_free(&r->watch);
}

void lesson_runner_rebooted(struct lesson_runner *r)
{
	memset(&r->exit, 0, sizeof(r->exit));
	lesson_watch_reboot(&r->watch);
}

/* "line 12: " + what, for the FAIL line; always returns -1. */
static int failed(struct lesson_result *res, unsigned line, const char *fmt,
		  ...) __attribute__((format(printf, 3, 4)));
static int failed(struct lesson_result *res, unsigned line, const char *fmt,
		  ...)
{
	va_list ap;

	res->verdict = LESSON_FAIL;
	res->line = line;
	va_start(ap, fmt);
	vsnprintf(res->why, sizeof(res->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- the time bound ---------------------------------------------------- */

/*
 * An alarm thread per bounded run: it sleeps until the deadline or until
 * the run ends, and at the deadline asks the VM for attention.  The run
 * joins it before going on, so it never touches a VM that is gone (a POSIX
 * timer's callback may still be running after timer_delete()).
 */
struct alarm {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;                  /* the run ended: no attention needed */
	struct timespec deadline;   /* CLOCK_MONOTONIC */
	struct vm *vm;
};

static void *alarm_main(void *arg)
{
	struct alarm *a = arg;
	int err = 0;

	pthread_mutex_lock(&a->lock);
	while (!a->done && err != ETIMEDOUT)
		err = pthread_cond_timedwait(&a->cond, &a->lock, &a->deadline);
	if (!a->done)
		vm_attention(a->vm);
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

/* start_ns + ms.  ms is at most LESSON_BOUND_MS_MAX (the parser's
 * limit), whose nanoseconds fit; the sum may not, and is held at the end
 * of time. */
static uint64_t bound_end(uint64_t start_ns, uint64_t ms)
{
	return ms * 1000000 > UINT64_MAX - start_ns ? UINT64_MAX
						    : start_ns + ms * 1000000;
}

/* Attention at host time `at`: 1 (armed), or -errno. */
static int alarm_start(struct alarm *a, struct vm *vm, uint64_t at)
{
	pthread_condattr_t attr;
	int err;

	a->vm = vm;
	a->done = false;
	a->deadline.tv_sec = (time_t)(at / 1000000000);
	a->deadline.tv_nsec = (long)(at % 1000000000);
	pthread_mutex_init(&a->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&a->cond, &attr);
	pthread_condattr_destroy(&attr);
	err = pthread_create(&a->thread, NULL, alarm_main, a);
	if (err) {
		pthread_cond_destroy(&a->cond);
		pthread_mutex_destroy(&a->lock);
		return -err;
	}
	return 1;
}

/* The bound of a run from start_ns (vm_now_ns()): 0 (none), 1 (the
 * host's alarm), 2 (the machine's deadline), or -errno. */
static int bound_start(struct alarm *a, struct vm *vm, uint64_t start_ns,
		       uint64_t ms)
{
	if (!ms)
		return 0;
	if (!vm_clock_virtual(vm))
		return alarm_start(a, vm, bound_end(start_ns, ms));
	vm_clock_set_bound(vm, bound_end(start_ns, ms));
	return 2;
}

static void alarm_stop(struct alarm *a)
{
	pthread_mutex_lock(&a->lock);
	a->done = true;
	pthread_cond_signal(&a->cond);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	pthread_cond_destroy(&a->cond);
	pthread_mutex_destroy(&a->lock);
}

/* ---- running ----------------------------------------------------------- */

/* What one run waits for: an event, or a number of exits (of one reason). */
struct run_goal {
	const struct lesson_event *event;  /* NULL: count exits */
	uint64_t exits;                    /* with event NULL */
	bool debug_only;                   /* count only DEBUG exits */
	struct lesson_bound bound;
	const char *what;                  /* "run-until io-out", "step-exit 3" */
	unsigned line;
};

/* The observations of one exit: the exit, then the bytes it sent.  True
 * when the goal's event is among them; now is left at that one. */
static bool observe_exit(struct lesson_runner *r, const struct run_goal *g)
{
	struct lesson_watch *w = &r->watch;
	const struct lesson_obs *obs = lesson_watch_exit(w, &r->exit);
	struct lesson_view matched;
	bool hit = g->event && lesson_event_matches(g->event, obs);

	if (hit)
		matched = w->now;
	while ((obs = lesson_watch_byte(w))) {
		if (!hit && g->event && lesson_event_matches(g->event, obs)) {
			hit = true;
			matched = w->now;
		}
	}
	if (hit)
		w->now = matched;
	return hit;
}

static int broken_never(struct lesson_runner *r, struct lesson_result *res)
{
	const struct lesson_action *a = r->watch.broken;

	return failed(res, a->line, "%s (it happened: %s)", a->text,
		      r->watch.broken_at);
}

/* The run ended: `end` may be what the goal waits for. */
static int run_ended(struct lesson_runner *r, const struct run_goal *g,
		     struct lesson_result *res)
{
	const struct lesson_obs *obs = lesson_watch_end(&r->watch);

	if (r->watch.broken)
		return broken_never(r, res);
	if (g->event && lesson_event_matches(g->event, obs))
		return 0;
	return failed(res, g->line, "%s: the guest's run ended first (%s)",
		      g->what, r->vm->end_reason);
}

static bool past_time(struct vm *vm, const struct run_goal *g,
		      uint64_t start_ns)
{
	return g->bound.ms &&
	       vm_now_ns(vm) - start_ns >= g->bound.ms * 1000000;
}

/* The run from start_ns, when its time bound began. */
static int run_loop(struct lesson_runner *r, const struct run_goal *g,
		    uint64_t start_ns, struct lesson_result *res)
{
	uint64_t exits = 0, counted = 0;
	int err;

	for (;;) {
		if (r->vm->state != VM_RUNNING)
			return run_ended(r, g, res);
		if (g->bound.exits && exits >= g->bound.exits)
			return failed(res, g->line, "%s: not reached within its "
				      "exit bound", g->what);
		err = vm_run_exit(r->vm, &r->exit);
		if (r->ui->stopped && r->ui->stopped(r->ui_ctx))
			return failed(res, g->line, "%s: stopped before its end",
				      g->what);
		/* the time bound's own kick is no event of the guest's */
		if (past_time(r->vm, g, start_ns))
			return failed(res, g->line, "%s: not reached within its "
				      "time bound", g->what);
		if (err == VM_RUN_NO_EXIT)
			continue;
		if (err)
			return failed(res, g->line, "%s: the backend failed: %s",
				      g->what, strerror(-err));
		exits++;
		if (r->ui->exit_seen)
			r->ui->exit_seen(r->ui_ctx, r->vm, &r->exit);
		if (observe_exit(r, g))
			return r->watch.broken ? broken_never(r, res) : 0;
		if (r->watch.broken)
			return broken_never(r, res);
		if (!g->event && (!g->debug_only || r->exit.reason == EXIT_DEBUG) &&
		    ++counted == g->exits)
			return 0;
	}
}

/* `run-until break FUNCTION`: a breakpoint at the function's entry for
 * the run (KVM: a debug register; the software CPU: a PC check).  0, 1
 * when one was set, or -1 after saying why. */
static int set_break(struct lesson_runner *r, const struct run_goal *g,
		     struct lesson_result *res)
{
	const struct symbol *sym;
	int err;

	if (!g->event || g->event->kind != LEV_BREAK)
		return 0;
	sym = symtab_find(&r->vm->syms, g->event->symbol);
	if (!sym)
		return failed(res, g->line, "%s: the guest has no function %s",
			      g->what, g->event->symbol);
	err = r->vm->backend->set_breakpoints(r->vm, &sym->addr, 1);
	if (err)
		return failed(res, g->line, "%s: the backend cannot set a "
			      "breakpoint: %s", g->what, strerror(-err));
	return 1;
}

static int run_goal(struct lesson_runner *r, const struct run_goal *g,
		    struct lesson_result *res)
{
	int broke = set_break(r, g, res), armed, ret;
	uint64_t start_ns = vm_now_ns(r->vm);
	struct alarm alarm;

	if (broke < 0)
		return broke;
	armed = bound_start(&alarm, r->vm, start_ns, g->bound.ms);
	if (armed < 0)
		ret = failed(res, g->line, "%s: cannot start its alarm thread: %s",
			     g->what, strerror(-armed));
	else
		ret = run_loop(r, g, start_ns, res);
	if (armed == 1)
		alarm_stop(&alarm);
	else if (armed == 2)
		vm_clock_set_bound(r->vm, UINT64_MAX);
	if (broke)
		r->vm->backend->set_breakpoints(r->vm, NULL, 0);
	return ret;
}

/* ---- the actions --------------------------------------------------------- */

static struct lesson_bound bound_of(const struct lesson_runner *r,
				    const struct lesson_action *a)
{
	if (a->within.exits || a->within.ms)
		return a->within;
	return r->lesson->limit;
}

static int do_run_until(struct lesson_runner *r, const struct lesson_action *a,
			struct lesson_result *res)
{
	char what[64];
	struct run_goal g = {
		.event = &a->event, .bound = bound_of(r, a), .what = what,
		.line = a->line,
	};

	snprintf(what, sizeof(what), "run-until %s%s%s",
		 lesson_event_name(a->event.kind), a->event.symbol ? " " : "",
		 a->event.symbol ? a->event.symbol : "");
	return run_goal(r, &g, res);
}

static int do_step(struct lesson_runner *r, const struct lesson_action *a,
		   struct lesson_result *res)
{
	bool insn = a->kind == ACT_STEP_INSN;
	char what[64];
	struct run_goal g = {
		.exits = a->count, .debug_only = insn, .bound = r->lesson->limit,
		.what = what, .line = a->line,
	};
	int ret;

	snprintf(what, sizeof(what), "%s %llu", insn ? "step-insn" : "step-exit",
		 (unsigned long long)a->count);
	if (insn && (ret = r->vm->backend->set_single_step(r->vm, true)))
		return failed(res, a->line, "%s: the backend cannot single-step: "
			      "%s", what, strerror(-ret));
	ret = run_goal(r, &g, res);
	if (insn)
		r->vm->backend->set_single_step(r->vm, false);
	return ret;
}

static int do_expect(struct lesson_runner *r, const struct lesson_action *a,
		     struct lesson_result *res)
{
	char why[300];

	lesson_watch_refresh(&r->watch);
	if (lesson_cond_eval(a->cond, &r->watch.now.obs, why, sizeof(why)))
		return 0;
	return failed(res, a->line, "%s: %s", a->text, why);
}

static int do_ask(struct lesson_runner *r, const struct lesson_action *a,
		  struct lesson_result *res)
{
	const struct lesson_question *q = a->ask;
	int chosen = r->ui->ask ? r->ui->ask(r->ui_ctx, q) : -1;

	if (chosen == q->answer)
		return 0;
	if (chosen < 0 || (unsigned)chosen >= q->nchoices)
		return failed(res, a->line, "\"%s\": not answered", q->text);
	return failed(res, a->line, "\"%s\": answered %s, which is not right",
		      q->text, q->choices[chosen].id);
}

/* A line of narration, its {fields} read now (core/lesson_say.h). */
static void say(struct lesson_runner *r, const char *text)
{
	char line[LESSON_SAY_MAX];

	if (!r->ui->say)
		return;
	lesson_watch_refresh(&r->watch);
	lesson_say_format(text, &r->watch.now.obs, line, sizeof(line));
	r->ui->say(r->ui_ctx, line);
}

static int do_type(struct lesson_runner *r, const struct lesson_action *a,
		   struct lesson_result *res)
{
	char why[160];

	if (key_text_type(r->vm, a->text, why, sizeof(why)))
		return failed(res, a->line, "type: %s", why);
	return 0;
}

static int do_action(struct lesson_runner *r, const struct lesson_action *a,
		     struct lesson_result *res)
{
	const struct lesson_ui *ui = r->ui;

	switch (a->kind) {
	case ACT_SAY: say(r, a->text); return 0;
	case ACT_HIGHLIGHT:
		if (ui->highlight) ui->highlight(r->ui_ctx, a->layer);
		return 0;
	case ACT_SHOW: if (ui->show) ui->show(r->ui_ctx, a->text); return 0;
	case ACT_PAUSE: if (ui->pause) ui->pause(r->ui_ctx); return 0;
	case ACT_RUN_UNTIL: return do_run_until(r, a, res);
	case ACT_STEP_EXIT: case ACT_STEP_INSN: return do_step(r, a, res);
	case ACT_TYPE: return do_type(r, a, res);
	case ACT_EXPECT: return do_expect(r, a, res);
	case ACT_EXPECT_NEVER:
		if (lesson_watch_never(&r->watch, a))
			return failed(res, a->line, "more than %d expect-never "
				      "lines in one step", LESSON_NEVER_MAX);
		return 0;
	default: return do_ask(r, a, res);
	}
}

void lesson_run_step(struct lesson_runner *r, size_t index,
		     struct lesson_result *res)
{
	const struct lesson_step *step = &r->lesson->steps[index];
	uint64_t start_ns = clock_now_ns();

	memset(res, 0, sizeof(*res));
	res->verdict = LESSON_PASS;
	if (lesson_watch_step(&r->watch, step)) {
		failed(res, step->line, "more than %d count() terms in one step",
		       LESSON_COUNTED_MAX);
		return;
	}
	for (size_t i = 0; i < step->nactions; i++)
		if (do_action(r, &step->actions[i], res))
			break;
	if (res->verdict == LESSON_FAIL)
		lesson_watch_recent(&r->watch, res->recent, sizeof(res->recent));
	res->elapsed_us = (clock_now_ns() - start_ns) / 1000;
}
