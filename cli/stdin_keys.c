/*
 * cli/stdin_keys.c - the terminal's keys to the guest's keyboard (see
 * cli/stdin_keys.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <termios.h>
#include <unistd.h>

#include "cli/stdin_keys.h"
#include "devices/scancode.h"

/* The settings to give back; one terminal per process, so static (the
 * atexit() handler takes no argument). */
static struct termios saved;
static bool saved_valid;

static void restore_terminal(void)
{
	if (saved_valid)
		tcsetattr(0, TCSANOW, &saved);
	saved_valid = false;
}

static int raw_terminal(void)
{
	static bool registered;
	struct termios t;

	if (tcgetattr(0, &saved))
		return -errno;
	t = saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);   /* ISIG stays: Ctrl-C */
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(0, TCSANOW, &t))
		return -errno;
	saved_valid = true;
	if (!registered && atexit(restore_terminal) == 0)
		registered = true;
	return 0;
}

void stdin_keys_type(struct vm *vm, unsigned char c)
{
	struct scancode_stroke stroke;
	uint8_t bytes[SCANCODE_STROKE_MAX];

	if (scancode_from_ascii(c, &stroke) == 0)
		(void)vm_keys_push(vm, bytes,
				   scancode_stroke_bytes(&stroke, bytes));
}

static void *reader_main(void *arg)
{
	struct stdin_keys *k = arg;
	struct pollfd fds[2] = {
		{ .fd = 0, .events = POLLIN },
		{ .fd = k->stop_fd, .events = POLLIN },
	};
	unsigned char buf[64];

	for (;;) {
		int ready = poll(fds, 2, STDIN_KEYS_IDLE_MS);
		ssize_t n;

		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0 || fds[1].revents)
			break;
		if (ready == 0) {
			k->idle(k->idle_opaque);
			continue;
		}
		n = read(0, buf, sizeof(buf));
		if (n <= 0 && !(n < 0 && errno == EINTR))
			break;   /* the terminal went away */
		for (ssize_t i = 0; i < n; i++)
			stdin_keys_type(k->vm, buf[i]);
	}
	return NULL;
}

/* A terminal that this process may read: not when it runs as a background
 * job (`vmscope trace shell &`), where reading or setting the terminal
 * would stop the process with SIGTTIN/SIGTTOU. */
bool stdin_keys_possible(void)
{
	return isatty(0) && tcgetpgrp(0) == getpgrp();
}

int stdin_keys_start(struct stdin_keys *k, struct vm *vm,
		     void (*idle)(void *opaque), void *opaque)
{
	int err;

	*k = (struct stdin_keys){ .vm = vm, .idle = idle,
				  .idle_opaque = opaque };
	k->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (k->stop_fd < 0)
		return -errno;
	err = raw_terminal();
	if (!err)
		err = -pthread_create(&k->thread, NULL, reader_main, k);
	if (err) {
		restore_terminal();
		close(k->stop_fd);
		return err;
	}
	k->running = true;
	return 0;
}

void stdin_keys_stop(struct stdin_keys *k)
{
	uint64_t one = 1;

	if (!k->running)
		return;
	if (write(k->stop_fd, &one, sizeof(one)) < 0) {
		/* an eventfd's counter cannot be full after one write */
	}
	pthread_join(k->thread, NULL);
	close(k->stop_fd);
	restore_terminal();
	k->running = false;
}
