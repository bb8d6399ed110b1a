/*
 * tui/vcpu_thread.c - the thread that runs the guest (see vcpu_thread.h).
 *
 * The loop: while paused, sleep on the mailbox; while running, run one
 * exit at a time with vm_run_exit(), look at it (unwind the guest's call
 * chain, or take an earlier exit's where nothing it came from changed, and
 * map it to the flow layers - the guest is stopped, so its memory holds
 * still), decide whether this exit ends the step, and look
 * at the mailbox with one atomic load.  A snapshot is published at every
 * stop and, while running, when the UI has asked for one.
 *
 * Locks: t->lock guards the mailbox and the published snapshot, held only
 * to copy; t->vm_lock is taken for writing only while the machine is
 * rebuilt.  The guest never waits for the UI.  The UI's side of the
 * mailbox, and the functions the UI calls while the thread runs, are in
 * vcpu_mailbox.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/crash_report.h"
#include "core/cells_own.h"
#include "core/clock.h"
#include "devices/uart16550.h"
#include "tui/vcpu_breaks.h"
#include "tui/vcpu_job.h"
#include "tui/vcpu_snapshot.h"
#include "tui/vcpu_step.h"
#include "tui/sdl_window.h"
#include "tui/vcpu_thread_priv.h"

#define ANIMATE_MS 100         /* c: one exit every 100 ms */

/* The serial sink: the console panel reads the bytes from the event ring;
 * here they are only counted, to light "host terminal". */
static void count_tx(void *opaque, uint8_t byte)
{
	struct vcpu_thread *t = opaque;

	(void)byte;
	t->tx_bytes++;
}

static int build_vm(struct vcpu_thread *t, char *err, size_t len)
{
	struct vm_config cfg = t->cfg.vm;
	int ret;

	cfg.serial = (struct serial_sink){ count_tx, t };
	ret = event_ring_init(&t->ring, t->cfg.ring_capacity);
	if (ret) {
		snprintf(err, len, "cannot allocate the event ring");
		return ret;
	}
	ret = vm_create(&t->vm, &cfg, err, len);
	if (ret) {
		event_ring_free(&t->ring);
		return ret;
	}
	ret = machine_opts_start(&t->cfg.machine, &t->vm, &t->window, err,
				 len);
	if (ret) {
		vm_destroy(&t->vm);
		event_ring_free(&t->ring);
		return ret;
	}
	t->vm.events = &t->ring;
	t->vm_alive = true;
	return 0;
}

static void teardown_vm(struct vcpu_thread *t)
{
	if (!t->vm_alive)
		return;
	sdl_window_close(t->window);
	t->window = NULL;
	vm_destroy(&t->vm);
	event_ring_free(&t->ring);
	t->vm_alive = false;
}

/* What the exits' notes and the Flow panel take from a chain. */
static void view_chain(const struct unwind_chain *chain, struct chain_view *v)
{
	uint8_t layer_of[UNWIND_MAX_FRAMES];

	v->layers = flow_chain_layers(chain, layer_of);
	unwind_format(chain, v->text, sizeof(v->text));
	v->len = strlen(v->text);
}

/* No chain at the last exit (none yet, or no registers to start from). */
static void no_chain(struct vcpu_thread *t)
{
	static const struct unwind_chain empty;

	t->chain = &empty;
	view_chain(&empty, &t->no_view);
	t->view = &t->no_view;
}

/* Forget everything about the previous run. */
static void reset_run(struct vcpu_thread *t)
{
	memset(&t->exit, 0, sizeof(t->exit));
	t->have_exit = false;
	unwind_memo_forget(&t->unwind);   /* the new machine's symbols */
	no_chain(t);
	t->layers = 0;
	t->device = NULL;
	memset(t->layer_hits, 0, sizeof(t->layer_hits));
	t->breakpoint_hits = 0;
	exit_counter_reset(&t->numbers);
	t->run_ns = 0;
	t->mode = VCPU_PAUSED;
	t->nowed = 0;
	free(t->crash_text);     /* a crash of the machine before a restart */
	t->crash_text = NULL;
}

