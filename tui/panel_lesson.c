/*
 * tui/panel_lesson.c - the Lesson panel: the step's narration, its
 * question, the hints asked for, and its verdict.
 *
 *   Step 3 of 7  Score: 2/2
 *   lsr-first
 *   The whole way down: printf formats, write() makes a system call ...
 *   == step lsr-first == OK
 *   n or Space: the next step (first-byte)
 *
 * A step with a `boot` of its own says which machine it boots
 * ("A machine of its own: boot hello --backend soft") above its narration.
 *
 * The frame's title names the lesson.  The two heading rows always show;
 * below them, what does not fit is cut from the top, so the question, the
 * verdict and what to press next stay in sight.  The score counts the
 * steps run so far as `vmscope lesson --check` does (cli/lesson_check.h).
 * Everything comes from the model's copy of the lesson's state
 * (tui/lesson_bridge.h).
 */
#include <stdio.h>
#include <string.h>

#include "tui/panels.h"

#define PARAS_MAX (8 + LESSON_CHOICES_MAX + 5 + 8)
#define RECENT_LINES 5

struct text {
	struct para p[PARAS_MAX];
	int n;
	char choices[LESSON_CHOICES_MAX][200];
	char verdict[700];
	char next[200];
	char boot[200];
	char hints[8][300];
	char recent[sizeof(((struct lesson_result *)0)->recent)];
};

static void add(struct text *t, const char *text, enum grid_attr a)
{
	if (t->n < PARAS_MAX)
		t->p[t->n++] = (struct para){ text, a };
}

static void question(struct text *t, const struct lesson_state *lv)
{
	const struct lesson_question *q = lv->question;

	if (!q)
		return;
	if (t->n)
		add(t, "", GA_NORMAL);
	add(t, q->text, GA_BOLD);
	for (unsigned i = 0; i < q->nchoices; i++) {
		snprintf(t->choices[i], sizeof(t->choices[i]), "  %u. %s) %s",
			 i + 1, q->choices[i].id, q->choices[i].text);
		add(t, t->choices[i], GA_NORMAL);
	}
	if (lv->feedback[0])
		add(t, lv->feedback, strncmp(lv->feedback, "Right", 5) == 0 ?
			GA_LIT : GA_WARN);
}

static void hints(struct text *t, const struct lesson_state *lv,
		  const struct lesson_step *step)
{
	size_t n = lv->hints_shown < 8 ? lv->hints_shown : 8;

	for (size_t i = 0; i < n; i++) {
		snprintf(t->hints[i], sizeof(t->hints[i]), "Hint %zu: %s",
			 i + 1, step->hints[i]);
		add(t, t->hints[i], GA_DIM);
	}
}

/* A step with a `boot` of its own says so first: n boots that machine
 * (on another backend, maybe) before the step runs. */
static void own_boot(struct text *t, const struct lesson_step *step)
{
	size_t len;

	if (!step->nboot)
		return;
	len = (size_t)snprintf(t->boot, sizeof(t->boot),
			       "A machine of its own: boot");
	for (size_t i = 0; i < step->nboot && len < sizeof(t->boot); i++)
		len += (size_t)snprintf(t->boot + len, sizeof(t->boot) - len,
					" %s", step->boot[i]);
	add(t, t->boot, GA_DIM);
}

/* A failed step's last events, one paragraph a line. */
static void recent(struct text *t, const struct lesson_state *lv)
{
	char *line = t->recent, *nl;

	snprintf(t->recent, sizeof(t->recent), "%s", lv->result.recent);
	for (int i = 0; i < RECENT_LINES && *line; i++) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		add(t, line, GA_NORMAL);
		if (!nl)
			break;
		line = nl + 1;
	}
}

/* What the step came to, and the key that goes on from there. */
static void verdict(struct text *t, const struct lesson_state *lv,
		    const struct lesson_step *step)
{
	const struct lesson *l = lv->lesson;
	bool last = lv->step + 1 >= l->nsteps;

	switch (lv->phase) {
	case LESSON_READY:
		snprintf(t->next, sizeof(t->next), "n or Space: run step %s",
			 step->id);
		break;
	case LESSON_RUNNING:
		snprintf(t->next, sizeof(t->next), "the step runs ...");
		break;
	case LESSON_PAUSED:
		snprintf(t->next, sizeof(t->next), "n or Space: go on");
		break;
	case LESSON_ASKING:
		snprintf(t->next, sizeof(t->next), "a: answer (the choice's "
			 "letter or number)  h: a hint");
		break;
	case LESSON_FAILED:
		if (lv->result.line)   /* 0: the machine did not boot */
			snprintf(t->verdict, sizeof(t->verdict), "== step %s "
				 "== FAIL: line %u: %s", step->id,
				 lv->result.line, lv->result.why);
		else
			snprintf(t->verdict, sizeof(t->verdict), "== step %s "
				 "== FAIL: %s", step->id, lv->result.why);
		snprintf(t->next, sizeof(t->next), "r: retry the step from a "
			 "fresh boot  h: a hint");
		break;
	default:
		if (lv->phase == LESSON_PASSED)
			snprintf(t->verdict, sizeof(t->verdict),
				 "== step %s == OK", step->id);
		else
			snprintf(t->verdict, sizeof(t->verdict),
				 "== step %s == SKIP: %s", step->id,
				 lv->result.why);
		if (last)
			snprintf(t->next, sizeof(t->next), "Lesson done: "
				 "Score: %u/%u.  q quits", lv->grade.earned,
				 lv->grade.possible);
		else
			snprintf(t->next, sizeof(t->next), "n or Space: the "
				 "next step (%s)", l->steps[lv->step + 1].id);
	}
	if (t->verdict[0]) {
		add(t, "", GA_NORMAL);
		add(t, t->verdict, lv->phase == LESSON_FAILED ? GA_WARN
							   : GA_LIT);
	}
	if (lv->phase == LESSON_FAILED)
		recent(t, lv);
	add(t, t->next, GA_BOLD);
}

void panel_lesson(const struct tui_model *m, const struct view *v)
{
	struct text t;
	const struct lesson_state *lv = &m->lesson;
	const struct lesson_step *step;
	struct view body;
	char tries[24] = "";
	int need;

	if (!lv->lesson || !lv->lesson->nsteps)
		return;
	step = &lv->lesson->steps[lv->step];
	view_printf(v, 0, 0, GA_NORMAL, "Step %zu of %zu  Score: %u/%u",
		    lv->step + 1, lv->lesson->nsteps, lv->grade.earned,
		    lv->grade.possible);
	if (lv->tries > 1)
		snprintf(tries, sizeof(tries), " (try %u)", lv->tries);
	view_printf(v, 0, 1, GA_BOLD, "%s%s", step->id, tries);
	memset(&t, 0, sizeof(t));
	own_boot(&t, step);
	if (lv->narration[0])
		add(&t, lv->narration, GA_NORMAL);
	question(&t, lv);
	hints(&t, lv, step);
	verdict(&t, lv, step);
	if (lv->note[0])
		add(&t, lv->note, GA_WARN);
	body = view_sub(v, 0, 2, v->w, v->h - 2);
	need = view_paras(&body, t.p, t.n, 0);
	if (need > body.h) {   /* keep the end in sight */
		view_fill(&body, GA_NORMAL);
		view_paras(&body, t.p, t.n, need - body.h);
	}
}
