/*
 * cli/lesson_text.c - a lesson at a plain terminal (see cli/lesson_text.h).
 *
 * The engine (core/lesson_run.c) calls back here for everything a person
 * sees: narration, the exits of each run (the tracer's own lines, numbered
 * as the tracer and the TUI number them: a stop of vmscope's is "N.K",
 * core/exit_number.h), and the questions, which are asked until answered
 * right or the student gives up.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "cli/exit_text.h"
#include "cli/lesson_session.h"
#include "cli/lesson_text.h"
#include "cli/trace_line.h"
#include "core/exit_number.h"
#include "core/vm.h"

struct student {
	FILE *in, *out;
	struct exit_text_cache *cache;
	uint64_t prev_t_ns;
	struct exit_counter count;    /* the shown exits' numbers */
	uint64_t count_seq;           /* the last exit counted */
	const struct lesson_step *step;
	size_t hints_shown;
	bool gone;                 /* end of input or q: stop asking */
};

/* One line from the student, without its newline; "q" at the end of
 * input, which also stops every later question. */
static const char *read_line(struct student *st, char *line, size_t len)
{
	fflush(st->out);
	if (!fgets(line, (int)len, st->in)) {
		st->gone = true;
		snprintf(line, len, "q");
		return line;
	}
	line[strcspn(line, "\n")] = '\0';
	return line;
}

/* Is the student's line the one-letter command key (either case)? */
static bool is_key(const char *line, char key)
{
	return tolower((unsigned char)line[0]) == key && !line[1];
}

static void show_hint(struct student *st)
{
	if (st->hints_shown < st->step->nhints)
		fprintf(st->out, "  hint: %s\n",
			st->step->hints[st->hints_shown++]);
	else
		fprintf(st->out, "  (no more hints for this step)\n");
}

static void ui_say(void *ctx, const char *text)
{
	fprintf(((struct student *)ctx)->out, "  %s\n", text);
}

static void ui_highlight(void *ctx, int layer)
{
	fprintf(((struct student *)ctx)->out, "  [layer: %s]\n",
		flow_layer_id((enum flow_layer)layer));
}

static void ui_pause(void *ctx)
{
	struct student *st = ctx;
	char line[64];

	if (st->gone)
		return;
	fprintf(st->out, "  [Enter to go on] ");
	read_line(st, line, sizeof(line));
}

/*
 * The exit's number, counted as the tracer counts.  Not every exit of a
 * machine passes here: a step's own boot starts a new machine (its exits
 * from 1), and a retry's replay runs the earlier steps unseen.  So where
 * the sequence breaks, the count starts again from the machine's own
 * statistics (the stops among its exits so far, this one included).
 */
static struct exit_number number_of(struct student *st, const struct vm *vm,
				    const struct exit_record *exit)
{
	if (exit->seq != st->count_seq + 1) {
		exit_counter_reset(&st->count);
		st->count.stops = vm->stats.by_reason[EXIT_DEBUG].count -
				  (exit->reason == EXIT_DEBUG);
	}
	st->count_seq = exit->seq;
	return exit_counter_add(&st->count, exit);
}

static void ui_exit_seen(void *ctx, struct vm *vm,
			 const struct exit_record *exit)
{
	struct student *st = ctx;
	struct trace_line line;
	struct exit_number number = number_of(st, vm, exit);

	trace_line_build(&line, vm, st->cache, exit, st->prev_t_ns, false);
	line.number = &number;
	st->prev_t_ns = exit->t_ns;
	trace_line_print_text(&line, st->out);
}

static int choice_index(const struct lesson_question *q, const char *given)
{
	for (unsigned i = 0; i < q->nchoices; i++)
		if (strcmp(q->choices[i].id, given) == 0)
			return (int)i;
	return -1;
}

/* Asked until right; h shows a hint; q or the end of input gives up. */
static int ui_ask(void *ctx, const struct lesson_question *q)
{
	struct student *st = ctx;
	char line[64];
	int chosen;

	fprintf(st->out, "\n  %s\n", q->text);
	for (unsigned i = 0; i < q->nchoices; i++)
		fprintf(st->out, "    %s) %s\n", q->choices[i].id,
			q->choices[i].text);
	while (!st->gone) {
		fprintf(st->out, "  your answer (h: a hint, q: give up): ");
		read_line(st, line, sizeof(line));
		if (st->gone || is_key(line, 'q'))
			return -1;
		if (is_key(line, 'h')) {
			show_hint(st);
			continue;
		}
		chosen = choice_index(q, line);
		if (chosen == q->answer) {
			fprintf(st->out, "  Right.%s%s\n", q->explain ? " " : "",
				q->explain ? q->explain : "");
			return chosen;
		}
		fprintf(st->out, chosen < 0 ? "  '%s' is none of the choices.\n"
					    : "  Not '%s'. Try again.\n", line);
	}
	return -1;
}

