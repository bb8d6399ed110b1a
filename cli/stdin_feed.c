/*
 * cli/stdin_feed.c - stdin that is no terminal as the guest's keyboard
 * (see cli/stdin_feed.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/stdin_feed.h"
#include "cli/stdin_keys.h"

#define CTRL_D 0x04   /* the tty's end of file (guest/kernel/tty_line.c) */

void stdin_feed_init(struct stdin_feed *f, bool keys_given, bool no_person)
{
	*f = (struct stdin_feed){ .keys_given = keys_given,
				  .no_person = no_person };
}

/* Did this byte leave a line open, one the tty has not been handed yet? */
static bool opens_line(unsigned char c)
{
	return c != '\n' && c != '\r' && c != CTRL_D;
}

/* stdin has ended: the end of file, after the open line's hand-over. */
static void type_end(struct stdin_feed *f, struct vm *vm)
{
	if (f->line_open)
		stdin_keys_type(vm, CTRL_D);
	stdin_keys_type(vm, CTRL_D);
	f->ended = true;
}

/* False: the error stopped the run. */
static bool read_failed(struct stdin_feed *f, struct vm *vm, int err)
{
	char why[160];

	if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR)
		return true;   /* nothing yet: the next wait reads again */
	f->error = -err;
	snprintf(why, sizeof(why), "stdin: %s", strerror(err));
	vm_stop(vm, why);
	return false;
}

/* Type what is left of the bytes read, up to and with the first end of a
 * line: one line per wait, as a person types the next command after the
 * prompt.  Lines typed ahead would wait in the guest's tty ring behind
 * the one read, and one long line there leaves no room for them. */
static void type_line(struct stdin_feed *f, struct vm *vm)
{
	unsigned char c;

	do {
		c = f->pending[f->taken++];
		stdin_keys_type(vm, c);
	} while (f->taken < f->have && opens_line(c));
	f->line_open = opens_line(c);
}

/* The next line stdin has now, typed; true when it has nothing yet.
 * poll() with no timeout, so only the guest's own wakers make the
 * machine wait. */
static bool take(struct stdin_feed *f, struct vm *vm)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	ssize_t n;

	if (f->taken == f->have) {
		if (poll(&p, 1, 0) <= 0)
			return true;   /* nothing yet (or EINTR: look later) */
		n = read(STDIN_FILENO, f->pending, sizeof(f->pending));
		if (n < 0)
			return read_failed(f, vm, errno);
		if (n == 0) {
			type_end(f, vm);
			return false;
		}
		f->have = (size_t)n;
		f->taken = 0;
	}
	type_line(f, vm);
	return false;
}

bool stdin_feed_at_wait(struct stdin_feed *f, struct vm *vm)
{
	if (f->keys_given || f->ended) {
		vm_stop(vm, f->keys_given ?
			"guest halted waiting for a key: --keys has typed its last" :
			"guest halted waiting for a key: stdin has ended");
		return false;
	}
	if (isatty(STDIN_FILENO) && f->no_person) {
		f->error = -ENOTTY;
		vm_stop(vm, "guest halted waiting for a key: stdin is a "
			"terminal, which run --batch does not read (type at "
			"vmscope trace, or give --keys or a pipe)");
		return false;
	}
	if (isatty(STDIN_FILENO))
		return true;   /* a person's, or another job's: never read */
	return take(f, vm);
}
