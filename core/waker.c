/*
 * core/waker.c - the vCPU thread's sleep and its alarm clock (see
 * core/waker.h).
 *
 * The sleep is a ppoll() on an eventfd, until the deadline at most:
 * waker_wake() raises the pending flag and adds one to the eventfd,
 * waker_clear() takes the flag down and reads the eventfd back to zero -
 * but only when the flag was up: the clear runs at every exit, and a read
 * that fails (nothing posted, the common case) would still be a system
 * call each time.  The flag goes up first, in the same atomic step that
 * decides the kick, and only the wake that raised it writes the eventfd.
 * So a clear between a wake's flag and its write takes the flag, finds no
 * count yet, and the write leaves a count behind with no flag: a count
 * the vCPU has already seen.  waker_wait() reads such a count away and
 * sleeps on; it returns only with a flag up.  (Returning on the eventfd
 * alone, with the flag still to come, let the vCPU serve that wake, enter
 * its next run - and then the flag came, saw "in run" and kicked it: an
 * INTR exit for nothing.  A waking thread paused between its decision and
 * its kick can still do that; only the timer thread, which posts under
 * the lock waker_clear() takes, never does - see waker.h.)
 *
 * The alarm clock is one thread per VM, started when the guest first
 * programs a timer: it waits on a condition variable (CLOCK_MONOTONIC,
 * the clock of core/clock.h) until the deadline, then wakes the vCPU like
 * any other thread would - holding its lock while it posts.  The vCPU's
 * own sleep ends at the deadline too, so the two race for it: the clear,
 * under the same lock, takes a deadline the vCPU is serving away from the
 * thread, and a post the thread made first is complete by then and the
 * clear takes it.  (Posted outside the lock, the thread's wake could come
 * after the vCPU had served the tick itself and entered its next run.)
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/waker.h"

int waker_init(struct waker *w, void (*kick)(void *opaque), void *opaque)
{
	pthread_condattr_t attr;

	memset(w, 0, sizeof(*w));
	w->eventfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->eventfd < 0)
		return -errno;
	w->ready = true;
	w->kick = kick;
	w->opaque = opaque;
	w->deadline_ns = UINT64_MAX;
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &attr);
	pthread_condattr_destroy(&attr);
	return 0;
}

void waker_free(struct waker *w)
{
	if (!w->ready)
		return;
	w->ready = false;
	pthread_mutex_lock(&w->lock);
	w->quit = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	if (w->timer_running)
		pthread_join(w->timer, NULL);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	close(w->eventfd);
	w->eventfd = -1;
}

void waker_wake(struct waker *w)
{
	uint64_t one = 1;
	unsigned was = atomic_fetch_or(&w->state, WAKER_PENDING);

	if (was & WAKER_PENDING)
		return;   /* the wake that raised the flag writes and kicks */
	if (write(w->eventfd, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is full, the vCPU will wake anyway. */
	}
	if (was & WAKER_IN_RUN)
		waker_kick(w);
}

/* The count goes up before the gate is looked at: a stop that closes it
 * after sees this kick counted and waits for it; a kick that counts
 * itself after the close sees it closed. */
void waker_kick(struct waker *w)
{
	if (!(atomic_fetch_add(&w->kick_gate, 1) & WAKER_KICKS_STOPPED) &&
	    w->kick)
		w->kick(w->opaque);
	atomic_fetch_sub(&w->kick_gate, 1);
}

void waker_stop_kicks(struct waker *w)
{
	atomic_fetch_or(&w->kick_gate, WAKER_KICKS_STOPPED);
	while (atomic_load(&w->kick_gate) != WAKER_KICKS_STOPPED)
		sched_yield();
}

static struct timespec timespec_of(uint64_t ns)
{
	return (struct timespec){ .tv_sec = (time_t)(ns / 1000000000ULL),
				  .tv_nsec = (long)(ns % 1000000000ULL) };
}

