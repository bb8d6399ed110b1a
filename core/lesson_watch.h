/*
 * core/lesson_watch.h - what the lesson runner sees of a running VM.
 *
 * After every exit, the runner turns the exit record and the machine's
 * state into a struct lesson_obs (the call chain unwound from the guest's
 * frame pointers, the symbol, the layers of the printf path, the registers)
 * and feeds it, with every serial byte the exit produced, to the watch: the
 * watch counts the events the step's conditions count, checks the step's
 * `expect-never` events, keeps the last few events for a FAIL report, and
 * holds the observation a `run-until` stopped at for the `expect` lines that
 * follow.
 *
 * Runs on the thread that runs the VM; nothing here blocks.
 */
#ifndef CORE_LESSON_WATCH_H
#define CORE_LESSON_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/events.h"
#include "core/exit_number.h"
#include "core/lesson.h"
#include "core/vm.h"

#define LESSON_COUNTED_MAX 32   /* count(...) terms in one step */
#define LESSON_NEVER_MAX 16     /* expect-never lines in one step */
#define LESSON_RECENT 5         /* events kept for a FAIL report */

/* One observation and the storage its pointers point into. */
struct lesson_view {
	struct event copy;           /* the exit, with its own I/O data */
	struct vcpu_regs regs;
	char sym[64];
	char stack[600];
	char hw[32];
	struct exit_number number;   /* the exit's, as trace numbers it */
	struct lesson_obs obs;
};

struct lesson_watch {
	struct vm *vm;
	/* what the UART sent since boot, every byte (NULs too): all of it,
	 * or its last 1/2 to 1 MiB once more came (serial_dropped before) */
	char *serial;
	size_t serial_len, serial_cap;
	size_t serial_observed;              /* bytes already observed */
	uint64_t serial_dropped;             /* sent, and no longer held */
	/* this step: */
	const struct lesson_event *counted[LESSON_COUNTED_MAX];
	uint64_t counts[LESSON_COUNTED_MAX];
	unsigned ncounted;
	const struct lesson_action *never[LESSON_NEVER_MAX];
	unsigned nnever;
	const struct lesson_action *broken;  /* an expect-never that happened */
	char broken_at[160];                 /* the event that broke it */
	uint64_t step_start_ns;
	uint64_t step_vm_exits, step_all_exits;  /* at the step's start */
	uint64_t step_trips, step_trip_ns;   /* its exits, their round trips */
	struct exit_counter numbers;         /* since boot, as trace counts */
	char recent[LESSON_RECENT][160];
	unsigned nrecent;                    /* ever recorded */
	struct lesson_view now;              /* the latest observation */
};

/* 0 or -ENOMEM.  The watch does not own vm. */
int lesson_watch_init(struct lesson_watch *w, struct vm *vm);
void lesson_watch_free(struct lesson_watch *w);
/* A fresh boot: the serial text starts again. */
void lesson_watch_reboot(struct lesson_watch *w);
/* A new step: its count() terms and nothing broken, counts at 0. */
int lesson_watch_step(struct lesson_watch *w, const struct lesson_step *step);
/* From now to the step's end, the event of this expect-never must not
 * happen.  0 or -ENOSPC. */
int lesson_watch_never(struct lesson_watch *w, const struct lesson_action *a);
/* A serial byte the UART sent (from the VM's serial sink, during an exit's
 * dispatch).  Every byte becomes an event; serial.text keeps a window of
 * the last 1/2 to 1 MiB, so memory stays bounded however much is sent. */
void lesson_watch_serial(struct lesson_watch *w, uint8_t byte);
/*
 * Observe the exit just dispatched, then each serial byte it sent (call
 * lesson_watch_byte() until it returns NULL), or the end of the run:
 * w->now becomes the observation, counts and expect-never are updated.
 * Each returns w->now.obs.
 */
const struct lesson_obs *lesson_watch_exit(struct lesson_watch *w,
					   const struct exit_record *exit);
const struct lesson_obs *lesson_watch_byte(struct lesson_watch *w);
const struct lesson_obs *lesson_watch_end(struct lesson_watch *w);
/* The step's time, KVM's in-kernel exits and the exits' round trips as of
 * now (an `expect` before the step's first run reads this step's, not the
 * last event's). */
void lesson_watch_refresh(struct lesson_watch *w);
/* The recorded events, oldest first, one per line, into buf. */
const char *lesson_watch_recent(const struct lesson_watch *w, char *buf,
				size_t len);

#endif /* CORE_LESSON_WATCH_H */
