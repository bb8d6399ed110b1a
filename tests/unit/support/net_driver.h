/*
 * tests/unit/support/net_driver.h - the virtio network card
 * (devices/virtio_net.c) driven the way a guest driver drives it, for the
 * tests of the card (test_virtio_net*.c): the card on a bus of its own
 * over guest RAM (its own 4 MiB, or RAM a test gives, such as a software
 * CPU's), the driver's start-up through the MMIO window, receive chains
 * posted, kicks, and the frames the generator sent checked byte by byte
 * in the used ring.
 *
 * The layout in guest RAM: queues of NETD_QSIZE entries (descriptor
 * table, available ring at +0x1000, used ring at +0x2000); receive chain
 * k is descriptors 2k and 2k+1, a 12-byte header in header slot k, then
 * a page-aligned buffer at NETD_BUFS + k * NETD_BUF_STRIDE.  Everything
 * lies above the first 1 MiB, where a software CPU's boot state puts its
 * page tables, IDT and stack; chain 0's buffer is at 1 MiB, where
 * softcpu_fixture.h puts its code.
 */
#ifndef TESTS_UNIT_SUPPORT_NET_DRIVER_H
#define TESTS_UNIT_SUPPORT_NET_DRIVER_H

#include <stdint.h>
#include <sys/uio.h>
#include <time.h>

#include "core/bus.h"
#include "core/memory.h"
#include "devices/virtio_net.h"

#define NETD_BASE   0xd0200000ULL
#define NETD_RAM    (4ULL << 20)
#define NETD_QSIZE  8
#define NETD_RXQ    0x200000ULL    /* desc, +0x1000 avail, +0x2000 used */
#define NETD_TXQ    0x210000ULL
#define NETD_HDRS   0x220000ULL    /* 16-byte header slots */
#define NETD_BUFS   0x100000ULL    /* 64 KiB + a page per chain */
#define NETD_BUF_STRIDE 0x11000ULL

struct netd {
	struct bus bus;
	struct guest_mem ram;        /* its own, unless a test gave one */
	struct guest_mem *mem;       /* the RAM the card and driver use */
	struct virtio_net *n;
	char log[256];               /* the card's last line logged */
	int irq;                     /* its interrupt line */
	uint16_t rx_offered, tx_offered;
};

/* The card on wire (taken) and path, over mem (NULL: RAM of its own),
 * not yet set up by the driver.  0 or -1. */
int netd_open(struct netd *d, struct guest_mem *mem, struct net_wire *wire,
	      enum net_path path);
void netd_close(struct netd *d);

/* cmocka fixtures: *state is a struct netd on the generator (frames of
 * size bytes, rate a second: 0 as fast as they are taken), started. */
int netd_setup_gen(void **state, uint32_t size, uint32_t rate,
		   enum net_path path);
int netd_teardown(void **state);

/* 32-bit register accesses through the bus (asserted claimed). */
void netd_w32(struct netd *d, uint64_t reg, uint32_t v);
uint32_t netd_r32(struct netd *d, uint64_t reg);
/* The driver's start-up (virtio 1.2, 3.1.1) with both queues, up to
 * DRIVER_OK: the queues ready, the card not yet told it may use them. */
void netd_driver_setup(struct netd *d);
/* ... and DRIVER_OK: the card starts. */
void netd_driver_start(struct netd *d);

/* Descriptor i of the table at table. */
void netd_desc(struct netd *d, uint64_t table, unsigned i, uint64_t addr,
	       uint32_t len, uint16_t flags, uint16_t next);
/* Offer head on the queue at at; *offered counts the offers. */
void netd_offer(struct netd *d, uint64_t at, uint16_t *offered,
		uint16_t head);
/* Post receive chain k with a buffer of len bytes after the header. */
void netd_post_rx(struct netd *d, unsigned k, uint32_t len);
void netd_kick(struct netd *d, unsigned q);
/* Used entry i of the receive queue names chain k and frame seq of size
 * bytes, whose every byte is the generator's. */
void netd_expect_frame(struct netd *d, unsigned i, unsigned k, uint32_t seq,
		       uint32_t size);
/* With a worker the kick only wakes it: wait (a minute at most, as
 * netd_wait_yield()) until it has used n receive chains. */
void netd_wait_used(struct netd *d, uint16_t n);
/* A wait on the worker by yielding the CPU, bounded by a minute of host
 * time (a bound for what would never come, not a measure of time): start
 * it with netd_wait_start(), then call netd_wait_yield() at each turn,
 * which fails the test with "what" once the minute has passed. */
struct netd_wait {
	struct timespec until;
};
struct netd_wait netd_wait_start(void);
void netd_wait_yield(const struct netd_wait *w, const char *what);
/* Every path's counters added up. */
struct virtio_net_counters netd_counters(struct netd *d);

/* The rest of a wire of a test's own, whose recv() is the test's: what
 * the card sends is dropped, and there is nothing to close. */
int netd_send_none(void *state, const struct iovec *iov, int iovcnt);
void netd_close_none(void *state);

#endif /* TESTS_UNIT_SUPPORT_NET_DRIVER_H */
