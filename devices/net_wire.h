/*
 * devices/net_wire.h - the wire behind the virtual NIC: where received
 * frames come from and sent ones go.
 *
 *   --net none               no network device at all
 *   --net gen[:SIZE[,RATE]]  vmscope's own generator (devices/net_gen.c):
 *                            counted, checksummed frames of SIZE bytes
 *                            (64 ... 65536, default 1500) at RATE frames a
 *                            second (default 0: as fast as the guest
 *                            takes them); what the guest sends is counted
 *                            and dropped
 *   --net tap:NAME           a TAP device (devices/net_tap.c): frames from
 *                            and to the host's network stack, in whatever
 *                            network namespace vmscope runs in
 *
 * A wire is used by one thread at a time (the one that owns the device's
 * queues).
 */
#ifndef DEVICES_NET_WIRE_H
#define DEVICES_NET_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

enum net_wire_kind { NET_NONE, NET_GEN, NET_TAP };

/* --net-path: who moves received frames into the guest's buffers
 * (docs/NETWORK.md).  The names are net_path_names[]. */
enum net_path {
	NET_PATH_EMULATED,  /* the vCPU thread, through a bounce buffer */
	NET_PATH_VHOST,     /* a worker thread, through a bounce buffer */
	NET_PATH_ZEROCOPY,  /* a worker thread, straight into the buffers */
};
#define NET_PATHS 3
extern const char *const net_path_names[NET_PATHS];

struct net_wire_spec {
	enum net_wire_kind kind;
	uint32_t size;           /* gen: frame size */
	uint32_t rate;           /* gen: frames a second, 0 unlimited */
	char tap[16];            /* tap: the interface name (IFNAMSIZ) */
	enum net_path path;      /* --net-path */
};

struct net_wire_ops {
	/* The next frame, scattered into iov: its length; 0 when none is
	 * there (yet); -EMSGSIZE when it did not fit (the frame is lost);
	 * another -errno when the wire failed. */
	ssize_t (*recv)(void *state, const struct iovec *iov, int iovcnt);
	/* One frame out.  0 or -errno. */
	int (*send)(void *state, const struct iovec *iov, int iovcnt);
	void (*close)(void *state);
};

struct net_wire {
	const struct net_wire_ops *ops;
	void *state;
	const char *name;        /* "generator", "tap" */
	int fd;                  /* readable when a frame is there; -1 none */
	bool paced;              /* frames come on the wire's own time and
				    must be taken (a TAP, a generator with a
				    RATE), not when the guest is ready */
	int poll_ms;             /* how often to look when fd is -1 */
};

/* Read a --net argument.  0, or -EINVAL with why ("size 10 is not in
 * 64 ... 65536"). */
int net_wire_parse(const char *arg, struct net_wire_spec *spec, char *why,
		   size_t whylen);
/* Read a --net-path argument into spec->path.  0, or -EINVAL with why. */
int net_path_parse(const char *arg, struct net_wire_spec *spec, char *why,
		   size_t whylen);
/* Open the wire a spec names (not NET_NONE) for the NIC with mac.  0, or
 * -errno with why. */
int net_wire_open(const struct net_wire_spec *spec, const uint8_t mac[6],
		  struct net_wire *wire, char *why, size_t whylen);
/* Safe on a zeroed wire. */
void net_wire_close(struct net_wire *wire);

/* Load one byte of every page of the first len bytes of the iovecs, the
 * page walks overlapping: their translations are then in the TLB for the
 * copies to come (devices/net_wire.c says why). */
void net_iov_warm(const struct iovec *iov, int iovcnt, size_t len);
/* Copy len bytes from src into the iovecs, from byte off of them on
 * (what does not fit is left out). */
void net_iov_put(const struct iovec *iov, int iovcnt, size_t off,
		 const void *src, size_t len);
/* The bytes the iovecs hold. */
size_t net_iov_bytes(const struct iovec *iov, int iovcnt);

/* The two kinds (devices/net_gen.c, devices/net_tap.c). */
int net_gen_open(struct net_wire *wire, uint32_t size, uint32_t rate,
		 const uint8_t mac[6]);
int net_tap_open(struct net_wire *wire, const char *name, char *why,
		 size_t whylen);

#endif /* DEVICES_NET_WIRE_H */
