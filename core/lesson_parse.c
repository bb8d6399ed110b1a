/*
 * core/lesson_parse.c - reading a lesson file into a struct lesson (see
 * core/lesson.h and docs/LESSONS.md).
 *
 * One line at a time: the first word is the keyword, looked up in the
 * keywords[] table below (the whole vocabulary, in one place); its function
 * reads the rest of the line.  Header keywords come before the first `step`,
 * body keywords after it.  Whatever can be wrong is found here, with the
 * line's number: a lesson that parses can only fail by what the guest does.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/key_text.h"
#include "core/lesson.h"
#include "core/lesson_say.h"

#define LESSON_LINE_MAX 1000

struct parser {
	const char *file;
	unsigned line;
	const struct lesson_vocab *vocab;
	struct lesson *l;
	struct lesson_step *step;          /* NULL while in the header */
	struct lesson_action *open_ask;    /* an ask still without its answer */
	unsigned open_never;               /* an expect-never's line that no run
					      follows yet in its step, or 0 */
	char *err;
	size_t errlen;
};

/* "file:line: why" into err; returns -EINVAL. */
static int perr(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int perr(struct parser *p, const char *fmt, ...)
{
	char why[600];   /* a field list fits */
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%u: %s", p->file, p->line, why);
	return -EINVAL;
}

static int copy_text(struct parser *p, const char *text, const char *what,
		     char **out)
{
	if (!*text)
		return perr(p, "%s needs some text after it", what);
	*out = strdup(text);
	return *out ? 0 : -ENOMEM;
}

/* Append one zeroed element to *array of *count elements. */
static void *grow(void **array, size_t *count, size_t size)
{
	char *bigger = realloc(*array, (*count + 1) * size);

	if (!bigger)
		return NULL;
	memset(bigger + *count * size, 0, size);
	*array = bigger;
	return bigger + (*count)++ * size;
}

static struct lesson_action *new_action(struct parser *p,
					enum lesson_action_kind kind)
{
	struct lesson_action *a = grow((void **)&p->step->actions,
				       &p->step->nactions, sizeof(*a));

	if (a) {
		a->kind = kind;
		a->line = p->line;
		a->layer = -1;
	}
	if (kind == ACT_RUN_UNTIL || kind == ACT_STEP_EXIT ||
	    kind == ACT_STEP_INSN)
		p->open_never = 0;
	return a;
}

/* The end of a structured line: nothing may follow what was read. */
static int line_end(struct parser *p, struct lesson_lexer *lx)
{
	if (lx->tok.kind == TOK_END)
		return 0;
	return perr(p, "unexpected '%.*s' at the end of the line",
		    (int)lx->tok.len, lx->tok.text);
}

/* n ms or s (unit_ms 1 or 1000) into b->ms, refused past what the
 * runner can count rather than wrapped around to a bound of nothing. */
static int time_bound(struct parser *p, uint64_t n, uint64_t unit_ms,
		      struct lesson_bound *b, const char *what)
{
	const char *unit = unit_ms == 1 ? "ms" : "s";

	if (n > LESSON_BOUND_MS_MAX / unit_ms)
		return perr(p, "%s: %llu %s is more than vmscope can count "
			    "(at most %llu %s)", what, (unsigned long long)n,
			    unit, (unsigned long long)
			    (LESSON_BOUND_MS_MAX / unit_ms), unit);
	b->ms = n * unit_ms;
	return 0;
}

/* N UNIT pairs: "200 exits", "2 s", "500 ms"; at least one. */
static int parse_bound(struct parser *p, struct lesson_lexer *lx,
		       struct lesson_bound *b, const char *what)
{
	uint64_t n;
	int ret = 0;

	if (lx->tok.kind != TOK_NUMBER)
		return perr(p, "%s needs a bound: N exits, N ms or N s", what);
	while (!ret && lx->tok.kind == TOK_NUMBER) {
		n = lx->tok.number;
		lesson_lex_next(lx);
		if (n == 0)
			return perr(p, "%s: a bound of 0 stops before anything "
				    "runs", what);
		if (lesson_lex_is_word(lx, "exits"))
			b->exits = n;
		else if (lesson_lex_is_word(lx, "ms"))
			ret = time_bound(p, n, 1, b, what);
		else if (lesson_lex_is_word(lx, "s"))
			ret = time_bound(p, n, 1000, b, what);
		else
			return perr(p, "%s: %llu what? (exits, ms or s)", what,
				    (unsigned long long)n);
		lesson_lex_next(lx);
	}
	return ret;
}

/* ---- the header ------------------------------------------------------- */

static int kw_lesson(struct parser *p, const char *rest)
{
	struct lesson_lexer lx;

	if (p->l->id)
		return perr(p, "a second `lesson` line");
	lesson_lex_start(&lx, rest);
	if (lx.tok.kind != TOK_WORD)
		return perr(p, "lesson needs an id (letters, digits, -)");
	p->l->id = strndup(lx.tok.text, lx.tok.len);
	if (!p->l->id)
		return -ENOMEM;
	lesson_lex_next(&lx);
	return line_end(p, &lx);
}

static int kw_title(struct parser *p, const char *rest)
{
	if (p->l->title)
		return perr(p, "a second `title` line");
	return copy_text(p, rest, "title", &p->l->title);
}

static int require_backend(struct parser *p, const char *value)
{
	static const char *const names[] = {
		[LESSON_BACKEND_ANY] = "any",
		[LESSON_BACKEND_KVM] = "kvm",
		[LESSON_BACKEND_SOFT] = "soft",
	};
	unsigned i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(value, names[i]) == 0) {
			p->l->backend = (enum lesson_backend)i;
			return 0;
		}
	}
	return perr(p, "backend=%s: the backends are kvm, soft and any", value);
}

