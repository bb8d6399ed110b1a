/*
 * core/lesson_cond.h - a lesson's events and conditions: what `run-until`
 * waits for and what `expect` checks.
 *
 *   run-until io-out where io.port == 0x3f8 and io.data == 0x48 within 50 exits
 *   expect count(io-in where io.port == 0x3fd) >= 1 "The driver reads LSR first"
 *   expect serial.text ~ "^Hello" "The guest greets you"
 *
 * An event names a kind of happening in the exit stream (an exit, an `out`,
 * a byte on the serial line ...), optionally narrowed by `where COND`.  A
 * condition compares a field with a value (== != < <= > >=, ~ for a POSIX
 * extended regular expression) and combines comparisons with `and`, `or`,
 * `not` and parentheses.  Everything is resolved when the lesson is parsed
 * (field names, reason names, regexes), so a broken lesson is refused before
 * it runs, with its line number.
 *
 * The evaluator reads a struct lesson_obs that the runner fills from the real
 * exit stream; it never touches the VM itself.
 */
#ifndef CORE_LESSON_COND_H
#define CORE_LESSON_COND_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/exit.h"
#include "core/flow.h"
#include "core/lesson_lex.h"
#include "core/regs.h"

enum lesson_event_kind {
	LEV_EXIT,         /* any exit */
	LEV_IO_OUT,       /* an IO exit, direction out */
	LEV_IO_IN,
	LEV_MMIO_READ,
	LEV_MMIO_WRITE,
	LEV_HLT,
	LEV_SHUTDOWN,
	LEV_INJECT,       /* an exit whose run began with an injected interrupt */
	LEV_SERIAL,       /* a byte the UART sent to the host */
	LEV_LAYER,        /* an exit whose path went through layer <arg> */
	LEV_BREAK,        /* a breakpoint exit at the entry of function <arg> */
	LEV_END,          /* the guest's run ended (halted, exited, crashed) */
	LEV_KINDS,
};

struct lesson_cond;
struct virtio_net_counters;

struct lesson_event {
	enum lesson_event_kind kind;
	int layer;                  /* LEV_LAYER: enum flow_layer */
	char *symbol;               /* LEV_BREAK: the function's name */
	struct lesson_cond *where;  /* NULL: every event of the kind */
};

/* What happened, as the runner saw it: one exit, one serial byte, or the
 * end of the run; and the machine's state at that moment. */
enum lesson_obs_kind { OBS_EXIT, OBS_SERIAL, OBS_END };

struct lesson_obs {
	enum lesson_obs_kind kind;
	const struct exit_record *exit;   /* the exit (OBS_EXIT), else the last one or NULL */
	const struct vcpu_regs *regs;     /* registers at it, or NULL */
	const char *sym;                  /* function holding rip, "" if none */
	uint64_t sym_offset;              /* rip - the function's address */
	const char *stack;                /* the call chain, as the tracer prints it */
	const char *hw;                   /* the hardware reason's name, or "none" */
	uint32_t layers;                  /* bit per enum flow_layer on the exit's path */
	uint8_t byte;                     /* OBS_SERIAL: the byte */
	const char *serial;               /* what the UART sent (lesson_watch.h): */
	size_t serial_len;                /* its bytes, NULs included */
	uint64_t kvm_internal;            /* exits KVM kept in the kernel, this step */
	/* The step's exits that reached vmscope (round_trips of them) took
	 * round_trip_ns each on the mean: from vmscope's call into the
	 * backend (KVM_RUN) to the exit, plus vmscope's handling of it - the
	 * guest's run between two exits included, the lesson's own look at
	 * each exit not. */
	uint64_t round_trip_ns, round_trips;
	uint64_t elapsed_us;              /* since the step began */
	const char *host_kvm;             /* the KVM the machine runs on, by
					     `vmscope doctor`'s flavour: vmx,
					     svm, pvm; none (the soft CPU) */
	/* count(EVENT): how many such events this step saw so far. */
	uint64_t (*count)(void *opaque, const struct lesson_event *ev);
	/* net.*: the machine's network card's counters into out; false
	 * without a card.  NULL: no card. */
	bool (*net)(void *opaque, struct virtio_net_counters *out);
	void *opaque;
};

/* Every layer's lesson id (core/flow.c), blank-separated, for messages. */
const char *lesson_layer_list(void);
/* "io-out", "serial" ... */
const char *lesson_event_name(enum lesson_event_kind kind);

/*
 * Parse an event at the lexer's current token: KIND [ARG] [where COND].
 * Stops before `within` or a string (an expect-never's message), or at the
 * end.  0, or -EINVAL with why set (a static or err-held message).
 */
int lesson_event_parse(struct lesson_lexer *lx, struct lesson_event *ev,
		       char *err, size_t errlen);
void lesson_event_clear(struct lesson_event *ev);
/* Is obs an event of this kind that satisfies its where? */
bool lesson_event_matches(const struct lesson_event *ev,
			  const struct lesson_obs *obs);

/* Parse a condition at the lexer's current token, up to a string or the end
 * of the line.  NULL on error with the reason in err. */
struct lesson_cond *lesson_cond_parse(struct lesson_lexer *lx, char *err,
				      size_t errlen);
void lesson_cond_free(struct lesson_cond *c);
/* The i-th count(EVENT) term of c, in reading order, or NULL: the runner
 * counts these events as they happen. */
const struct lesson_event *lesson_cond_counted(const struct lesson_cond *c,
					       unsigned i);
/*
 * Evaluate against obs.  A field that does not apply (io.port at an HLT)
 * makes its comparison neither true nor false, and so the condition false,
 * `not` included; why, when not NULL, then gets the reason or, for a false
 * comparison, "io.port is 0x3fd" (for the FAIL line).
 */
bool lesson_cond_eval(const struct lesson_cond *c, const struct lesson_obs *obs,
		      char *why, size_t whylen);

#endif /* CORE_LESSON_COND_H */