/* The alarm clock: one wake per deadline reached. */
static void *timer_main(void *arg)
{
	struct waker *w = arg;

	pthread_mutex_lock(&w->lock);
	while (!w->quit) {
		struct timespec at;

		if (w->deadline_ns == UINT64_MAX) {
			pthread_cond_wait(&w->cond, &w->lock);
			continue;
		}
		if (clock_now_ns() < w->deadline_ns) {
			at = timespec_of(w->deadline_ns);
			pthread_cond_timedwait(&w->cond, &w->lock, &at);
			continue;   /* a new deadline, a quit, or the time */
		}
		w->deadline_ns = UINT64_MAX;
		waker_wake(w);   /* under the lock: see the top */
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* The alarm clock takes no signal: a process's signal goes to any thread
 * that lets it in, and a stop signal (cli/signals.h) must reach the
 * thread that waits for it - the vCPU thread, in a --step prompt say.  A
 * new thread starts with its creator's mask: block all around the start. */
static int start_timer(struct waker *w)
{
	sigset_t all, old;
	int err;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = -pthread_create(&w->timer, NULL, timer_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err;
}

int waker_set_deadline(struct waker *w, uint64_t ns)
{
	int err = 0;

	pthread_mutex_lock(&w->lock);
	if (ns != w->deadline_ns) {
		if (ns < w->deadline_ns)
			pthread_cond_signal(&w->cond);
		w->deadline_ns = ns;
	}
	if (!w->timer_running && ns != UINT64_MAX) {
		err = start_timer(w);
		w->timer_running = err == 0;
	}
	pthread_mutex_unlock(&w->lock);
	return err;
}

/* How long until the deadline, for ppoll(); NULL when there is none. */
static const struct timespec *time_left(struct waker *w, struct timespec *ts)
{
	uint64_t deadline, now = clock_now_ns();

	pthread_mutex_lock(&w->lock);
	deadline = w->deadline_ns;
	pthread_mutex_unlock(&w->lock);
	if (deadline == UINT64_MAX)
		return NULL;
	*ts = timespec_of(deadline > now ? deadline - now : 0);
	return ts;
}

static bool wake_posted(struct waker *w)
{
	return atomic_load(&w->state) & WAKER_PENDING;
}

/* The timeout is the deadline itself, so a halted guest gets its tick
 * even if the timer thread could not be started.  A readable eventfd
 * without the flag holds a count already seen: read it away (a new wake
 * whose count this takes has its flag up already, and the loop ends). */
void waker_wait(struct waker *w)
{
	struct pollfd pfd = { .fd = w->eventfd, .events = POLLIN };
	struct timespec ts;
	uint64_t seen;
	int n;

	while (!wake_posted(w)) {
		n = ppoll(&pfd, 1, time_left(w, &ts), NULL);
		if (n == 0 || (n < 0 && errno != EINTR))
			return;   /* the deadline (or a broken poll: do not spin) */
		if (n > 0 && !wake_posted(w) &&
		    read(w->eventfd, &seen, sizeof(seen)) < 0) {
			/* EAGAIN: a clear read it first */
		}
	}
}

void waker_clear(struct waker *w, uint64_t now)
{
	uint64_t count;

	pthread_mutex_lock(&w->lock);
	if (w->deadline_ns <= now)
		w->deadline_ns = UINT64_MAX;   /* served now, not by the thread */
	pthread_mutex_unlock(&w->lock);
	if (!(atomic_fetch_and(&w->state, ~WAKER_PENDING) & WAKER_PENDING))
		return;   /* no wake since the last clear: nothing to read */
	if (read(w->eventfd, &count, sizeof(count)) < 0) {
		/* EAGAIN: the wake's write is still to come; waker_wait()
		 * reads that count away. */
	}
}

bool waker_enter_run(struct waker *w)
{
	return atomic_fetch_or(&w->state, WAKER_IN_RUN) & WAKER_PENDING;
}

void waker_leave_run(struct waker *w)
{
	atomic_fetch_and(&w->state, ~WAKER_IN_RUN);
}