/* A capability of the lesson's (header) or of the step's (in a step). */
static int require_cap(struct parser *p, const char *name)
{
	char ***caps = p->step ? &p->step->caps : &p->l->caps;
	size_t *ncaps = p->step ? &p->step->ncaps : &p->l->ncaps;
	char **slot;

	if (p->vocab && p->vocab->cap_known && !p->vocab->cap_known(name))
		return perr(p, "no host capability '%s' (`vmscope doctor` lists "
			    "them)", name);
	slot = grow((void **)caps, ncaps, sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	*slot = strdup(name);
	return *slot ? 0 : -ENOMEM;
}

/* requires backend=kvm|soft|any CAPABILITY... in the header;
 * requires CAPABILITY... in a step, which is skipped where one lacks. */
static int kw_requires(struct parser *p, const char *rest)
{
	char *words = strdup(rest), *save = NULL, *w;
	int ret = 0;

	if (!words)
		return -ENOMEM;
	if (!*rest)
		ret = perr(p, "requires needs backend=kvm|soft|any or a "
			   "capability name");
	for (w = strtok_r(words, " \t", &save); w && !ret;
	     w = strtok_r(NULL, " \t", &save)) {
		if (strncmp(w, "backend=", 8) != 0)
			ret = require_cap(p, w);
		else if (p->step)
			ret = perr(p, "a step cannot change the backend: "
				   "requires backend= belongs in the header");
		else
			ret = require_backend(p, w + 8);
	}
	free(words);
	return ret;
}

/* Words separated by blanks; "double quotes" keep blanks in one word (no
 * escapes are decoded: `--keys "a b\n"` passes a b\n as --keys would get it). */
static int split_words(struct parser *p, const char *rest, char ***words,
		       size_t *count)
{
	const char *s = rest, *start;
	char **slot;
	bool quoted;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		quoted = *s == '"';
		start = s + quoted;
		s = start;
		while (*s && (quoted ? *s != '"' : (*s != ' ' && *s != '\t')))
			s++;
		if (quoted && *s != '"')
			return perr(p, "a \" with no closing \"");
		slot = grow((void **)words, count, sizeof(*slot));
		if (!slot || !(*slot = strndup(start, (size_t)(s - start))))
			return -ENOMEM;
		s += quoted;
	}
	return 0;
}

