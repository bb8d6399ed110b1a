/*
 * core/waker.c - the vCPU thread's sleep and its alarm clock (see
 * core/waker.h).
 *
 * The sleep is a ppoll() on an eventfd, until the deadline at most:
 * waker_wake() adds one to it from any thread, waker_clear() reads it back
 * to zero - but only when the pending flag says a wake came: the clear
 * runs at every exit, and a read that fails (nothing posted, the common
 * case) would still be a system call each time.  The flag is set after
 * the eventfd's write, so a clear that finds it down leaves no count
 * behind for good: the write it missed is followed by the flag, and the
 * next clear reads.  (Set before, a clear between flag and write would
 * take the flag and miss the count, and every later ppoll() would return
 * at once - a halted guest would spin.)  The alarm clock is one
 * thread per VM, started when the guest first programs a timer: it waits
 * on a condition variable (CLOCK_MONOTONIC, the clock of core/clock.h)
 * until the deadline, then wakes the vCPU like any other thread would.
 */
#include <errno.h>
#include <poll.h>
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

	if (write(w->eventfd, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is full, the vCPU will wake anyway. */
	}
	atomic_store(&w->pending, true);   /* after the write: see the top */
	if (atomic_load(&w->in_run) && w->kick)
		w->kick(w->opaque);
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
		pthread_mutex_unlock(&w->lock);
		waker_wake(w);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
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
		err = -pthread_create(&w->timer, NULL, timer_main, w);
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

/* The timeout is the deadline itself, so a halted guest gets its tick
 * even if the timer thread could not be started. */
void waker_wait(struct waker *w)
{
	struct pollfd pfd = { .fd = w->eventfd, .events = POLLIN };
	struct timespec ts;

	while (!atomic_load(&w->pending) &&
	       ppoll(&pfd, 1, time_left(w, &ts), NULL) < 0 && errno == EINTR)
		;
}

void waker_clear(struct waker *w)
{
	uint64_t count;

	if (!atomic_exchange(&w->pending, false))
		return;   /* no wake since the last clear: nothing to read */
	if (read(w->eventfd, &count, sizeof(count)) < 0) {
		/* EAGAIN: the wake's write is still to come (its flag
		 * follows it, and the next clear reads). */
	}
}

bool waker_enter_run(struct waker *w)
{
	atomic_store(&w->in_run, true);
	return atomic_load(&w->pending);
}

void waker_leave_run(struct waker *w)
{
	atomic_store(&w->in_run, false);
}
