/*
 * tui/vcpu_mailbox.c - where the UI thread and the vCPU thread meet (see
 * vcpu_thread.h): commands go one way through the mailbox, snapshots the
 * other way; keys and the VM's read lock need no trip through the vCPU
 * thread at all.
 *
 * Everything here but vcpu_mailbox_take() runs on the UI thread.  t->lock
 * guards the mailbox and the published snapshot and is held only to copy;
 * the condition variables use CLOCK_MONOTONIC (vcpu_thread.c sets them
 * up), and so do the deadlines below.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "core/clock.h"
#include "tui/vcpu_breaks.h"
#include "tui/vcpu_thread_priv.h"

#define KICK_IDLE_NS 50000000  /* kick a guest busy for 50 ms without exits */

/* The CLOCK_MONOTONIC time ms milliseconds from now. */
static struct timespec deadline_in(int ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_nsec += (long)ms * 1000000L;
	t.tv_sec += t.tv_nsec / 1000000000L;
	t.tv_nsec %= 1000000000L;
	return t;
}

unsigned vcpu_mailbox_take(struct vcpu_thread *t,
			   struct vcpu_cmd cmds[VCPU_MAILBOX], int wait_ms)
{
	struct timespec until = { 0 };
	unsigned n;

	if (wait_ms > 0)
		until = deadline_in(wait_ms);
	pthread_mutex_lock(&t->lock);
	while (t->count == 0 && wait_ms != 0) {
		if (wait_ms < 0)
			pthread_cond_wait(&t->cmd_cond, &t->lock);
		else if (pthread_cond_timedwait(&t->cmd_cond, &t->lock,
						&until) == ETIMEDOUT)
			break;
	}
	n = t->count;
	for (unsigned i = 0; i < n; i++)
		cmds[i] = t->mailbox[(t->head + i) % VCPU_MAILBOX];
	t->head = (t->head + n) % VCPU_MAILBOX;
	t->count = 0;
	atomic_store(&t->pending, 0);
	pthread_mutex_unlock(&t->lock);
	return n;
}

/* A guest that runs long without an exit would not see the mailbox: kick
 * it out of run() (it comes back as an INTR exit), or cut a HLT's wait
 * short (vm_attention). */
static void kick_if_busy(struct vcpu_thread *t)
{
	uint64_t last = atomic_load_explicit(&t->last_exit_ns,
					     memory_order_relaxed);

	if (clock_now_ns() - last < KICK_IDLE_NS)
		return;
	pthread_rwlock_rdlock(&t->vm_lock);
	if (t->vm_alive)
		vm_attention(&t->vm);
	pthread_rwlock_unlock(&t->vm_lock);
}

int vcpu_thread_keys(struct vcpu_thread *t, const uint8_t *bytes, size_t n)
{
	int err = -ESRCH;

	pthread_rwlock_rdlock(&t->vm_lock);
	if (t->vm_alive)
		err = vm_keys_push(&t->vm, bytes, n);
	pthread_rwlock_unlock(&t->vm_lock);
	return err;
}

unsigned vcpu_thread_keys_waiting(struct vcpu_thread *t)
{
	uint64_t n = 0;

	pthread_rwlock_rdlock(&t->vm_lock);
	if (t->vm_alive)
		n = key_queue_waiting(&t->vm.keys);
	pthread_rwlock_unlock(&t->vm_lock);
	return n > UINT32_MAX ? UINT32_MAX : (unsigned)n;
}