void vcpu_thread_restart(struct vcpu_thread *t)
{
	char err[200];

	pthread_rwlock_wrlock(&t->vm_lock);
	teardown_vm(t);
	reset_run(t);
	chain_store_reset(&t->chains);
	t->generation++;
	if (build_vm(t, err, sizeof(err))) {
		t->mode = VCPU_ENDED;
		snprintf(t->note, sizeof(t->note), "restart failed: %s", err);
	} else {
		snprintf(t->note, sizeof(t->note), "restarted the guest");
		vcpu_breaks_arm(t);   /* the new machine's backend */
	}
	pthread_rwlock_unlock(&t->vm_lock);
}

/* The bus range that took the exit's port, NULL when none did. */
static const struct bus_range *claimer(struct vm *vm,
				       const struct exit_record *exit)
{
	const struct bus_space *s = &vm->bus.pio;

	if (exit->reason != EXIT_IO)
		return NULL;
	for (unsigned i = 0; i < s->count; i++)
		if (exit->u.io.port >= s->ranges[i].base &&
		    exit->u.io.port < s->ranges[i].base + s->ranges[i].len)
			return &s->ranges[i];
	return NULL;
}

/* The guest's call chain at this exit.  Unwound again only when the
 * guest has moved (core/unwind_memo.h): in a loop, or a line written
 * byte by byte, the chain, its layers and its text are an earlier exit's. */
static void unwind_exit(struct vcpu_thread *t)
{
	struct vm *vm = &t->vm;
	struct level_state ls;
	unsigned slot;
	bool fresh;

	/* the chain of the level whose code exited: L2's in its own space */
	if (nested_level_state(vm, t->exit.level, &ls)) {
		no_chain(t);
		return;
	}
	t->chain = unwind_memo_space(&t->unwind, &ls.space, ls.syms,
				     &(struct unwind_regs){ t->exit.rip,
							    ls.regs.rsp,
							    ls.regs.rbp },
				     &slot, &fresh);
	if (fresh)
		view_chain(t->chain, &t->views[slot]);
	t->view = &t->views[slot];
}

/* After every exit: the call chain, the flow path, the layer counts. */
void vcpu_thread_annotate(struct vcpu_thread *t, uint64_t tx_before)
{
	struct vm *vm = &t->vm;
	/* an exit reflected to L1 never reaches L0's bus: L1's own device
	 * model answers it */
	const struct bus_range *r = t->exit.nest.verdict == NESTED_REFLECT ?
				    NULL : claimer(vm, &t->exit);
	struct flow_host host = {
		.uart_claimed = r && r->opaque == vm->uart,
		.byte_to_host = t->tx_bytes != tx_before,
	};

	unwind_exit(t);
	/* a DEBUG exit is a stop vmscope asked for (l, i, a breakpoint):
	 * numbered apart, as the tracer numbers it, and not in the layer
	 * counts, which stay the guest's */
	chain_store_put(&t->chains, t->exit.seq,
			exit_counter_add(&t->numbers, &t->exit), t->view->text,
			t->view->len);
	t->device = r ? r->name : NULL;
	t->layers = t->view->layers | flow_host_layers(&t->exit, &host);
	if (t->numbers.last.stop)
		return;   /* a stop is no exit of the guest's: not in the hits */
	for (int l = 0; l < FLOW_LAYERS; l++)
		if (t->layers & (1u << l))
			t->layer_hits[l]++;
}

void vcpu_thread_note_crash(struct vcpu_thread *t)
{
	struct exit_text_cache *cache;
	size_t size;
	FILE *f;

	if (t->vm.state != VM_CRASHED || t->crash_text ||
	    exit_text_cache_open(&cache))
		return;
	f = open_memstream(&t->crash_text, &size);
	if (f) {
		crash_report(&t->vm, cache, &t->exit, f);
		fclose(f);
	}
	exit_text_cache_close(cache);
}

/* The step in progress is over: undo what it armed. */
void vcpu_thread_end_step(struct vcpu_thread *t, enum vcpu_mode next)
{
	enum vcpu_mode was = t->mode;

	if (vcpu_mode_runs(t->mode) && !vcpu_mode_runs(next))
		t->run_ns += clock_now_ns() - t->run_since;
	vm_resume_at_once(&t->vm, false);   /* a stop: the UI may wait */
	if (t->mode == VCPU_STEP_INSN)
		vcpu_step_insn_end(&t->vm);
	t->mode = next;
	/* the layer breakpoints go: the `b` ones alone again (KVM: the guest
	 * would stop at a layer breakpoint again) */
	if (was == VCPU_STEP_LAYER)
		vcpu_breaks_arm(t);
}

