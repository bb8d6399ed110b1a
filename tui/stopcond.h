/*
 * tui/stopcond.h - "stop when ...": the `b` key's breakpoints and
 * `vmscope run --until EVENT`.
 *
 *   exit            the next exit
 *   exits:N         the guest's exit number N (DEBUG stops, which
 *                   vmscope makes, are counted apart)
 *   reason:HLT      an exit with that reason: KVM's name or number, or the
 *                   hardware's name on VMX or SVM (IO, IO_INSTRUCTION and
 *                   IOIO all mean KVM's IO)
 *   io:0x3f8        port I/O to that port; io:0x3f8=0x48 with that data
 *   sys_write       the guest reaching a function's first instruction
 *   *0x1012a0       the guest reaching an address (also addr:0x1012a0)
 *   end             the guest's end (exit port, halt, crash)
 *
 * A bare number is a port ("0x3f8"); a bare name is a reason when it is
 * one ("HLT", "IOIO"), else a function ("func:NAME" says so outright).
 * Functions and addresses are instruction breakpoints: the backend stops
 * the guest there with a DEBUG(4) exit (a PC check on the soft CPU, a
 * debug register on KVM, so at most BACKEND_BREAKPOINTS of them).
 *
 * Under --nested, a function or address belongs to a level, named
 * before it: L2:printf, L2:*0x400190 are L2's code (its symbols, its
 * virtual addresses, checked in L2's context; L3: the same at --nested
 * 2); L1:start_program, or no level at all, L1's - the guest vmscope
 * runs.
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
	STOP_FUNC,             /* a function's entry: resolved to addr */
	STOP_ADDR,             /* an instruction address */
};

#define STOP_FUNC_NAME 40

/* What the `b` prompt accepts, for its prompt line; under --nested,
 * the levels too: L1: and L2: at --nested 1, L3: as well at --nested 2
 * (stop_cond_syntax() picks). */
#define STOP_COND_SYNTAX "exit, exits:N, reason:NAME (KVM, VMX or SVM), " \
	"io:PORT[=DATA], FUNCTION, *ADDR, list, clear [N]"
#define STOP_COND_SYNTAX_L2 "exit, exits:N, reason:NAME, " \
	"io:PORT[=DATA], L1: or L2: FUNCTION or *ADDR, list, clear [N]"
#define STOP_COND_SYNTAX_L3 "exit, exits:N, reason:NAME, " \
	"io:PORT[=DATA], L1:, L2: or L3: FUNCTION or *ADDR, list, clear [N]"

struct stop_cond {
	enum stop_kind kind;
	uint32_t reason;       /* STOP_REASON */
	uint16_t port;         /* STOP_PORT */
	bool match_data;       /* STOP_PORT: data must equal data */
	uint64_t data;
	uint64_t count;        /* STOP_COUNT: the exit's seq */
	char func[STOP_FUNC_NAME]; /* STOP_FUNC: the name */
	uint64_t addr;         /* STOP_ADDR; STOP_FUNC once resolved */
	/* STOP_FUNC, STOP_ADDR: whose code, as an exit record's level: 0
	 * the guest vmscope runs (L1 under --nested), 1 L2, 2 L3 */
	uint32_t level;
	bool level_named;      /* written with its level: L1:..., L2:... */
};

/* 0, or -EINVAL with the reason in err. */
int stop_cond_parse(const char *text, struct stop_cond *c, char *err,
		    size_t len);
/* Is it an instruction breakpoint (a function or an address)? */
bool stop_cond_is_insn(const struct stop_cond *c);
/* The prompt line's list of what `b` accepts for a machine nesting depth
 * levels of guests below L1 (0: no --nested). */
const char *stop_cond_syntax(unsigned depth);
/* Does this exit meet the condition?  (STOP_END never: the run loop
 * stops at the guest's end anyway.  A function or address: a DEBUG exit
 * at c->addr of c->level's code.) */
bool stop_cond_match(const struct stop_cond *c, const struct exit_record *exit);
/* The condition in the syntax above; returns buf. */
const char *stop_cond_format(const struct stop_cond *c, char *buf, size_t len);
/* A list of them, numbered as `clear N` takes them: "1 io:0x3fd,
 * 2 sys_write" ("none" for n == 0); returns buf. */
const char *stop_cond_list(const struct stop_cond *c, unsigned n, char *buf,
			   size_t len);

#endif /* TUI_STOPCOND_H */
