/*
 * tui/vcpu_chains.h - the call chain and the guest's own exit number of
 * each recent exit, kept for the exit log.
 *
 * The vCPU thread knows the guest's call chain at every exit (for the
 * Flow panel).  It also writes that chain, as the tracer's `--stack` text
 * (formatted once per chain, not per exit: tui/vcpu_thread.c), into a slot
 * for the exit's number, so that the log can show an older exit's chain as
 * it was at that exit: by the time a student selects it, the guest's stack
 * and registers have moved on, and unwinding again would give another
 * chain.  CHAIN_SLOTS slots, as many exits as the log keeps (LOG_MAX).
 *
 * The same note carries the exit's number among the guest's own exits
 * (struct exit_note), which only the vCPU thread, seeing every exit, can
 * count exactly.
 *
 * One writer (the vCPU thread), one reader (the UI thread); the writer
 * never waits.  Each slot's seq is cleared while its note is written and
 * set after, and the reader checks it before and after copying: a copy
 * the writer overlapped is not used.
 */
#ifndef TUI_VCPU_CHAINS_H
#define TUI_VCPU_CHAINS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/exit_number.h"

#define CHAIN_SLOTS 256
#define CHAIN_TEXT 512

/* What the vCPU thread knew at one exit. */
struct exit_note {
	/* The exit's number among the guest's own exits: a DEBUG exit is a
	 * stop vmscope asked for (l, i, a breakpoint), counted apart, so
	 * the guest's exits keep the numbers the tracer gives them however
	 * a student stepped (core/exit_number.h: N, or N.K for the K-th
	 * stop after the guest's exit N). */
	struct exit_number num;
	char stack[CHAIN_TEXT];      /* "main > printf > ... | int 0x80 | ..." */
};

struct chain_slot {
	_Atomic uint64_t seq;        /* the exit's number; 0 while written */
	struct exit_note note;
};

struct chain_store {
	struct chain_slot slots[CHAIN_SLOTS];
};

enum chain_found {
	CHAIN_FOUND,
	CHAIN_NOT_YET,   /* not written yet (or being written): ask again */
	CHAIN_GONE,      /* a later exit took the slot */
};

/* Forget every note (a new machine numbers its exits from 1 again). */
void chain_store_reset(struct chain_store *s);
/* vCPU thread: the note for exit seq, with the chain at it as
 * unwind_format() writes it (len bytes before the NUL, < CHAIN_TEXT). */
void chain_store_put(struct chain_store *s, uint64_t seq,
		     struct exit_number num, const char *stack, size_t len);
/* UI thread: exit seq's note into *out. */
enum chain_found chain_store_get(struct chain_store *s, uint64_t seq,
				 struct exit_note *out);

#endif /* TUI_VCPU_CHAINS_H */