static const struct lesson_ui student_ui = {
	.say = ui_say, .highlight = ui_highlight, .pause = ui_pause,
	.ask = ui_ask, .exit_seen = ui_exit_seen,
};

/* After a failed step: r retries it from a fresh boot, n goes on, q quits.
 * Returns 'r', 'n' or 'q'. */
static int after_failure(struct student *st)
{
	char line[64];

	for (;;) {
		fprintf(st->out, "  [r: retry from a fresh boot, h: a hint, "
			"n: next step, q: quit] ");
		read_line(st, line, sizeof(line));
		if (is_key(line, 'h'))
			show_hint(st);
		else if (is_key(line, 'r') || is_key(line, 'n') ||
			 is_key(line, 'q'))
			return tolower((unsigned char)line[0]);
	}
}

static void passed(struct student *st, const struct lesson *l,
		   struct lesson_progress *progress)
{
	char err[300];

	fprintf(st->out, "== step %s == OK\n", st->step->id);
	if (lesson_progress_mark(progress, l->id, st->step->id, err,
				 sizeof(err)))
		fprintf(st->out, "  (progress not saved: %s)\n", err);
}

/* One step, with retries; false when the student stopped. */
static bool run_step(struct student *st, struct lesson_session *s, size_t i,
		     struct lesson_progress *progress, bool *all_passed)
{
	struct lesson_result res;
	char err[300];

	st->step = &s->lesson->steps[i];
	st->hints_shown = 0;
	fprintf(st->out, "\n-- step %s (%zu of %zu) --\n", st->step->id, i + 1,
		s->lesson->nsteps);
	for (;;) {
		lesson_session_step(s, i, &res);
		if (res.verdict == LESSON_PASS) {
			passed(st, s->lesson, progress);
			return !st->gone;
		}
		if (res.verdict == LESSON_SKIP) {
			fprintf(st->out, "== step %s == SKIP: %s\n", st->step->id,
				res.why);
			return true;
		}
		fprintf(st->out, "== step %s == FAIL: line %u: %s\n%s",
			st->step->id, res.line, res.why, res.recent);
		*all_passed = false;
		switch (st->gone ? 'q' : after_failure(st)) {
		case 'n': return true;
		case 'q': return false;
		}
		if (lesson_session_retry(s, i, err, sizeof(err))) {
			fprintf(st->out, "  cannot boot again: %s\n", err);
			return false;
		}
	}
}

int lesson_text_run(const struct lesson *lesson, const char *backend,
		    struct lesson_progress *progress, FILE *in, FILE *out)
{
	struct student st = { .in = in, .out = out };
	struct lesson_session s;
	bool all_passed = true;
	char err[300];

	if (exit_text_cache_open(&st.cache)) {
		fprintf(out, "vmscope lesson: cannot start capstone\n");
		return 1;
	}
	fprintf(out, "Lesson %s: %s\n%zu steps. Each exit the guest makes is "
		"shown as `vmscope trace` prints it.\n", lesson->id,
		lesson->title, lesson->nsteps);
	if (lesson_session_start(&s, lesson, backend, &student_ui, &st,
				 (struct serial_sink){ NULL, NULL }, NULL, err,
				 sizeof(err))) {
		fprintf(out, "vmscope lesson: %s\n", err);
		exit_text_cache_close(st.cache);
		return 1;
	}
	for (size_t i = 0; i < lesson->nsteps; i++)
		if (!run_step(&st, &s, i, progress, &all_passed)) {
			all_passed = false;
			break;
		}
	fprintf(out, "\n%zu of %zu steps of %s passed so far.\n",
		lesson_progress_count(progress, lesson), lesson->nsteps,
		lesson->id);
	lesson_session_stop(&s);
	exit_text_cache_close(st.cache);
	return all_passed ? 0 : 1;
}
