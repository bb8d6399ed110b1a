/*
 * cli/cmd_lesson.c - `vmscope lesson` and `vmscope lessons`.
 *
 *   vmscope lesson [--backend B] LESSON            step through it: the
 *                                                  full-screen view at a
 *                                                  terminal, plain text
 *                                                  when piped
 *   vmscope lesson --check [--answers FILE] [--backend B] LESSON...   grade it
 *   vmscope lesson --lint LESSON...                check the files, run nothing
 *   vmscope lesson --guest FILE ...                 boot FILE instead (a lab's build)
 *   vmscope lessons                                the built-in lessons, in order
 *
 * LESSON is a built-in lesson's name or a lesson file's path.  A broken
 * lesson is refused with "file:line: why" and status 2; --check exits 1
 * when a step failed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/builtin_lessons.h"
#include "cli/commands.h"
#include "cli/guest_opts.h"
#include "cli/lesson_boot.h"
#include "cli/lesson_check.h"
#include "cli/lesson_progress.h"
#include "cli/lesson_text.h"
#include "cli/lesson_tui.h"

struct lesson_opts {
	bool check, lint;
	const char *answers;
	const char *backend;
	const char *guest;
};

enum { OPT_CHECK = 'c', OPT_LINT = 'l', OPT_ANSWERS = 'a', OPT_GUEST = 'g' };

static const struct opt_spec lesson_own[] = {
	{ "check", OPT_CHECK, NULL, NULL,
	  "run every step without a person and print a grade (xv6 style); "
	  "status 1 when a step fails" },
	{ "answers", OPT_ANSWERS, "FILE", "the lesson's own answers",
	  "with --check: a student's answers, one 'STEP-ID CHOICE-ID' a line" },
	{ "lint", OPT_LINT, NULL, NULL,
	  "check the lesson files without running them" },
	{ "guest", OPT_GUEST, "GUEST", "the lesson's boot line",
	  "boot this guest instead, with the boot line's options (a lab's "
	  "build: make lab LAB=labs/uart)" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct opt_spec *const lesson_tables[] = {
	lesson_own, guest_opts_table, NULL,
};
static const char *const lesson_notes[] = {
	"LESSON is a built-in lesson (vmscope lessons) or a lesson file;",
	"docs/LESSONS.md says how to write one.",
	NULL,
};

const struct cmd_spec cmd_lesson_spec = {
	.name = "lesson",
	.operands = "LESSON...",
	.min_operands = 1,
	.max_operands = 64,
	.summary = "step through a lesson, or grade it (--check)",
	.tables = lesson_tables,
	.notes = lesson_notes,
};

const struct cmd_spec cmd_lessons_spec = {
	.name = "lessons",
	.operands = "",
	.min_operands = 0,
	.max_operands = 0,
	.summary = "list the built-in lessons in reading order, with your "
		   "progress",
};

static int lesson_opt(void *ctx, int code, const char *arg)
{
	struct lesson_opts *o = ctx;

	switch (code) {
	case OPT_CHECK: o->check = true; break;
	case OPT_LINT: o->lint = true; break;
	case OPT_ANSWERS: o->answers = arg; break;
	case OPT_GUEST: o->guest = arg; break;
	default: o->backend = arg; break;   /* --backend */
	}
	return 0;
}

/* A built-in name, or a file: as for guests, a name wins unless the
 * argument has a slash ("./printf" is the file). */
static int load(const char *arg, struct lesson *l, char *err, size_t errlen)
{
	const struct builtin_lesson *b = builtin_lesson_find(arg);
	char file[64];

	if (!b || strchr(arg, '/'))
		return lesson_load(arg, &lesson_boot_vocab, l, err, errlen);
	snprintf(file, sizeof(file), "lessons/%s.lesson", b->name);
	return lesson_parse(file, b->text, &lesson_boot_vocab, l, err, errlen);
}

/* --guest: the lesson boots this image, with its boot line's options. */
static int use_guest(struct lesson *l, const char *guest)
{
	char *copy = strdup(guest);

	if (!copy)
		return -ENOMEM;
	free(l->boot[0]);
	l->boot[0] = copy;
	return 0;
}

