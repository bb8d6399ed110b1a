/*
 * core/events.h - the one bounded event stream.
 *
 * Exits, device actions (a byte transmitted, an IRQ raised) and stage
 * events go into one ring that the tracer, the TUI, the lesson engine and
 * the stats read.  One writer (the vCPU thread) never blocks: when the ring
 * is full the oldest unread events are overwritten and the reader is told
 * how many it lost.  One reader per ring.
 */
#ifndef CORE_EVENTS_H
#define CORE_EVENTS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/exit.h"

enum event_kind {
	EVENT_EXIT,        /* exit: the exit record */
	EVENT_SERIAL_TX,   /* byte: a byte left the UART for the host */
	EVENT_GUEST_END,   /* status: the guest ended the run */
};

/*
 * An EVENT_EXIT carries a copy of the exit record.  The record's I/O data
 * lives in the backend's buffer, valid only until the vCPU runs again, so
 * the event carries its own copy of the first EVENT_IO_DATA bytes, and
 * event_ring_pop() points u.exit.u.io.data at it: a reader on another
 * thread sees the data of the exit as it was (for a long rep ins/outs, only
 * the first bytes).
 */
#define EVENT_IO_DATA 16

struct event {
	enum event_kind kind;
	uint64_t t_ns;
	union {
		struct exit_record exit;
		uint8_t byte;
		int status;
	} u;
	uint8_t io_data[EVENT_IO_DATA];
};

/* Fill an EVENT_EXIT from an exit record, I/O data included. */
void event_from_exit(struct event *ev, const struct exit_record *exit);
/*
 * After copying an exit record out of an event: point an I/O exit's data at
 * the copy of its bytes (EVENT_IO_DATA of them).  Every other reason is left
 * alone - its payload (MMIO address and data, the debug PC ...) shares the
 * union with the I/O pointer, and writing the pointer would overwrite it.
 */
void event_exit_attach_data(struct exit_record *exit, uint8_t *io_data);

struct event_ring {
	struct event *slots;
	uint32_t capacity;          /* a power of two */
	_Atomic uint64_t head;      /* next sequence to write; events below it
				       are complete */
	_Atomic uint64_t writing;   /* head + 1 while the writer fills slot
				       head, else head: tells the reader
				       which slot may be torn */
	_Atomic uint64_t tail;      /* next sequence to read (reader only) */
};

/* 0, -EINVAL (capacity not a power of two) or -ENOMEM. */
int event_ring_init(struct event_ring *ring, uint32_t capacity);
void event_ring_free(struct event_ring *ring);
/* Writer side: never blocks. */
void event_ring_push(struct event_ring *ring, const struct event *ev);
/* Reader side: true and *ev when one is there; *lost counts overwritten
 * events since the last pop. */
bool event_ring_pop(struct event_ring *ring, struct event *ev, uint64_t *lost);

#endif /* CORE_EVENTS_H */
