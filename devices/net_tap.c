/*
 * devices/net_tap.c - a TAP device as the wire (--net tap:NAME): Ethernet
 * frames from and to the host kernel's network stack.
 *
 * vmscope opens /dev/net/tun and attaches to (or creates) the interface
 * NAME with IFF_TAP | IFF_NO_PI: each read() is one whole frame, each
 * write() sends one, without the 4-byte packet-information prefix.  The
 * descriptor is non-blocking, so "no frame now" is a read returning
 * EAGAIN.  Bringing the interface up and addressing it is the host's
 * business (the tests do it inside a network namespace of their own).
 *
 * A read from a TAP always copies (socket buffer to user memory): readv()
 * with iovecs in guest RAM saves vmscope's own second copy, not that one.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "devices/net_wire.h"

struct net_tap {
	int fd;
};

static ssize_t tap_recv(void *state, const struct iovec *iov, int iovcnt)
{
	struct net_tap *t = state;
	ssize_t n = readv(t->fd, iov, iovcnt);

	if (n >= 0)
		return n;
	return errno == EAGAIN || errno == EINTR ? 0 : -errno;
}

static int tap_send(void *state, const struct iovec *iov, int iovcnt)
{
	struct net_tap *t = state;

	return writev(t->fd, iov, iovcnt) < 0 ? -errno : 0;
}

static void tap_close(void *state)
{
	struct net_tap *t = state;

	close(t->fd);
	free(t);
}

static const struct net_wire_ops tap_ops = {
	.recv = tap_recv,
	.send = tap_send,
	.close = tap_close,
};

int net_tap_open(struct net_wire *wire, const char *name, char *why,
		 size_t whylen)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	struct net_tap *t = calloc(1, sizeof(*t));
	int err;

	if (!t)
		return -ENOMEM;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0) {
		err = -errno;
		snprintf(why, whylen, "cannot open /dev/net/tun: %s",
			 strerror(-err));
		goto err_free;
	}
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		err = -errno;
		snprintf(why, whylen, "cannot attach to TAP device %s: %s",
			 name, strerror(-err));
		goto err_close;
	}
	*wire = (struct net_wire){ &tap_ops, t, "tap", .fd = t->fd,
				   .paced = true };
	return 0;

err_close:
	close(t->fd);
err_free:
	free(t);
	return err;
}
