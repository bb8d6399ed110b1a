/*
 * core/events.c - the event ring: one writer that never waits, one reader.
 *
 * Events carry 64-bit sequence numbers that never wrap in practice; event s
 * lives in slot s % capacity.  The writer (the vCPU thread) fills slot head
 * and then publishes it by advancing head.  When the reader falls more than
 * a ring behind, the writer has simply overwritten the oldest slots, and the
 * reader skips forward and reports how many it lost.
 *
 * The one hard case is the reader copying a slot at the moment the writer
 * overwrites it.  The writer announces each slot before touching it
 * (writing = head + 1), so the reader copies first and checks afterwards,
 * the way a seqlock reader does: if the writer announced the slot's next
 * use meanwhile, the copy may be torn and is thrown away.  Neither side
 * waits for the other.  (The slot copy itself is a plain memcpy racing with
 * the writer; only copies proven untouched are kept.)
 *
 * Memory ordering, in the notation of C11 <stdatomic.h>:
 *   writer: writing = s+1; release fence; copy into slot; head = s+1 (release)
 *   reader: head (acquire); copy out of slot; acquire fence; writing
 * The fence pair guarantees that a reader which saw any byte of the new
 * event also sees the writer's announcement of it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/events.h"

/*
 * The slots, in 2 MiB pages where the kernel gives them (transparent huge
 * pages, asked for with madvise; a hint, so a kernel without them gives 4
 * KiB pages).  The front ends' ring of 16384 events is about 6 MiB, and a
 * guest that exits fast writes every slot within a second: in 4 KiB pages
 * that is some 1500 page faults, each zeroing its page, which perf showed
 * as a fifth of the CPU time of `vmscope run --batch portloop`; in 2 MiB
 * pages, three.  No slot is read before it is written, so the memory needs
 * no clearing.
 */
#define RING_PAGE (2UL << 20)

static struct event *alloc_slots(uint32_t capacity)
{
	size_t bytes = (size_t)capacity * sizeof(struct event);
	void *slots;

	bytes = (bytes + RING_PAGE - 1) & ~(RING_PAGE - 1);
	slots = aligned_alloc(RING_PAGE, bytes);
	if (slots)
		madvise(slots, bytes, MADV_HUGEPAGE);
	return slots;
}

int event_ring_init(struct event_ring *ring, uint32_t capacity)
{
	ring->slots = NULL;
	ring->capacity = 0;
	if (capacity == 0 || (capacity & (capacity - 1)) != 0)
		return -EINVAL;
	ring->slots = alloc_slots(capacity);
	if (!ring->slots)
		return -ENOMEM;
	ring->capacity = capacity;
	atomic_init(&ring->head, 0);
	atomic_init(&ring->writing, 0);
	atomic_init(&ring->tail, 0);
	return 0;
}

void event_ring_free(struct event_ring *ring)
{
	free(ring->slots);
	ring->slots = NULL;
	ring->capacity = 0;
}

static struct event *slot(struct event_ring *ring, uint64_t seq)
{
	return &ring->slots[seq & (ring->capacity - 1)];
}

void event_ring_push(struct event_ring *ring, const struct event *ev)
{
	/* Only the writer stores head, so a relaxed load sees its own value. */
	uint64_t s = atomic_load_explicit(&ring->head, memory_order_relaxed);

	atomic_store_explicit(&ring->writing, s + 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	*slot(ring, s) = *ev;
	atomic_store_explicit(&ring->head, s + 1, memory_order_release);
}

bool event_ring_pop(struct event_ring *ring, struct event *ev, uint64_t *lost)
{
	uint64_t first = atomic_load_explicit(&ring->tail, memory_order_relaxed);
	uint64_t t = first, head, writing;

	if (lost)
		*lost = 0;
	for (;;) {
		head = atomic_load_explicit(&ring->head, memory_order_acquire);
		writing = atomic_load_explicit(&ring->writing, memory_order_relaxed);
		/* Event x is intact while event x + capacity is unannounced. */
		if (writing - t > ring->capacity)
			t = writing - ring->capacity;
		if (t == head)
			return false;
		*ev = *slot(ring, t);
		atomic_thread_fence(memory_order_acquire);
		writing = atomic_load_explicit(&ring->writing, memory_order_relaxed);
		if (writing - t <= ring->capacity)
			break;
	}
	atomic_store_explicit(&ring->tail, t + 1, memory_order_relaxed);
	if (ev->kind == EVENT_EXIT)
		event_exit_attach_data(&ev->u.exit, ev->io_data);
	if (lost)
		*lost = t - first;
	return true;
}

void event_exit_attach_data(struct exit_record *exit, uint8_t *io_data)
{
	if (exit->reason == EXIT_IO)
		exit->u.io.data = io_data;
}

void event_from_exit(struct event *ev, const struct exit_record *exit)
{
	const struct exit_io *io = &exit->u.io;
	size_t n;

	ev->kind = EVENT_EXIT;
	ev->t_ns = exit->t_ns;
	ev->u.exit = *exit;
	memset(ev->io_data, 0, sizeof(ev->io_data));
	if (exit->reason != EXIT_IO || !io->data)
		return;
	n = (size_t)io->size * io->count;
	memcpy(ev->io_data, io->data, n < EVENT_IO_DATA ? n : EVENT_IO_DATA);
}
