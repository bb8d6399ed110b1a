/*
 * tui/stopcond.h - "stop when ...": the `b` key's breakpoint on an exit
 * reason or port, and `vmscope run --batch --until EVENT`.
 *
 *   exit            the next exit
 *   exits:N         exit number N
 *   reason:HLT      an exit with that reason (KVM's name or number)
 *   io:0x3f8        port I/O to that port; io:0x3f8=0x48 with that data
 *   end             the guest's end (exit port, halt, crash)
 *
 * In the `b` prompt a bare port ("0x3f8") or reason name ("HLT") will do.
 */
#ifndef TUI_STOPCOND_H
#define TUI_STOPCOND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/exit.h"

enum stop_kind {
	STOP_NONE,
	STOP_ANY_EXIT,
	STOP_COUNT,
	STOP_REASON,
	STOP_PORT,
	STOP_END,
};

struct stop_cond {
	enum stop_kind kind;
	uint32_t reason;       /* STOP_REASON */
	uint16_t port;         /* STOP_PORT */
	bool match_data;       /* STOP_PORT: data must equal data */
	uint64_t data;
	uint64_t count;        /* STOP_COUNT: the exit's seq */
};

/* 0, or -EINVAL with the reason in err. */
int stop_cond_parse(const char *text, struct stop_cond *c, char *err,
		    size_t len);
/* Does this exit meet the condition?  (STOP_END never: the run loop
 * stops at the guest's end anyway.) */
bool stop_cond_match(const struct stop_cond *c, const struct exit_record *exit);
/* The condition in the syntax above; returns buf. */
const char *stop_cond_format(const struct stop_cond *c, char *buf, size_t len);

#endif /* TUI_STOPCOND_H */
