/*
 * devices/net_worker.c - the vhost-style worker thread (see
 * devices/net_worker.h): a poll() loop over the kick eventfd, a stop
 * eventfd, a count eventfd, the interrupt's resample eventfd and the
 * wire's descriptor.
 *
 * Counting kicks: an eventfd adds up the signals it was given until it is
 * read, so the worker knows exactly how many came by summing what it
 * reads.  A caller who wants the count (net_worker_kicks) must not read
 * the eventfd itself - the worker would miss its wake-up - so it asks the
 * worker (the count eventfd) and waits for the answer: the worker notes
 * the question, then drains the kick eventfd, then answers, so every
 * signal made before the question is in the answer.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "devices/net_worker.h"

struct net_worker {
	pthread_t thread;
	int kick_fd;
	int stop_fd;
	int count_fd;
	int irq_fd;               /* the call eventfd: an irqfd's */
	int resample_fd;          /* ... and its resample eventfd */
	int wire_fd;
	int poll_ms;
	bool (*work)(void *opaque);
	void *opaque;
	/* net_worker_kicks(): questions asked and answered, under count_lock */
	pthread_mutex_t count_lock;
	pthread_cond_t answered_cond;
	uint64_t asked, answered;
	_Atomic uint64_t kicks;   /* signals drained from kick_fd */
	atomic_bool resampled;    /* resample_fd was signalled */
};

/* The eventfd's count (0 when it was not signalled). */
static uint64_t drain(int fd)
{
	uint64_t v;

	if (read(fd, &v, sizeof(v)) < 0)
		return 0;   /* EAGAIN: nothing was there */
	return v;
}

/* Answer every question asked so far: the kicks signalled before it are
 * drained first, so they are in the answer. */
static void answer_questions(struct net_worker *w)
{
	uint64_t asked;

	pthread_mutex_lock(&w->count_lock);
	asked = w->asked;
	pthread_mutex_unlock(&w->count_lock);
	drain(w->count_fd);
	atomic_fetch_add(&w->kicks, drain(w->kick_fd));
	pthread_mutex_lock(&w->count_lock);
	w->answered = asked;
	pthread_cond_broadcast(&w->answered_cond);
	pthread_mutex_unlock(&w->count_lock);
}

/*
 * Wait for a kick, a stop, a question, or - while the last work() made
 * progress - the wire or the poll interval.  Returns false on stop.
 * Only the eventfds poll() found signalled are read: a read is a system
 * call, a few microseconds each in a VM (docs/NETWORK.md, "The
 * benchmark"), and a wake-up by a kick alone needs one.  A question
 * drains the kick eventfd whether poll() saw it signalled or not: a kick
 * made before the question may have come after poll() looked at it.
 */
static bool wait_for_work(struct net_worker *w, bool busy)
{
	struct pollfd fds[5] = {
		{ .fd = w->stop_fd, .events = POLLIN },
		{ .fd = w->kick_fd, .events = POLLIN },
		{ .fd = w->count_fd, .events = POLLIN },
		{ .fd = w->resample_fd, .events = POLLIN },
		{ .fd = busy ? w->wire_fd : -1, .events = POLLIN },
	};
	int timeout = busy && w->poll_ms ? w->poll_ms : -1;

	if (poll(fds, 5, timeout) < 0)
		return errno == EINTR;   /* a signal: work(), then look again */
	if (fds[0].revents)
		return false;
	if (fds[3].revents && drain(w->resample_fd))
		atomic_store(&w->resampled, true);
	if (fds[2].revents)
		answer_questions(w);
	else if (fds[1].revents)
		atomic_fetch_add(&w->kicks, drain(w->kick_fd));
	return true;
}

static void *worker_main(void *arg)
{
	struct net_worker *w = arg;
	bool busy = false;

	while (wait_for_work(w, busy))
		busy = w->work(w->opaque);
	return NULL;
}

static int open_fds(struct net_worker *w)
{
	w->kick_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	w->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	w->count_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	w->irq_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	w->resample_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->kick_fd >= 0 && w->stop_fd >= 0 && w->count_fd >= 0 &&
	    w->irq_fd >= 0 && w->resample_fd >= 0)
		return 0;
	return -errno;
}

static void close_fds(struct net_worker *w)
{
	int fds[] = { w->kick_fd, w->stop_fd, w->count_fd, w->irq_fd,
		      w->resample_fd };

	for (unsigned i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

int net_worker_start(struct net_worker **out, bool (*work)(void *opaque),
		     void *opaque, int wire_fd, int poll_ms)
{
	struct net_worker *w = calloc(1, sizeof(*w));
	int err = -ENOMEM;

	*out = NULL;
	if (!w)
		return err;
	*w = (struct net_worker){ .wire_fd = wire_fd, .poll_ms = poll_ms,
				  .work = work, .opaque = opaque,
				  .kick_fd = -1, .stop_fd = -1, .count_fd = -1,
				  .irq_fd = -1, .resample_fd = -1 };
	pthread_mutex_init(&w->count_lock, NULL);
	pthread_cond_init(&w->answered_cond, NULL);
	err = open_fds(w);
	if (!err)
		err = -pthread_create(&w->thread, NULL, worker_main, w);
	if (err) {
		close_fds(w);
		pthread_cond_destroy(&w->answered_cond);
		pthread_mutex_destroy(&w->count_lock);
		free(w);
		return err;
	}
	*out = w;
	return 0;
}

static void signal_fd(int fd)
{
	uint64_t one = 1;

	if (write(fd, &one, sizeof(one)) < 0)
		return;   /* only EAGAIN at 2^64 - 2 kicks: still signalled */
}

void net_worker_kick(struct net_worker *w)
{
	signal_fd(w->kick_fd);
}

int net_worker_kick_fd(const struct net_worker *w)
{
	return w->kick_fd;
}

void net_worker_interrupt(struct net_worker *w)
{
	signal_fd(w->irq_fd);
}

int net_worker_irq_fd(const struct net_worker *w)
{
	return w->irq_fd;
}

int net_worker_resample_fd(const struct net_worker *w)
{
	return w->resample_fd;
}

bool net_worker_take_resample(struct net_worker *w)
{
	return atomic_exchange(&w->resampled, false);
}

uint64_t net_worker_kicks(struct net_worker *w)
{
	uint64_t ticket;

	pthread_mutex_lock(&w->count_lock);
	ticket = ++w->asked;
	pthread_mutex_unlock(&w->count_lock);
	signal_fd(w->count_fd);
	pthread_mutex_lock(&w->count_lock);
	while (w->answered < ticket)
		pthread_cond_wait(&w->answered_cond, &w->count_lock);
	pthread_mutex_unlock(&w->count_lock);
	return atomic_load(&w->kicks);
}

uint64_t net_worker_cpu_ns(const struct net_worker *w)
{
	struct timespec ts;
	clockid_t clock;

	if (pthread_getcpuclockid(w->thread, &clock) ||
	    clock_gettime(clock, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void net_worker_stop(struct net_worker *w)
{
	if (!w)
		return;
	signal_fd(w->stop_fd);
	pthread_join(w->thread, NULL);
	close_fds(w);
	pthread_cond_destroy(&w->answered_cond);
	pthread_mutex_destroy(&w->count_lock);
	free(w);
}
