/*
 * core/keyqueue.c - the host-to-guest key FIFO (see core/keyqueue.h).
 *
 * A byte ring under one mutex.  Producers are people typing and scripts:
 * a few thousand groups a second at most, so a lock is simpler than a
 * lock-free ring and costs nothing that matters.  The ring doubles when
 * full (copying the entries to the front of the new buffer).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/keyqueue.h"

#define KEYQUEUE_FIRST_CAP 256

int key_queue_init(struct key_queue *q)
{
	memset(q, 0, sizeof(*q));
	q->buf = malloc(KEYQUEUE_FIRST_CAP);
	if (!q->buf)
		return -ENOMEM;
	q->cap = KEYQUEUE_FIRST_CAP;
	pthread_mutex_init(&q->lock, NULL);
	return 0;
}

void key_queue_free(struct key_queue *q)
{
	if (!q->buf)
		return;
	pthread_mutex_destroy(&q->lock);
	free(q->buf);
	q->buf = NULL;
}

static uint8_t *slot(struct key_queue *q, size_t i)
{
	return &q->buf[(q->head + i) & (q->cap - 1)];
}

/* Double the ring, keeping the entries in order from index 0. */
static int grow(struct key_queue *q)
{
	uint8_t *bigger = malloc(q->cap * 2);

	if (!bigger)
		return -ENOMEM;
	for (size_t i = 0; i < q->used; i++)
		bigger[i] = *slot(q, i);
	free(q->buf);
	q->buf = bigger;
	q->cap *= 2;
	q->head = 0;
	return 0;
}

int key_queue_push(struct key_queue *q, const uint8_t *bytes, size_t n)
{
	int err = 0;

	if (n > KEYQUEUE_GROUP_MAX)
		return -EINVAL;
	pthread_mutex_lock(&q->lock);
	if (q->used + 1 + n > KEYQUEUE_MAX_BYTES)
		err = -ENOSPC;
	while (!err && q->used + 1 + n > q->cap)
		err = grow(q);
	if (!err) {
		*slot(q, q->used) = (uint8_t)n;
		for (size_t i = 0; i < n; i++)
			*slot(q, q->used + 1 + i) = bytes[i];
		q->used += 1 + n;
		q->groups++;
	}
	pthread_mutex_unlock(&q->lock);
	return err;
}

int key_queue_pop(struct key_queue *q, uint8_t out[KEYQUEUE_GROUP_MAX])
{
	int n = -EAGAIN;

	pthread_mutex_lock(&q->lock);
	if (q->groups > 0) {
		n = *slot(q, 0);
		for (int i = 0; i < n; i++)
			out[i] = *slot(q, 1 + (size_t)i);
		q->head = (q->head + 1 + (size_t)n) & (q->cap - 1);
		q->used -= 1 + (size_t)n;
		q->groups--;
	}
	pthread_mutex_unlock(&q->lock);
	return n;
}

uint64_t key_queue_waiting(struct key_queue *q)
{
	uint64_t n;

	pthread_mutex_lock(&q->lock);
	n = q->groups;
	pthread_mutex_unlock(&q->lock);
	return n;
}