/* Does this exit end the current mode?  Sets the note when it says why. */
static bool exit_stops(struct vcpu_thread *t)
{
	if (t->vm.state != VM_RUNNING)
		return true;
	if (vcpu_breaks_hit(t))
		return true;
	switch (t->mode) {
	case VCPU_STEP_LAYER:
		if (t->exit.reason == EXIT_DEBUG)
			t->breakpoint_hits++;
		return true;
	case VCPU_STEP_EXIT:
	case VCPU_STEP_INSN:
		return true;
	default:
		/* a debug stop nobody asked for.  (An INTR exit is a kick:
		 * the UI's, whose command the mailbox holds, or a timer's or
		 * a key's, which the guest must simply go on from.) */
		return t->exit.reason == EXIT_DEBUG;
	}
}

/*
 * l: breakpoints on the layer functions below where the level that runs
 * next stands - L1's, or L2's (L3's) after L1's run doorbell or an exit
 * of theirs that L0 handled.  Its chain is the last exit's when that exit
 * was the level's own; else (before the first exit; L1's doorbell with L2
 * about to run) it is unwound from the level's state now, through its own
 * page tables.  0 or -errno with the note.
 */
static int begin_layer(struct vcpu_thread *t, uint32_t level)
{
	const struct unwind_chain *chain = t->have_exit ? t->chain : NULL;
	uint64_t rip = t->exit.rip, keep[BACKEND_BREAKPOINTS];
	struct unwind_chain now;
	struct level_state ls;

	if (!t->have_exit || t->exit.level != level) {
		chain = NULL;   /* unknown: every layer */
		rip = 0;
		if (!nested_level_state(&t->vm, level, &ls)) {
			rip = ls.regs.rip;
			unwind_space(&ls.space, ls.syms,
				     &(struct unwind_regs){ ls.regs.rip,
							    ls.regs.rsp,
							    ls.regs.rbp },
				     &now);
			chain = &now;
		}
	}
	return vcpu_step_layer_begin(&t->vm, level, chain, rip, keep,
				     vcpu_breaks_addrs(t, level, keep),
				     t->note, sizeof(t->note));
}

/* Start a step or a run; a mode that cannot start leaves the note why. */
static void begin(struct vcpu_thread *t, enum vcpu_mode mode)
{
	uint32_t level = nested_next_level(&t->vm);

	if (t->mode == VCPU_ENDED) {
		snprintf(t->note, sizeof(t->note), "the guest has ended: "
			 "r restarts it, q quits");
		return;
	}
	vcpu_thread_end_step(t, VCPU_PAUSED);
	t->note[0] = '\0';
	/* where L2's code cannot stop at a breakpoint (KVM), l with L2 to
	 * run next runs to L2's next exit, and says so */
	if (mode == VCPU_STEP_LAYER && level &&
	    !vcpu_step_nested_bp_works(&t->vm)) {
		snprintf(t->note, sizeof(t->note), "l: layer stops in L%u's "
			 "code need --backend soft; L%u runs next: to its next "
			 "exit", level + 1, level + 1);
		mode = VCPU_STEP_EXIT;
	}
	if (mode == VCPU_STEP_LAYER && begin_layer(t, level))
		return;
	if (mode == VCPU_STEP_INSN &&
	    vcpu_step_insn_begin(&t->vm, t->note, sizeof(t->note)))
		return;
	t->run_since = clock_now_ns();
	t->mode = mode;
	/* flat out, the thread never waits between exits (core/vm.h);
	 * animated, it waits 100 ms after each */
	vm_resume_at_once(&t->vm, mode == VCPU_FLAT_OUT);
}

static bool is_step(enum vcpu_mode mode)
{
	return mode == VCPU_STEP_EXIT || mode == VCPU_STEP_LAYER ||
	       mode == VCPU_STEP_INSN;
}

/* A step key (s, l, i): begun now, or owed while a step runs.  Begun at
 * once, each key of a burst (a paste, keys typed faster than the guest
 * steps) would restart the step before it and the burst would be one. */
