/*
 * core/keyqueue.h - keys on their way from the host to the guest's
 * keyboard controller.
 *
 * Every input source (the TUI's console panel, the tracer's --keys, the
 * SDL window) pushes groups of scancode bytes here, from its own thread;
 * the vCPU thread takes one group at a time and hands it to the i8042
 * when the guest has read everything before it (core/vm_input.c).  A
 * group is what must arrive together - one key stroke, or one make or
 * break code - and is never split.  An empty group is a pause: the next
 * key waits KEYQUEUE_PAUSE_NS (the tracer's "\w").
 *
 * The queue grows as needed up to KEYQUEUE_MAX_BYTES, so a burst of keys
 * (a paste, a key storm) waits here rather than being lost.
 */
#ifndef CORE_KEYQUEUE_H
#define CORE_KEYQUEUE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define KEYQUEUE_GROUP_MAX  16
#define KEYQUEUE_MAX_BYTES  (1u << 20)
#define KEYQUEUE_PAUSE_NS   100000000ULL   /* 100 ms */

struct key_queue {
	pthread_mutex_t lock;
	uint8_t *buf;       /* entries: a length byte, then that many bytes */
	size_t cap;         /* a power of two */
	size_t head;        /* index of the oldest entry's length byte */
	size_t used;
	uint64_t groups;    /* entries waiting */
};

int key_queue_init(struct key_queue *q);
void key_queue_free(struct key_queue *q);
/* Any thread.  n <= KEYQUEUE_GROUP_MAX (0: a pause).  0, -EINVAL, or
 * -ENOSPC when KEYQUEUE_MAX_BYTES are already waiting. */
int key_queue_push(struct key_queue *q, const uint8_t *bytes, size_t n);
/* Take the oldest group into out: its length (0 for a pause), or -EAGAIN
 * when the queue is empty. */
int key_queue_pop(struct key_queue *q, uint8_t out[KEYQUEUE_GROUP_MAX]);
/* Groups waiting. */
uint64_t key_queue_waiting(struct key_queue *q);

#endif /* CORE_KEYQUEUE_H */
