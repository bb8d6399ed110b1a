/*
 * cli/lesson_check.c - grading a lesson without a person (see
 * cli/lesson_check.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/lesson_check.h"
#include "cli/lesson_session.h"
#include "core/user_file.h"

/* "  step   choice  " -> "step choice" in place; a line of anything but
 * two words becomes "" for the caller to refuse.  True for a line to skip:
 * blank, or a # comment. */
static bool normalize_answer(char *line, size_t len)
{
	char step[128], choice[128], extra[2];
	int n;

	line[strcspn(line, "\r\n")] = '\0';
	n = sscanf(line, " %127s %127s %1s", step, choice, extra);
	if (n <= 0 || step[0] == '#')
		return true;
	if (n == 2)
		snprintf(line, len, "%s %s", step, choice);
	else
		line[0] = '\0';
	return false;
}

/* More than any lesson's questions need, one short line each. */
#define ANSWERS_FILE_MAX (64u << 10)

/* Line n of the answer file path (len bytes at text, no newline) into a:
 * 0, or -errno with "file:n: why". */
static int add_line(struct lesson_answers *a, const char *path, unsigned n,
		    const char *text, size_t len, char *err, size_t errlen)
{
	char line[256], **bigger;

	if (len > sizeof(line) - 2) {
		snprintf(err, errlen, "%s:%u: a line longer than %zu "
			 "characters", path, n, sizeof(line) - 2);
		return -EINVAL;
	}
	memcpy(line, text, len);
	line[len] = '\0';
	if (normalize_answer(line, sizeof(line)))
		return 0;
	if (!strchr(line, ' ')) {
		snprintf(err, errlen, "%s:%u: expected STEP-ID CHOICE-ID",
			 path, n);
		return -EINVAL;
	}
	bigger = realloc(a->lines, (a->count + 1) * sizeof(*bigger));
	if (bigger)
		a->lines = bigger;
	if (!bigger || !(a->lines[a->count] = strdup(line))) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	a->count++;
	return 0;
}

int lesson_answers_load(struct lesson_answers *a, const char *path, char *err,
			size_t errlen)
{
	unsigned n = 0;
	char *text;
	/* read whole, a FIFO refused at once (core/user_file.h) */
	int ret = user_file_read_text(path, ANSWERS_FILE_MAX, "an answer file",
				      &text, err, errlen);

	memset(a, 0, sizeof(*a));
	for (const char *s = text; !ret && *s; n++) {
		size_t len = strcspn(s, "\n");

		ret = add_line(a, path, n + 1, s, len, err, errlen);
		s += len + (s[len] == '\n');
	}
	free(text);
	if (ret)
		lesson_answers_free(a);
	return ret;
}

void lesson_answers_free(struct lesson_answers *a)
{
	for (size_t i = 0; i < a->count; i++)
		free(a->lines[i]);
	free(a->lines);
	memset(a, 0, sizeof(*a));
}

/* The grader's side of the engine: it only answers questions. */
struct grader {
	const struct lesson_answers *answers;
	const char *step;            /* the step running */
	unsigned asked;              /* questions asked in it so far */
};

/* The n-th answer the file gives for step, or NULL. */
static const char *answer_for(const struct lesson_answers *a,
			      const char *step, unsigned n)
{
	size_t len = strlen(step);

	for (size_t i = 0; i < a->count; i++)
		if (!strncmp(a->lines[i], step, len) && a->lines[i][len] == ' ' &&
		    n-- == 0)
			return a->lines[i] + len + 1;
	return NULL;
}

static int grader_ask(void *ctx, const struct lesson_question *q)
{
	struct grader *g = ctx;
	const char *given;

	if (!g->answers)
		return q->answer;
	given = answer_for(g->answers, g->step, g->asked++);
	for (unsigned i = 0; given && i < q->nchoices; i++)
		if (strcmp(q->choices[i].id, given) == 0)
			return (int)i;
	return -1;
}

static const struct lesson_ui grader_ui = { .ask = grader_ask };

void lesson_grade_add(struct lesson_grade *grade,
		      const struct lesson_step *step,
		      enum lesson_verdict verdict)
{
	switch (verdict) {
	case LESSON_PASS:
		grade->earned += step->points;
		grade->possible += step->points;
		break;
	case LESSON_SKIP:
		grade->skipped++;
		break;
	default:
		grade->possible += step->points;
		grade->failed++;
	}
}

static void report(FILE *out, const struct lesson_step *step,
		   const struct lesson_result *res, struct lesson_grade *grade)
{
	switch (res->verdict) {
	case LESSON_PASS:
		fprintf(out, "== step %s == OK (%.1fs)\n", step->id,
			res->elapsed_us / 1e6);
		break;
	case LESSON_SKIP:
		fprintf(out, "== step %s == SKIP: %s\n", step->id, res->why);
		break;
	default:
		fprintf(out, "== step %s == FAIL: line %u: %s\n%s", step->id,
			res->line, res->why, res->recent);
	}
	lesson_grade_add(grade, step, res->verdict);
}

int lesson_check(const struct lesson *lesson, const char *backend,
		 const struct lesson_answers *answers, FILE *out,
		 struct lesson_grade *grade)
{
	struct grader g = { .answers = answers };
	struct lesson_session s;
	struct lesson_result res;
	char err[300];
	int ret;

	memset(grade, 0, sizeof(*grade));
	ret = lesson_session_start(&s, lesson, backend, &grader_ui, &g,
				   (struct serial_sink){ NULL, NULL }, NULL, err,
				   sizeof(err));
	fprintf(out, "== lesson %s (%s) ==\n", lesson->id,
		s.running ? s.vm->backend->name : "not run");
	for (size_t i = 0; i < lesson->nsteps; i++) {
		g.step = lesson->steps[i].id;
		g.asked = 0;
		if (ret) {
			memset(&res, 0, sizeof(res));
			res.verdict = LESSON_FAIL;
			snprintf(res.why, sizeof(res.why), "%s", err);
		} else {
			lesson_session_step(&s, i, &res);
		}
		report(out, &lesson->steps[i], &res, grade);
	}
	fprintf(out, "Score: %u/%u\n", grade->earned, grade->possible);
	lesson_session_stop(&s);
	return ret;
}