/*
 * boot GUEST [OPTION...]: the options of `vmscope run`.  In the header, the
 * lesson's machine; in a step, before its actions, a machine of the step's
 * own (booted afresh when the step starts; the steps after it go on there).
 */
static int kw_boot(struct parser *p, const char *rest)
{
	char ***words = p->step ? &p->step->boot : &p->l->boot;
	size_t *count = p->step ? &p->step->nboot : &p->l->nboot;
	char why[300] = "";
	int ret;

	if (*words && p->step)
		return perr(p, "a second `boot` in step '%s'", p->step->id);
	if (*words)
		return perr(p, "a second `boot` line");
	if (p->step && p->step->nactions)
		return perr(p, "boot comes first in its step: the step's actions "
			    "run on the machine it boots");
	ret = split_words(p, rest, words, count);
	if (ret)
		return ret;
	if (!*count)
		return perr(p, "boot needs a guest: a built-in name (hello, "
			    "exits ...) or an ELF file");
	if (p->vocab && p->vocab->boot_check &&
	    p->vocab->boot_check(*words, *count, why, sizeof(why)))
		return perr(p, "boot: %s", why);
	return 0;
}

static int kw_limit(struct parser *p, const char *rest)
{
	struct lesson_lexer lx;
	int ret;

	lesson_lex_start(&lx, rest);
	ret = parse_bound(p, &lx, &p->l->limit, "limit");
	return ret ? ret : line_end(p, &lx);
}

/* ---- steps ------------------------------------------------------------ */

