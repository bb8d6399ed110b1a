/*
 * core/lesson.h - a lesson script, parsed.
 *
 * A lesson is a line-oriented text file (docs/LESSONS.md is the authoring
 * guide): a header saying what machine to boot and what the host must
 * offer, then steps keyed by stable ids, each a list of actions - narration
 * (`say`), what to show (`highlight`, `show`), how far to run (`run-until`,
 * `step-exit`, `step-insn`), keys to type, checks (`expect`,
 * `expect-never`) and questions (`ask`/`choice`/`answer`/`explain`).
 *
 * lesson_parse() checks everything it can before anything runs and refuses
 * a broken file with "file:line: what is wrong".  Words only a front end
 * knows (the host capabilities `vmscope doctor` names, the options of
 * `boot`) are checked through struct lesson_vocab, so the parser stays in
 * core/ with libc only.
 */
#ifndef CORE_LESSON_H
#define CORE_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/lesson_cond.h"

enum lesson_backend { LESSON_BACKEND_ANY, LESSON_BACKEND_KVM, LESSON_BACKEND_SOFT };

enum lesson_action_kind {
	ACT_SAY,          /* text: a line of narration */
	ACT_HIGHLIGHT,    /* layer: a row of the Flow panel */
	ACT_SHOW,         /* text: a panel to bring forward */
	ACT_PAUSE,        /* wait for the student (nothing in batch) */
	ACT_RUN_UNTIL,    /* event, within */
	ACT_STEP_EXIT,    /* count exits */
	ACT_STEP_INSN,    /* count instructions */
	ACT_TYPE,         /* text: keys for the guest, --keys escapes */
	ACT_EXPECT,       /* cond, text: the message when it is false */
	ACT_EXPECT_NEVER, /* event, text: from here to the step's end */
	ACT_ASK,          /* ask */
};

/* How far a run may go: 0 = no bound of that kind. */
struct lesson_bound {
	uint64_t exits;
	uint64_t ms;
};

/* The longest time bound (about 292 years): the runner counts it in
 * nanoseconds, and the machine's clock (core/vm_clock.c) takes a deadline
 * 2^63 ns or more ahead for one already past - under --clock insn such a
 * bound stopped the machine's time, the run spinning for ever. */
#define LESSON_BOUND_MS_MAX (INT64_MAX / 1000000)

#define LESSON_CHOICES_MAX 8

struct lesson_choice {
	char *id;             /* "a", "b", ... as the file names them */
	char *text;
};

struct lesson_question {
	char *text;
	struct lesson_choice choices[LESSON_CHOICES_MAX];
	unsigned nchoices;
	int answer;           /* index into choices, -1 until `answer` */
	char *explain;        /* shown after an answer, or NULL */
};

struct lesson_action {
	enum lesson_action_kind kind;
	unsigned line;
	char *text;
	int layer;                    /* ACT_HIGHLIGHT: enum lesson_layer */
	struct lesson_event event;
	struct lesson_bound within;   /* ACT_RUN_UNTIL: 0/0 = the lesson's limit */
	uint64_t count;
	struct lesson_cond *cond;
	struct lesson_question *ask;
};

struct lesson_step {
	char *id;
	unsigned line;
	struct lesson_action *actions;
	size_t nactions;
	char **hints;
	size_t nhints;
	char **caps;                  /* host capabilities this step needs */
	size_t ncaps;
	char **boot;                  /* its own machine: a `boot` in the step */
	size_t nboot;                 /* (0: the machine of the steps before) */
	unsigned points;              /* default 1 */
};

struct lesson {
	char *file;                   /* as given, for messages */
	char *id;
	char *title;
	enum lesson_backend backend;
	char **caps;                  /* capabilities the host must have */
	size_t ncaps;
	char **boot;                  /* the guest, then its options */
	size_t nboot;
	struct lesson_bound limit;
	struct lesson_step *steps;
	size_t nsteps;
};

/* What only a front end knows; either callback may be NULL (not checked). */
struct lesson_vocab {
	/* A capability name `vmscope doctor --require` accepts? */
	bool (*cap_known)(const char *name);
	/* boot's words (guest name or path, options): 0, or -EINVAL with err. */
	int (*boot_check)(char *const *words, size_t count, char *err,
			  size_t errlen);
};

/* Parse text (the whole file, NUL-terminated) named file.  0, or -EINVAL
 * with "file:line: why" in err (or -ENOMEM); *out is empty on error. */
int lesson_parse(const char *file, const char *text,
		 const struct lesson_vocab *vocab, struct lesson *out,
		 char *err, size_t errlen);
/* Read and parse the file at path (at most LESSON_FILE_MAX bytes). */
#define LESSON_FILE_MAX (1u << 20)
int lesson_load(const char *path, const struct lesson_vocab *vocab,
		struct lesson *out, char *err, size_t errlen);
void lesson_free(struct lesson *lesson);

/* The points of all steps. */
unsigned lesson_total_points(const struct lesson *lesson);

#endif /* CORE_LESSON_H */
