/*
 * core/exit_number.h - the numbers exits are shown with: the guest's own
 * exits counted apart from the stops vmscope makes.
 *
 * A DEBUG exit is a stop vmscope asked for (a single step, `l`, `i`, a
 * breakpoint), not something the guest did.  So the guest's own exits
 * keep the numbers a plain run gives them however a student stepped - the
 * 'H' of hello is exit 9 with or without --step-insn - and a stop is
 * numbered "N.K": the K-th stop after the guest's exit N.  The tracer and
 * the TUI number every exit through this one counter and print it with
 * these functions, so the same run shows the same numbers in both
 * (docs/TRACE.md, docs/TUI.md).
 */
#ifndef CORE_EXIT_NUMBER_H
#define CORE_EXIT_NUMBER_H

#include <stddef.h>
#include <stdint.h>

#include "core/exit.h"
#include "core/stats.h"

struct exit_number {
	uint64_t guest;   /* the guest's exit; for a stop, the one before it */
	uint32_t stop;    /* 0: the guest's own exit; K: the K-th stop after */
};

struct exit_counter {
	uint64_t stops;            /* DEBUG exits so far */
	struct exit_number last;   /* the last exit's number */
};

void exit_counter_reset(struct exit_counter *c);
/* Count exit (its seq is the VM's count of all exits, stops included)
 * and return its number. */
struct exit_number exit_counter_add(struct exit_counter *c,
				    const struct exit_record *exit);

/* "9" for the guest's exit 9, "7.8" for the 8th stop after exit 7. */
void exit_number_label(struct exit_number n, char *buf, size_t len);
/* "exit 9", or "stop 7.8 (vmscope's, after exit 7)". */
void exit_number_words(struct exit_number n, char *buf, size_t len);
/* The run's count from its statistics: "12 exits", or "12 exits and 5
 * stops of vmscope's" when DEBUG exits (the stops) are among them. */
void exit_number_totals(const struct exit_stats *s, char *buf, size_t len);

#endif /* CORE_EXIT_NUMBER_H */