static int id_ok(const char *id, size_t len)
{
	size_t i;

	if (!len || id[0] == '-')
		return 0;
	for (i = 0; i < len; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') ||
		      (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return 0;
	return 1;
}

/* An expect-never watches the runs after it in its step: one that no run
 * follows would pass whatever the guest does. */
static int close_never(struct parser *p)
{
	if (!p->open_never)
		return 0;
	p->line = p->open_never;
	return perr(p, "expect-never watches the runs after it, and its step "
		    "runs nothing after this line: put it before a run-until "
		    "or step-exit");
}

static int kw_step(struct parser *p, const char *rest)
{
	struct lesson_lexer lx;
	struct lesson_step *s;
	size_t i;

	if (close_never(p))
		return -EINVAL;
	lesson_lex_start(&lx, rest);
	if (lx.tok.kind != TOK_WORD && lx.tok.kind != TOK_NUMBER)
		return perr(p, "step needs an id (a-z, 0-9, -)");
	if (!id_ok(lx.tok.text, lx.tok.len))
		return perr(p, "step id '%.*s': use a-z, 0-9 and - (ids are how "
			    "progress and grades find a step)", (int)lx.tok.len,
			    lx.tok.text);
	for (i = 0; i < p->l->nsteps; i++)
		if (strlen(p->l->steps[i].id) == lx.tok.len &&
		    !memcmp(p->l->steps[i].id, lx.tok.text, lx.tok.len))
			return perr(p, "step id '%s' is already used at line %u",
				    p->l->steps[i].id, p->l->steps[i].line);
	s = grow((void **)&p->l->steps, &p->l->nsteps, sizeof(*s));
	if (!s || !(s->id = strndup(lx.tok.text, lx.tok.len)))
		return -ENOMEM;
	s->line = p->line;
	s->points = 1;
	p->step = s;
	lesson_lex_next(&lx);
	return line_end(p, &lx);
}

static int kw_say(struct parser *p, const char *rest)
{
	struct lesson_action *a = new_action(p, ACT_SAY);
	char why[600];
	int ret;

	if (!a)
		return -ENOMEM;
	ret = copy_text(p, rest, "say", &a->text);
	if (!ret && lesson_say_check(a->text, why, sizeof(why)))
		return perr(p, "say: %s", why);
	return ret;
}

static int kw_highlight(struct parser *p, const char *rest)
{
	struct lesson_action *a = new_action(p, ACT_HIGHLIGHT);

	if (!a)
		return -ENOMEM;
	a->layer = flow_layer_find(rest, strlen(rest));
	if (a->layer < 0)
		return perr(p, "highlight: no layer '%s' (%s)", rest,
			    lesson_layer_list());
	return 0;
}

static int kw_show(struct parser *p, const char *rest)
{
	static const char *const panels[] = {
		"flow", "cpu", "exits", "console", "stats", "lesson",
	};
	struct lesson_action *a = new_action(p, ACT_SHOW);
	unsigned i;

	if (!a)
		return -ENOMEM;
	for (i = 0; i < sizeof(panels) / sizeof(panels[0]); i++)
		if (strcmp(rest, panels[i]) == 0)
			return copy_text(p, rest, "show", &a->text);
	return perr(p, "show: no panel '%s' (flow cpu exits console stats "
		    "lesson)", rest);
}

static int kw_pause(struct parser *p, const char *rest)
{
	if (*rest)
		return perr(p, "pause takes nothing after it");
	return new_action(p, ACT_PAUSE) ? 0 : -ENOMEM;
}

/* The start of run-until and expect-never: an action of kind with the
 * event at the start of rest parsed into it; lx is left after the event. */
static int event_action(struct parser *p, const char *rest,
			enum lesson_action_kind kind, const char *what,
			struct lesson_lexer *lx, struct lesson_action **out)
{
	struct lesson_action *a = new_action(p, kind);
	char why[300];
	int ret;

	if (!a)
		return -ENOMEM;
	lesson_lex_start(lx, rest);
	ret = lesson_event_parse(lx, &a->event, why, sizeof(why));
	if (ret)
		return ret == -EINVAL ? perr(p, "%s: %s", what, why) : ret;
	*out = a;
	return 0;
}

/* run-until EVENT [where COND] [within BOUND] */
static int kw_run_until(struct parser *p, const char *rest)
{
	struct lesson_action *a;
	struct lesson_lexer lx;
	int ret;

	ret = event_action(p, rest, ACT_RUN_UNTIL, "run-until", &lx, &a);
	if (ret)
		return ret;
	if (lesson_lex_is_word(&lx, "within")) {
		lesson_lex_next(&lx);
		ret = parse_bound(p, &lx, &a->within, "within");
		if (ret)
			return ret;
	} else if (!p->l->limit.exits && !p->l->limit.ms) {
		return perr(p, "run-until has no bound: add `within N exits` (or "
			    "ms, s), or a `limit` line in the header");
	}
	return line_end(p, &lx);
}

/* step-exit N, step-insn N: run so many; the lesson's limit bounds it too
 * (a guest that stops exiting, a host whose single-step never fires). */
static int step_count(struct parser *p, const char *rest,
		      enum lesson_action_kind kind, const char *what)
{
	struct lesson_action *a = new_action(p, kind);
	struct lesson_lexer lx;

	if (!a)
		return -ENOMEM;
	if (!p->l->limit.exits && !p->l->limit.ms)
		return perr(p, "%s has no bound: add a `limit` line in the header",
			    what);
	a->count = 1;
	lesson_lex_start(&lx, rest);
	if (lx.tok.kind == TOK_NUMBER && lx.tok.number > 0) {
		a->count = lx.tok.number;
		lesson_lex_next(&lx);
	} else if (lx.tok.kind != TOK_END) {
		return perr(p, "%s takes a count of 1 or more", what);
	}
	return line_end(p, &lx);
}

static int kw_step_exit(struct parser *p, const char *rest)
{
	return step_count(p, rest, ACT_STEP_EXIT, "step-exit");
}

/* Single-stepping works differently per host (this PVM kind of KVM cannot
 * step ring 3), so a lesson that steps instructions names its backend. */
static int kw_step_insn(struct parser *p, const char *rest)
{
	if (p->l->backend == LESSON_BACKEND_ANY)
		return perr(p, "step-insn needs `requires backend=soft` (or kvm "
			    "with the capability it needs): single-stepping is "
			    "not the same on every host");
	return step_count(p, rest, ACT_STEP_INSN, "step-insn");
}

static int kw_type(struct parser *p, const char *rest)
{
	struct lesson_action *a = new_action(p, ACT_TYPE);
	char why[160];

	if (!a)
		return -ENOMEM;
	if (*rest && key_text_check(rest, why, sizeof(why)))
		return perr(p, "type: %s", why);
	return copy_text(p, rest, "type", &a->text);
}

/* The "message" that ends an expect or expect-never line. */
static int message(struct parser *p, struct lesson_lexer *lx,
		   struct lesson_action *a, const char *what)
{
	const char *why;
	char buf[400];
	size_t len;

	if (lx->tok.kind != TOK_STRING)
		return perr(p, "%s needs a \"message\" at the end: what the "
			    "student is told when it fails", what);
	if (lesson_lex_string(&lx->tok, buf, sizeof(buf), &len, &why))
		return perr(p, "%s", why);
	if (len != strlen(buf))
		return perr(p, "%s: a message cannot hold a NUL byte (\\x00)",
			    what);
	a->text = strdup(buf);
	if (!a->text)
		return -ENOMEM;
	lesson_lex_next(lx);
	return line_end(p, lx);
}

static int kw_expect(struct parser *p, const char *rest)
{
	struct lesson_action *a = new_action(p, ACT_EXPECT);
	struct lesson_lexer lx;
	char why[600];   /* the field list is long */

	if (!a)
		return -ENOMEM;
	lesson_lex_start(&lx, rest);
	a->cond = lesson_cond_parse(&lx, why, sizeof(why));
	if (!a->cond)
		return perr(p, "expect: %s", why);
	return message(p, &lx, a, "expect");
}

static int kw_expect_never(struct parser *p, const char *rest)
{
	struct lesson_action *a;
	struct lesson_lexer lx;
	int ret;

	ret = event_action(p, rest, ACT_EXPECT_NEVER, "expect-never", &lx, &a);
	if (!ret && a->event.kind == LEV_BREAK)
		return perr(p, "expect-never break would never fire: only "
			    "run-until sets a breakpoint");
	p->open_never = p->line;
	return ret ? ret : message(p, &lx, a, "expect-never");
}

/* ---- questions -------------------------------------------------------- */

static int kw_ask(struct parser *p, const char *rest)
{
	struct lesson_action *a = new_action(p, ACT_ASK);

	if (!a || !(a->ask = calloc(1, sizeof(*a->ask))))
		return -ENOMEM;
	a->ask->answer = -1;
	p->open_ask = a;
	return copy_text(p, rest, "ask", &a->ask->text);
}

static struct lesson_question *question(struct parser *p, const char *what)
{
	struct lesson_action *last = p->step->nactions
		? &p->step->actions[p->step->nactions - 1] : NULL;

	if (!last || last->kind != ACT_ASK) {
		perr(p, "%s belongs right after an `ask` line", what);
		return NULL;
	}
	return last->ask;
}

/* choice ID TEXT */
static int kw_choice(struct parser *p, const char *rest)
{
	struct lesson_question *q = question(p, "choice");
	struct lesson_choice *c;
	size_t idlen = strcspn(rest, " \t");
	unsigned i;

	if (!q)
		return -EINVAL;
	if (q->answer >= 0)
		return perr(p, "a choice after the answer: list every choice "
			    "first");
	if (!idlen || !rest[idlen])
		return perr(p, "choice needs an id and a text: choice a The UART");
	if (!id_ok(rest, idlen) || (idlen == 1 && (rest[0] == 'h' ||
						   rest[0] == 'q')))
		return perr(p, "choice id '%.*s': use a-z, 0-9 and -, and not h or q "
			    "(a student types h for a hint, q to give up)",
			    (int)idlen, rest);
	if (q->nchoices == LESSON_CHOICES_MAX)
		return perr(p, "more than %d choices", LESSON_CHOICES_MAX);
	for (i = 0; i < q->nchoices; i++)
		if (strlen(q->choices[i].id) == idlen &&
		    !memcmp(q->choices[i].id, rest, idlen))
			return perr(p, "choice '%.*s' is listed twice",
				    (int)idlen, rest);
	c = &q->choices[q->nchoices++];
	c->id = strndup(rest, idlen);
	rest += idlen + strspn(rest + idlen, " \t");
	if (!c->id)
		return -ENOMEM;
	return copy_text(p, rest, "choice", &c->text);
}

static int kw_answer(struct parser *p, const char *rest)
{
	struct lesson_question *q = question(p, "answer");
	unsigned i;

	if (!q)
		return -EINVAL;
	if (q->answer >= 0)
		return perr(p, "a second answer to one question");
	if (q->nchoices < 2)
		return perr(p, "a question needs two choices or more before its "
			    "answer");
	for (i = 0; i < q->nchoices; i++)
		if (strcmp(q->choices[i].id, rest) == 0)
			q->answer = (int)i;
	if (q->answer < 0)
		return perr(p, "answer '%s' is none of the choices", rest);
	p->open_ask = NULL;
	return 0;
}

static int kw_explain(struct parser *p, const char *rest)
{
	struct lesson_question *q = question(p, "explain");

	char *longer;

	if (!q)
		return -EINVAL;
	if (!q->explain)
		return copy_text(p, rest, "explain", &q->explain);
	/* explain lines that follow each other make one paragraph */
	if (!*rest)
		return perr(p, "explain needs some text after it");
	longer = realloc(q->explain, strlen(q->explain) + strlen(rest) + 2);
	if (!longer)
		return -ENOMEM;
	strcat(strcat(longer, " "), rest);
	q->explain = longer;
	return 0;
}

static int kw_hint(struct parser *p, const char *rest)
{
	char **slot = grow((void **)&p->step->hints, &p->step->nhints,
			   sizeof(*slot));

	return slot ? copy_text(p, rest, "hint", slot) : -ENOMEM;
}

static int kw_points(struct parser *p, const char *rest)
{
	struct lesson_lexer lx;

	lesson_lex_start(&lx, rest);
	if (lx.tok.kind != TOK_NUMBER || lx.tok.number > 1000)
		return perr(p, "points takes a number from 0 to 1000");
	p->step->points = (unsigned)lx.tok.number;
	lesson_lex_next(&lx);
	return line_end(p, &lx);
}

/* ---- the vocabulary --------------------------------------------------- */

enum place { HEADER, BODY, EITHER };

static const struct keyword {
	const char *name;
	enum place place;
	int (*parse)(struct parser *p, const char *rest);
} keywords[] = {
	{ "lesson", HEADER, kw_lesson },
	{ "title", HEADER, kw_title },
	{ "requires", EITHER, kw_requires },
	{ "boot", EITHER, kw_boot },
	{ "limit", HEADER, kw_limit },
	{ "step", BODY, kw_step },
	{ "say", BODY, kw_say },
	{ "highlight", BODY, kw_highlight },
	{ "show", BODY, kw_show },
	{ "pause", BODY, kw_pause },
	{ "run-until", BODY, kw_run_until },
	{ "step-exit", BODY, kw_step_exit },
	{ "step-insn", BODY, kw_step_insn },
	{ "type", BODY, kw_type },
	{ "expect", BODY, kw_expect },
	{ "expect-never", BODY, kw_expect_never },
	{ "ask", BODY, kw_ask },
	{ "choice", BODY, kw_choice },
	{ "answer", BODY, kw_answer },
	{ "explain", BODY, kw_explain },
	{ "hint", BODY, kw_hint },
	{ "points", BODY, kw_points },
};

static const struct keyword *keyword_find(const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strlen(keywords[i].name) == len &&
		    !memcmp(keywords[i].name, word, len))
			return &keywords[i];
	return NULL;
}

/* An ask may only be left once it has its answer. */
static int close_ask(struct parser *p, const struct keyword *next)
{
	if (!p->open_ask || (next && (next->parse == kw_choice ||
				     next->parse == kw_answer ||
				     next->parse == kw_explain)))
		return 0;
	p->line = p->open_ask->line;
	return perr(p, "this question has no `answer` line");
}

static int place_ok(struct parser *p, const struct keyword *kw)
{
	if (!p->l->id && kw->parse != kw_lesson)
		return perr(p, "a lesson file starts with `lesson <id>`");
	if (kw->place == HEADER && p->step)
		return perr(p, "`%s` belongs in the header, before the first "
			    "step", kw->name);
	if (kw->place == BODY && kw->parse != kw_step && !p->step)
		return perr(p, "`%s` belongs in a step: start one with `step "
			    "<id>`", kw->name);
	if (kw->parse == kw_step && !p->l->boot)
		return perr(p, "the header has no `boot` line (which guest the "
			    "lesson runs)");
	return 0;
}

/* One line, without its newline and with trailing blanks cut. */
static int parse_line(struct parser *p, char *line)
{
	const struct keyword *kw;
	size_t n = strlen(line), wordlen;
	char *word;
	int ret;

	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
		     line[n - 1] == '\r'))
		line[--n] = '\0';
	word = line + strspn(line, " \t");
	if (!*word || *word == '#')
		return 0;
	wordlen = strcspn(word, " \t");
	kw = keyword_find(word, wordlen);
	if (!kw)
		return perr(p, "unknown keyword '%.*s'", (int)wordlen, word);
	ret = close_ask(p, kw);
	if (!ret)
		ret = place_ok(p, kw);
	if (!ret)
		ret = kw->parse(p, word + wordlen + strspn(word + wordlen, " \t"));
	return ret;
}

