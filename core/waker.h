/*
 * core/waker.h - how the vCPU thread waits for its devices, and how the
 * rest of vmscope wakes it.
 *
 * A guest that halts with interrupts on (`sti; hlt`) waits for a device:
 * a PIT tick due at a known time, a key a person types, a stop request.
 * The vCPU thread then sleeps in waker_wait() - no spinning - until
 * somebody calls waker_wake(): an input thread, vm_request_stop(), or the
 * waker's own timer thread when the deadline the vCPU thread set comes.
 *
 * A guest that runs without exits must be interrupted too (a tick is due,
 * a key arrived): wake() then also calls the kick function given at init
 * (the backend's kick), but only while the vCPU is inside run() - between
 * waker_enter_run() and waker_leave_run().  The wake's flag and the "in
 * run" flag are one atomic word, so the kick is decided in the same step
 * that posts the wake: either the waker sees "in run" and kicks, or
 * waker_enter_run() sees the pending wake and tells the caller to kick
 * itself - never both.
 *
 * What keeps the timer's INTR exits exact: waker_wait() returns only with
 * a wake posted or at the deadline, and a deadline the vCPU has served
 * (waker_clear() at a time past it) is never posted afterwards.  Other
 * threads' wakes can still cost one empty INTR exit: a thread paused
 * between deciding its kick and making it may kick a run that began after
 * the vCPU had already served its wake (the kick sticks in the backend).
 * Rare, and never a lost wake.
 *
 * Kicks reach the backend's state from other threads, so they must end
 * before that state goes: waker_stop_kicks() closes the gate every kick
 * passes (waker_kick(), and waker_wake()'s kick) and waits until the
 * kicks already inside it are done; vm_destroy() calls it before it frees
 * anything a kick touches (the nesting stage's L2, the backend).
 */
#ifndef CORE_WAKER_H
#define CORE_WAKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* The bits of struct waker's state. */
enum {
	WAKER_PENDING = 1u,          /* a wake not yet seen by the vCPU */
	WAKER_IN_RUN = 2u,           /* between enter_run and leave_run */
};

/* The kick gate's closed bit; below it, the kicks under way. */
#define WAKER_KICKS_STOPPED (1u << 31)

struct waker {
	bool ready;                  /* waker_init() succeeded */
	int eventfd;                 /* readable while a wake is pending */
	_Atomic unsigned state;      /* WAKER_PENDING | WAKER_IN_RUN */
	void (*kick)(void *opaque);
	void *opaque;
	/* kicks inside the gate, and WAKER_KICKS_STOPPED (0: open) */
	_Atomic unsigned kick_gate;

	pthread_mutex_t lock;        /* the timer thread's state: */
	pthread_cond_t cond;
	uint64_t deadline_ns;        /* UINT64_MAX: none */
	bool timer_running, quit;
	pthread_t timer;
};

/* 0 or -errno; kick(opaque) interrupts a run() in progress.  waker_free
 * is safe on a zeroed struct. */
int waker_init(struct waker *w, void (*kick)(void *opaque), void *opaque);
void waker_free(struct waker *w);
/* Any thread: the vCPU has something to look at. */
void waker_wake(struct waker *w);
/* Any thread: the init's kick(opaque) now, unless kicks are stopped. */
void waker_kick(struct waker *w);
/* Any thread, once: no kick from now on; returns when none is under way. */
void waker_stop_kicks(struct waker *w);
/* vCPU thread: wake at ns (clock_now_ns's clock; UINT64_MAX: never).
 * Starts the timer thread the first time.  0 or -errno. */
int waker_set_deadline(struct waker *w, uint64_t ns);
/* vCPU thread: sleep until a wake is posted (its flag up: the next
 * waker_clear() takes it) or the deadline; returns at once if a wake is
 * pending. */
void waker_wait(struct waker *w);
/* vCPU thread, before it looks at the devices as of time now: forget the
 * wakes posted so far, and the deadline if it is not after now (the vCPU
 * serves it: the timer thread will not post it any more). */
void waker_clear(struct waker *w, uint64_t now);
/* vCPU thread, around run(): enter returns true when a wake came in
 * between - the caller kicks itself so run() returns at once. */
bool waker_enter_run(struct waker *w);
void waker_leave_run(struct waker *w);

#endif /* CORE_WAKER_H */
