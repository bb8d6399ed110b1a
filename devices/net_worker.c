/*
 * devices/net_worker.c - the vhost-style worker thread (see
 * devices/net_worker.h): a poll() loop over the kick eventfd, a stop
 * eventfd and the wire's descriptor.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "devices/net_worker.h"

struct net_worker {
	pthread_t thread;
	int kick_fd;
	int stop_fd;
	int wire_fd;
	int poll_ms;
	bool (*work)(void *opaque);
	void *opaque;
};

static void drain(int fd)
{
	uint64_t v;

	if (read(fd, &v, sizeof(v)) < 0)
		return;   /* EAGAIN: nothing was there */
}

/*
 * Wait for a kick, a stop, or - while the last work() made progress - the
 * wire or the poll interval.  Returns false on stop.
 */
static bool wait_for_work(struct net_worker *w, bool busy)
{
	struct pollfd fds[3] = {
		{ .fd = w->stop_fd, .events = POLLIN },
		{ .fd = w->kick_fd, .events = POLLIN },
		{ .fd = busy ? w->wire_fd : -1, .events = POLLIN },
	};
	int timeout = busy && w->poll_ms ? w->poll_ms : -1;

	if (poll(fds, 3, timeout) < 0 && errno != EINTR)
		return false;
	if (fds[0].revents)
		return false;
	if (fds[1].revents)
		drain(w->kick_fd);
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

int net_worker_start(struct net_worker **out, bool (*work)(void *opaque),
		     void *opaque, int wire_fd, int poll_ms)
{
	struct net_worker *w = calloc(1, sizeof(*w));
	int err = -ENOMEM;

	*out = NULL;
	if (!w)
		return err;
	*w = (struct net_worker){ .wire_fd = wire_fd, .poll_ms = poll_ms,
				  .work = work, .opaque = opaque };
	w->kick_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	w->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->kick_fd < 0 || w->stop_fd < 0) {
		err = -errno;
		goto err_fds;
	}
	err = -pthread_create(&w->thread, NULL, worker_main, w);
	if (err)
		goto err_fds;
	*out = w;
	return 0;

err_fds:
	if (w->kick_fd >= 0)
		close(w->kick_fd);
	if (w->stop_fd >= 0)
		close(w->stop_fd);
	free(w);
	return err;
}

static void signal_fd(int fd)
{
	uint64_t one = 1;

	if (write(fd, &one, sizeof(one)) < 0)
		return;   /* only EAGAIN at 2^64 - 1 kicks: still signalled */
}

void net_worker_kick(struct net_worker *w)
{
	signal_fd(w->kick_fd);
}

int net_worker_kick_fd(const struct net_worker *w)
{
	return w->kick_fd;
}

void net_worker_stop(struct net_worker *w)
{
	if (!w)
		return;
	signal_fd(w->stop_fd);
	pthread_join(w->thread, NULL);
	close(w->kick_fd);
	close(w->stop_fd);
	free(w);
}