static int check_whole(struct parser *p)
{
	size_t i;
	int ret = close_ask(p, NULL);

	if (!ret)
		ret = close_never(p);
	if (ret)
		return ret;
	if (!p->l->id) {
		/* an empty file has no line 0: say line 1, as gcc and the
		 * cell parser do */
		p->line = p->line ? p->line : 1;
		return perr(p, "a lesson file starts with `lesson <id>`");
	}
	if (!p->l->title)
		return perr(p, "the header has no `title` line");
	if (!p->l->nsteps)
		return perr(p, "the lesson has no steps");
	for (i = 0; i < p->l->nsteps; i++) {
		if (!p->l->steps[i].nactions) {
			p->line = p->l->steps[i].line;
			return perr(p, "step '%s' does nothing", p->l->steps[i].id);
		}
	}
	return 0;
}

static int parse_lines(struct parser *p, const char *text)
{
	char line[LESSON_LINE_MAX + 2];
	const char *s = text;
	size_t len;
	int ret;

	while (*s) {
		p->line++;
		len = strcspn(s, "\n");
		if (len > LESSON_LINE_MAX)
			return perr(p, "a line longer than %d characters",
				    LESSON_LINE_MAX);
		memcpy(line, s, len);
		line[len] = '\0';
		ret = parse_line(p, line);
		if (ret)
			return ret;
		s += len + (s[len] == '\n');
	}
	return check_whole(p);
}

int lesson_parse(const char *file, const char *text,
		 const struct lesson_vocab *vocab, struct lesson *out,
		 char *err, size_t errlen)
{
	struct parser p = {
		.file = file, .vocab = vocab, .l = out, .err = err,
		.errlen = errlen,
	};
	int ret;

	memset(out, 0, sizeof(*out));
	out->file = strdup(file);
	ret = out->file ? parse_lines(&p, text) : -ENOMEM;
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", file);
	if (ret)
		lesson_free(out);
	return ret;
}