/* Every file parsed before any runs, so a typo in the fifth lesson is
 * not found after four have run. */
static int load_all(const struct lesson_opts *o, int n, char **args,
		    struct lesson *ls)
{
	char err[600];
	int status = 0;

	for (int i = 0; i < n; i++) {
		if (load(args[i], &ls[i], err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			status = EXIT_USAGE;
		} else if (o->guest && use_guest(&ls[i], o->guest)) {
			fprintf(stderr, "vmscope lesson: out of memory\n");
			status = EXIT_CRASH;
		}
	}
	return status;
}

static int lint(int n, const struct lesson *ls)
{
	for (int i = 0; i < n; i++)
		printf("%s: OK (%zu steps, %u points)\n", ls[i].file,
		       ls[i].nsteps, lesson_total_points(&ls[i]));
	return 0;
}

static int check(const struct lesson_opts *o, int n, const struct lesson *ls)
{
	struct lesson_answers answers = { 0 };
	struct lesson_grade g, all = { 0 };
	char err[300];
	int status = 0;

	if (o->answers && lesson_answers_load(&answers, o->answers, err,
					      sizeof(err))) {
		fprintf(stderr, "vmscope lesson: %s\n", err);
		return EXIT_USAGE;
	}
	for (int i = 0; i < n; i++) {
		if (lesson_check(&ls[i], o->backend, o->answers ? &answers : NULL,
				 stdout, &g) || g.failed)
			status = 1;
		all.earned += g.earned;
		all.possible += g.possible;
	}
	if (n > 1)
		printf("Total score: %u/%u\n", all.earned, all.possible);
	lesson_answers_free(&answers);
	return status;
}

static int study(const struct lesson_opts *o, int n, const struct lesson *ls)
{
	struct lesson_progress progress;
	bool screen = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	char err[300];
	int status = 0;

	if (lesson_progress_load(&progress, err, sizeof(err)))
		fprintf(stderr, "vmscope lesson: %s (progress not kept)\n", err);
	for (int i = 0; i < n && !status; i++)
		status = screen ? lesson_tui_run(&ls[i], o->backend, &progress)
				: lesson_text_run(&ls[i], o->backend, &progress,
						  stdin, stdout);
	lesson_progress_free(&progress);
	return status;
}

int cmd_lesson(int argc, char **argv)
{
	struct lesson_opts o = { .backend = "auto" };
	struct lesson ls[64];
	int first, n, status;

	status = options_parse(&cmd_lesson_spec, argc, argv, lesson_opt, &o,
			       &first);
	if (status)
		return status == OPTIONS_HELP ? 0 : status;
	if (o.answers && !o.check)
		return options_usage_error(&cmd_lesson_spec, "--answers goes "
					   "with --check");
	n = argc - first;
	memset(ls, 0, sizeof(ls));
	status = load_all(&o, n, argv + first, ls);
	if (!status)
		status = o.lint ? lint(n, ls) : o.check ? check(&o, n, ls)
						       : study(&o, n, ls);
	for (int i = 0; i < n; i++)
		lesson_free(&ls[i]);
	return status;
}

int cmd_lessons(int argc, char **argv)
{
	struct lesson_progress progress;
	struct lesson l;
	char err[600];
	int first, status;

	status = options_parse(&cmd_lessons_spec, argc, argv, NULL, NULL, &first);
	if (status)
		return status == OPTIONS_HELP ? 0 : status;
	if (lesson_progress_load(&progress, err, sizeof(err)))
		fprintf(stderr, "vmscope lessons: %s\n", err);
	for (const struct builtin_lesson *b = builtin_lessons; b->name; b++) {
		if (load(b->name, &l, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			status = 1;
			continue;
		}
		printf("%-14s %zu/%zu steps  %s\n", b->name,
		       lesson_progress_count(&progress, &l), l.nsteps, l.title);
		lesson_free(&l);
	}
	lesson_progress_free(&progress);
	return status;
}