static void step_key(struct vcpu_thread *t, enum vcpu_mode mode)
{
	if (!is_step(t->mode))
		begin(t, mode);
	else if (t->nowed < VCPU_MAILBOX)
		t->owed[t->nowed++] = mode;
}

/* A step has just ended: the oldest owed one begins, unless the guest
 * ended; none is owed any longer once one cannot begin (its note says
 * why). */
static void begin_owed(struct vcpu_thread *t)
{
	enum vcpu_mode mode = t->owed[0];

	if (t->mode != VCPU_PAUSED)
		t->nowed = 0;
	if (!t->nowed)
		return;
	t->nowed--;
	memmove(t->owed, t->owed + 1, t->nowed * sizeof(t->owed[0]));
	begin(t, mode);
	if (!is_step(t->mode))
		t->nowed = 0;
}

static void run_one(struct vcpu_thread *t)
{
	uint64_t tx_before = t->tx_bytes;
	int err = vm_run_exit(&t->vm, &t->exit);

	/* an exit's handling ended a moment ago: no need to read the clock,
	 * unless the exit's times are not the host's (--clock insn) */
	atomic_store_explicit(&t->last_exit_ns,
			      err || vm_clock_virtual(&t->vm) ? clock_now_ns()
			      : t->exit.t_ns + t->exit.handle_ns,
			      memory_order_relaxed);
	if (err == VM_RUN_NO_EXIT) {   /* halted; the mailbox has work */
		if (t->vm.state != VM_RUNNING) {
			vcpu_thread_end_step(t, VCPU_ENDED);
			vcpu_snapshot_publish(t);
		}
		return;
	}
	if (err) {
		snprintf(t->note, sizeof(t->note), "the %s backend failed: %s",
			 t->vm.backend->name, strerror(-err));
		t->nowed = 0;   /* no more steps into a failing backend */
	} else {
		t->have_exit = true;
		vcpu_thread_annotate(t, tx_before);
		if (t->cfg.key_wait && t->vm.state == VM_RUNNING &&
		    vm_waits_for_key(&t->vm, &t->exit))
			t->cfg.key_wait(t->cfg.key_wait_opaque, &t->vm);
	}
	if (err || exit_stops(t)) {
		vcpu_thread_end_step(t, t->vm.state == VM_RUNNING ? VCPU_PAUSED
						      : VCPU_ENDED);
		vcpu_thread_note_crash(t);
		vcpu_snapshot_publish(t);
		begin_owed(t);
	} else if (atomic_exchange(&t->want_snapshot, 0)) {
		vcpu_snapshot_publish(t);
	}
}

/* c, C: the run replaces the steps owed too. */
static void run_key(struct vcpu_thread *t, enum vcpu_mode mode)
{
	t->nowed = 0;
	begin(t, mode);
}

static void handle(struct vcpu_thread *t, const struct vcpu_cmd *c)
{
	switch (c->kind) {
	case VCMD_STEP_EXIT: step_key(t, VCPU_STEP_EXIT); break;
	case VCMD_STEP_LAYER: step_key(t, VCPU_STEP_LAYER); break;
	case VCMD_STEP_INSN: step_key(t, VCPU_STEP_INSN); break;
	case VCMD_CONTINUE: run_key(t, VCPU_ANIMATED); break;
	case VCMD_FLAT_OUT: run_key(t, VCPU_FLAT_OUT); break;
	case VCMD_PAUSE:
		t->nowed = 0;   /* p stops the steps owed too */
		if (vcpu_mode_runs(t->mode)) {
			vcpu_thread_end_step(t, VCPU_PAUSED);
			snprintf(t->note, sizeof(t->note), "paused");
		}
		break;
	case VCMD_BREAK:
		if (c->cond.kind == STOP_NONE)
			vcpu_breaks_clear(t, 0);
		else
			vcpu_breaks_add(t, &c->cond);
		break;
	case VCMD_UNBREAK: vcpu_breaks_clear(t, c->index); break;
	case VCMD_RESTART: vcpu_thread_restart(t); break;
	case VCMD_JOB: vcpu_job_run(t, &c->job); break;
	case VCMD_QUIT: t->quit = true; break;
	}
}

/* Handle every posted command; wait up to wait_ms for one (-1: forever,
 * 0: not at all).  Returns true when any was handled. */
