/*
 * devices/net_wire.c - reading --net and opening the wire it names (see
 * devices/net_wire.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/number.h"
#include "devices/net_wire.h"
#include "guest/abi/netgen.h"

#define NET_GEN_DEFAULT_SIZE 1500

/* "SIZE[,RATE]" after "gen:", every character of it read (a copy of
 * the size part, however long: a fixed buffer cut "64garbage" to "64"). */
static int parse_gen(const char *arg, struct net_wire_spec *spec, char *why,
		     size_t whylen)
{
	const char *comma = strchr(arg, ',');
	char *size, bad[96];
	uint64_t v;
	int ret = -EINVAL;

	if (comma) {
		if (number_parse(comma + 1, 0, UINT32_MAX, &v, bad,
				 sizeof(bad))) {
			snprintf(why, whylen, "rate '%s': %s", comma + 1, bad);
			return -EINVAL;
		}
		spec->rate = (uint32_t)v;
	}
	size = strndup(arg, comma ? (size_t)(comma - arg) : strlen(arg));
	if (!size) {
		snprintf(why, whylen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	if (number_parse(size, NETGEN_MIN_SIZE, NETGEN_MAX_SIZE, &v, bad,
			 sizeof(bad))) {
		snprintf(why, whylen, "frame size '%s': %s", size, bad);
	} else {
		spec->size = (uint32_t)v;
		ret = 0;
	}
	free(size);
	return ret;
}

int net_wire_parse(const char *arg, struct net_wire_spec *spec, char *why,
		   size_t whylen)
{
	*spec = (struct net_wire_spec){ .kind = NET_NONE,
					.size = NET_GEN_DEFAULT_SIZE,
					.path = spec->path };
	if (strcmp(arg, "none") == 0)
		return 0;
	if (strcmp(arg, "gen") == 0 || strncmp(arg, "gen:", 4) == 0) {
		spec->kind = NET_GEN;
		return arg[3] ? parse_gen(arg + 4, spec, why, whylen) : 0;
	}
	if (strncmp(arg, "tap:", 4) == 0 && arg[4] &&
	    strlen(arg + 4) < sizeof(spec->tap)) {
		spec->kind = NET_TAP;
		snprintf(spec->tap, sizeof(spec->tap), "%s", arg + 4);
		return 0;
	}
	snprintf(why, whylen, "'%s': say none, gen[:SIZE[,RATE]] or tap:NAME "
		 "(a name of at most 15 characters)", arg);
	return -EINVAL;
}

const char *const net_path_names[NET_PATHS] = { "emulated", "vhost", "zerocopy" };

int net_path_parse(const char *arg, struct net_wire_spec *spec, char *why,
		   size_t whylen)
{
	for (unsigned i = 0; i < 3; i++)
		if (strcmp(arg, net_path_names[i]) == 0) {
			spec->path = (enum net_path)i;
			return 0;
		}
	snprintf(why, whylen, "'%s': say emulated, vhost or zerocopy", arg);
	return -EINVAL;
}

int net_wire_open(const struct net_wire_spec *spec, const uint8_t mac[6],
		  struct net_wire *wire, char *why, size_t whylen)
{
	int err;

	memset(wire, 0, sizeof(*wire));
	switch (spec->kind) {
	case NET_GEN:
		err = net_gen_open(wire, spec->size, spec->rate, mac);
		if (err)
			snprintf(why, whylen, "the generator: %s",
				 strerror(-err));
		return err;
	case NET_TAP:
		return net_tap_open(wire, spec->tap, why, whylen);
	default:
		snprintf(why, whylen, "no wire to open");
		return -EINVAL;
	}
}

void net_wire_close(struct net_wire *wire)
{
	if (wire->ops)
		wire->ops->close(wire->state);
	memset(wire, 0, sizeof(*wire));
}

/*
 * Have the address translation of every 4 KiB page of [dst, dst+len) in
 * the TLB before a copy writes it: one load a page, issued together, so
 * their page walks overlap.  Where a system call empties the TLB (a kernel
 * with page-table isolation and no PCID, as in the VMs this was measured
 * in), a 64 KiB copy's rep movsb otherwise takes its 16 page walks one
 * after the other, each when the copy reaches its page - about 40 ns each,
 * 0.7 us a frame on every receive path (docs/NETWORK.md, "Where the bound
 * is").  The loads read only bytes the copy then writes.
 */
static void warm_pages(const uint8_t *dst, size_t len)
{
	const volatile uint8_t *p = dst, *end = dst + len;

	while (p < end) {
		(void)*p;
		p = (const volatile uint8_t *)(((uintptr_t)p | 4095) + 1);
	}
}

void net_iov_warm(const struct iovec *iov, int iovcnt, size_t len)
{
	for (int i = 0; i < iovcnt && len; i++) {
		size_t n = iov[i].iov_len < len ? iov[i].iov_len : len;

		warm_pages(iov[i].iov_base, n);
		len -= n;
	}
}

void net_iov_put(const struct iovec *iov, int iovcnt, size_t off,
		const void *src, size_t len)
{
	const uint8_t *s = src;

	for (int i = 0; i < iovcnt && len; i++) {
		size_t n;

		if (off >= iov[i].iov_len) {
			off -= iov[i].iov_len;
			continue;
		}
		n = iov[i].iov_len - off;
		n = n < len ? n : len;
		warm_pages((uint8_t *)iov[i].iov_base + off, n);
		memcpy((uint8_t *)iov[i].iov_base + off, s, n);
		s += n;
		len -= n;
		off = 0;
	}
}

size_t net_iov_bytes(const struct iovec *iov, int iovcnt)
{
	size_t n = 0;

	for (int i = 0; i < iovcnt; i++)
		n += iov[i].iov_len;
	return n;
}