int vcpu_thread_post_n(struct vcpu_thread *t, const struct vcpu_cmd *cmds,
		       unsigned n)
{
	bool running, kick = false;

	pthread_mutex_lock(&t->lock);
	if (t->count + n > VCPU_MAILBOX) {
		pthread_mutex_unlock(&t->lock);
		return -EAGAIN;
	}
	for (unsigned i = 0; i < n; i++) {
		t->mailbox[(t->head + t->count) % VCPU_MAILBOX] = cmds[i];
		t->count++;
		kick |= cmds[i].kind != VCMD_BREAK;
	}
	atomic_store(&t->pending, 1);
	running = vcpu_mode_runs(t->snap.mode);
	pthread_cond_signal(&t->cmd_cond);
	pthread_mutex_unlock(&t->lock);
	if (running && kick)
		kick_if_busy(t);
	return 0;
}

int vcpu_thread_post(struct vcpu_thread *t, const struct vcpu_cmd *cmd)
{
	return vcpu_thread_post_n(t, cmd, 1);
}

enum chain_found vcpu_thread_note(struct vcpu_thread *t, uint64_t seq,
				  struct exit_note *out)
{
	return chain_store_get(&t->chains, seq, out);
}

int vcpu_thread_knows(struct vcpu_thread *t, const struct stop_cond *c,
		      char *err, size_t len)
{
	const struct symtab *syms = NULL;
	uint64_t generation;
	struct vm *vm;
	bool known;

	if (!stop_cond_is_insn(c))
		return 0;
	vm = vcpu_thread_lock_vm(t, &generation);
	if (vm)
		syms = vcpu_breaks_symbols(vm, c, err, len);
	else
		snprintf(err, len, "the machine is not running");
	known = syms && (c->kind != STOP_FUNC || symtab_find(syms, c->func));
	vcpu_thread_unlock_vm(t);
	if (known)
		return 0;
	if (syms && c->level_named)
		snprintf(err, len, "%s: no function of that name in L%u's "
			 "symbols", c->func, c->level + 1);
	else if (syms)
		snprintf(err, len, "%s: no function of that name in this "
			 "guest's symbols", c->func);
	return -ENOENT;
}

int vcpu_thread_run_until(struct vcpu_thread *t, const struct stop_cond *until)
{
	struct vcpu_cmd cmds[2] = {
		{ .kind = VCMD_BREAK, .cond = *until },
		{ .kind = VCMD_FLAT_OUT },
	};

	if (until->kind == STOP_ANY_EXIT)
		return vcpu_thread_post(t, &(struct vcpu_cmd){
						   .kind = VCMD_STEP_EXIT });
	if (until->kind == STOP_END)
		return vcpu_thread_post(t, &cmds[1]);
	return vcpu_thread_post_n(t, cmds, 2);
}

void vcpu_thread_want_snapshot(struct vcpu_thread *t)
{
	atomic_store_explicit(&t->want_snapshot, 1, memory_order_relaxed);
}

uint64_t vcpu_thread_snapshot(struct vcpu_thread *t, struct vcpu_snapshot *out)
{
	uint64_t version;

	pthread_mutex_lock(&t->lock);
	*out = t->snap;
	version = t->snap.version;
	pthread_mutex_unlock(&t->lock);
	if (out->have_exit)
		event_exit_attach_data(&out->exit.u.exit, out->exit.io_data);
	return version;
}

void vcpu_thread_wait(struct vcpu_thread *t, uint64_t seen, int timeout_ms)
{
	struct timespec until = deadline_in(timeout_ms);

	pthread_mutex_lock(&t->lock);
	while (t->snap.version == seen &&
	       pthread_cond_timedwait(&t->snap_cond, &t->lock, &until) == 0)
		;
	pthread_mutex_unlock(&t->lock);
}

struct vm *vcpu_thread_lock_vm(struct vcpu_thread *t, uint64_t *generation)
{
	pthread_rwlock_rdlock(&t->vm_lock);
	*generation = t->generation;
	return t->vm_alive ? &t->vm : NULL;
}

void vcpu_thread_unlock_vm(struct vcpu_thread *t)
{
	pthread_rwlock_unlock(&t->vm_lock);
}

struct event_ring *vcpu_thread_events(struct vcpu_thread *t)
{
	return &t->ring;
}
