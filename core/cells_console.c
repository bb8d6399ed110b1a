/*
 * core/cells_console.c - one cell's console, labelled lines on a shared
 * stream or raw bytes in a file (see core/cells_console.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/cells_console.h"
#include "core/user_file.h"

int cells_console_open(struct cells_console *c, const char *console,
		       const char *name, pthread_mutex_t *lock)
{
	memset(c, 0, sizeof(*c));
	c->lock = lock;
	snprintf(c->label, sizeof(c->label), "[%s] ", name);
	if (strcmp(console, "none") == 0) {
		c->fd = -1;
		return 0;
	}
	if (strcmp(console, "stdout") == 0) {
		c->fd = STDOUT_FILENO;
		c->labelled = true;
		return 0;
	}
	/* a FIFO with no reader is refused, not waited for */
	c->fd = user_file_create(console, true);
	if (c->fd < 0)
		return c->fd;
	c->own_fd = true;
	return 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The line so far, labelled, in one write() under the lock. */
static void put_line(struct cells_console *c)
{
	char out[sizeof(c->label) + CELLS_CONSOLE_LINE + 1];
	size_t n = 0;
	int err;

	if (c->labelled) {
		n = strlen(c->label);
		memcpy(out, c->label, n);
	}
	memcpy(out + n, c->line, c->len);
	n += c->len;
	if (c->labelled && (n == 0 || out[n - 1] != '\n'))
		out[n++] = '\n';
	c->len = 0;
	pthread_mutex_lock(c->lock);
	err = write_all(c->fd, out, n);
	pthread_mutex_unlock(c->lock);
	if (err && !c->error)
		c->error = err;
}

void cells_console_byte(void *opaque, uint8_t byte)
{
	struct cells_console *c = opaque;

	c->bytes++;
	if (c->fd < 0 || c->error)
		return;
	c->line[c->len++] = (char)byte;
	if (byte == '\n' || c->len == sizeof(c->line))
		put_line(c);
}

void cells_console_flush(struct cells_console *c)
{
	if (c->fd >= 0 && c->len && !c->error)
		put_line(c);
}

int cells_console_close(struct cells_console *c)
{
	cells_console_flush(c);
	if (c->own_fd && close(c->fd) && !c->error)
		c->error = -errno;
	c->fd = -1;
	return c->error;
}
