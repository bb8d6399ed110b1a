/*
 * core/lesson_field.h - the fields a lesson's conditions can read, one table
 * (core/lesson_field.c) a teacher can read top to bottom: the name, whether
 * it is a number or text, the names its values may be written with, and
 * where its value comes from in a struct lesson_obs.
 *
 * Used by the condition parser and evaluator (core/lesson_cond.c) only.
 */
#ifndef CORE_LESSON_FIELD_H
#define CORE_LESSON_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/lesson_cond.h"

enum lesson_field_id {
	FIELD_EXIT_REASON, FIELD_EXIT_HW, FIELD_EXIT_SEQ, FIELD_EXIT_LEVEL,
	FIELD_NEST_VERDICT, FIELD_NEST_RULE,
	FIELD_IO_PORT, FIELD_IO_DATA, FIELD_IO_SIZE, FIELD_IO_DIR, FIELD_IO_COUNT,
	FIELD_MMIO_GPA, FIELD_MMIO_DATA, FIELD_MMIO_LEN, FIELD_MMIO_DIR,
	FIELD_RIP, FIELD_SYM, FIELD_CPL, FIELD_STACK,
	FIELD_INJECT_IRQ, FIELD_INJECT_VECTOR,
	FIELD_REG,            /* reg.rax ... reg.rflags: the register in arg */
	FIELD_SERIAL_TEXT, FIELD_SERIAL_BYTE,
	FIELD_KVM_INTERNAL, FIELD_ROUND_TRIP, FIELD_ELAPSED_US, FIELD_HOST_KVM,
	FIELD_NET_FRAMES, FIELD_NET_COPIED, FIELD_NET_PLACED, FIELD_NET_KICKS,
	FIELD_NET_KICKS_EVENTFD, FIELD_NET_FALLBACK, FIELD_NET_DROPPED,
	FIELD_COUNT,          /* count(EVENT): the event in the condition */
};

enum lesson_field_type { FIELD_NUMBER, FIELD_TEXT };

struct lesson_field {
	const char *name;               /* "io.port"; "reg." for the registers */
	enum lesson_field_id id;
	enum lesson_field_type type;
	/* Value names this field accepts (IO, out, write ...): the number for
	 * name, or -1.  NULL: the field takes numbers (or text) only. */
	int64_t (*value_name)(const char *name, size_t len);
	const char *names_help;         /* "in or out": for the error message */
};

/* A field's value at an observation. */
struct lesson_value {
	uint64_t number;
	const char *text;
	size_t len;                     /* text's bytes, NULs included */
};

/* The field called name (len bytes), with *reg set for reg.*; NULL if none. */
const struct lesson_field *lesson_field_find(const char *name, size_t len,
					     unsigned *reg);
/* The count(EVENT) field, which the condition parser reads apart. */
const struct lesson_field *lesson_field_counter(void);
/* Where a field is read: a condition reads every field, a `say` line all
 * but count(EVENT), which counts only what a condition of its step names. */
enum lesson_field_use { FIELDS_IN_CONDITIONS, FIELDS_IN_SAY };

#define LESSON_FIELD_LIST_MAX 768   /* holds every name (a unit test checks) */

/*
 * The names of the fields use reads, blank-separated, for the "no such
 * field" messages: into buf, len bytes.  Bounded: the list is always
 * NUL-terminated within len; one that does not fit ends with the names
 * that do and " ..." (just "..." when not even the first fits; nothing
 * when len < 4).  Returns buf.
 */
const char *lesson_field_list(enum lesson_field_use use, char *buf,
			      size_t len);
/*
 * The value at obs: 0, or -1 when the field does not apply there, with why
 * ("io.port: the exit is HLT(5), not IO").  counted is the event of a
 * count() field.
 */
int lesson_field_get(const struct lesson_field *f, unsigned reg,
		     const struct lesson_event *counted,
		     const struct lesson_obs *obs, struct lesson_value *v,
		     char *why, size_t whylen);
/* "io.port", "reg.rax", "count(io-out)": the name as a lesson wrote it. */
const char *lesson_field_label(const struct lesson_field *f, unsigned reg,
			       const struct lesson_event *counted);

#endif /* CORE_LESSON_FIELD_H */