static bool take_commands(struct vcpu_thread *t, int wait_ms)
{
	struct vcpu_cmd cmds[VCPU_MAILBOX];
	unsigned n = vcpu_mailbox_take(t, cmds, wait_ms);

	for (unsigned i = 0; i < n; i++)
		handle(t, &cmds[i]);
	return n > 0;
}

/* A cell's thread (vmscope run --cell) runs on the CPU the cell owns. */
static int own_cpu(struct vcpu_thread *t)
{
	const struct cell_config *cell = t->cfg.vm.cell;
	int err = cell ? cells_own_cpu(cell->cpu) : 0;

	if (err)
		snprintf(t->start_msg, sizeof(t->start_msg), "cannot pin its "
			 "vCPU thread to CPU %d: %s", cell->cpu,
			 strerror(-err));
	return err;
}

static void *thread_main(void *arg)
{
	struct vcpu_thread *t = arg;
	int err = own_cpu(t);

	if (!err)
		err = build_vm(t, t->start_msg, sizeof(t->start_msg));

	/* the first snapshot is there before vcpu_thread_start() returns */
	if (!err)
		vcpu_snapshot_publish(t);
	pthread_mutex_lock(&t->lock);
	t->start_err = err;
	t->started = true;
	pthread_cond_broadcast(&t->snap_cond);
	pthread_mutex_unlock(&t->lock);
	if (err)
		return NULL;
	while (!t->quit) {
		bool took;

		if (!vcpu_mode_runs(t->mode)) {
			if (take_commands(t, -1))
				vcpu_snapshot_publish(t);
			continue;
		}
		run_one(t);
		took = atomic_load_explicit(&t->pending, memory_order_relaxed)
		       && take_commands(t, 0);
		if (t->mode == VCPU_ANIMATED)
			took = take_commands(t, ANIMATE_MS) || took;
		if (took)
			vcpu_snapshot_publish(t);
	}
	vcpu_thread_end_step(t, t->mode);
	vcpu_thread_note_crash(t);
	vcpu_snapshot_publish(t);
	teardown_vm(t);
	return NULL;
}

static int init_sync(struct vcpu_thread *t)
{
	pthread_condattr_t ca;

	if (pthread_condattr_init(&ca))
		return -ENOMEM;
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cmd_cond, &ca);
	pthread_cond_init(&t->snap_cond, &ca);
	pthread_rwlock_init(&t->vm_lock, NULL);
	pthread_condattr_destroy(&ca);
	return 0;
}

static void free_thread(struct vcpu_thread *t)
{
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->cmd_cond);
	pthread_cond_destroy(&t->snap_cond);
	pthread_rwlock_destroy(&t->vm_lock);
	free(t->crash_text);
	free(t);
}

int vcpu_thread_start(struct vcpu_thread **out,
		      const struct vcpu_thread_config *cfg, char *err,
		      size_t len)
{
	struct vcpu_thread *t = calloc(1, sizeof(*t));
	int ret;

	if (!t || init_sync(t)) {
		free(t);
		snprintf(err, len, "out of memory");
		return -ENOMEM;
	}
	t->cfg = *cfg;
	reset_run(t);
	ret = -pthread_create(&t->thread, NULL, thread_main, t);
	if (ret) {
		snprintf(err, len, "cannot start the vCPU thread: %s",
			 strerror(-ret));
		free_thread(t);
		return ret;
	}
	pthread_mutex_lock(&t->lock);
	while (!t->started)
		pthread_cond_wait(&t->snap_cond, &t->lock);
	ret = t->start_err;
	pthread_mutex_unlock(&t->lock);
	if (ret) {
		snprintf(err, len, "%s", t->start_msg);
		pthread_join(t->thread, NULL);
		free_thread(t);
		return ret;
	}
	*out = t;
	return 0;
}

char *vcpu_thread_stop(struct vcpu_thread *t)
{
	struct vcpu_cmd quit = { .kind = VCMD_QUIT };
	char *crash;

	/* a full mailbox: the thread is taking the commands before it */
	while (vcpu_thread_post(t, &quit) == -EAGAIN)
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	pthread_join(t->thread, NULL);
	crash = t->crash_text;
	t->crash_text = NULL;
	free_thread(t);
	return crash;
}
