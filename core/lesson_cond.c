/*
 * core/lesson_cond.c - parsing and evaluating a lesson's events and
 * conditions (see core/lesson_cond.h).
 *
 * A recursive-descent parser over the tokens of one line, one function per
 * rule of the grammar:
 *
 *   cond    := and ( "or" and )*
 *   and     := unary ( "and" unary )*
 *   unary   := "not" unary | "(" cond ")" | compare
 *   compare := field OP value
 *   field   := a name from core/lesson_field.c | "count" "(" event ")"
 *   value   := number | "string" | name       (a name the field accepts: IO, out ...)
 *   event   := kind [layer-id | function] [ "where" cond ]
 *
 * Everything is checked here, once: a comparison the field cannot make
 * (sym < 3), a name the field does not know (exit.reason == IOO), a regex
 * that does not compile.  Evaluation then cannot fail, only be false.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lesson_field.h"
#include "core/regex_size.h"

enum cond_kind { COND_COMPARE, COND_AND, COND_OR, COND_NOT };
enum cond_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_MATCH };

struct lesson_cond {
	enum cond_kind kind;
	struct lesson_cond *left, *right;   /* AND, OR; NOT uses left */
	/* COND_COMPARE: */
	const struct lesson_field *field;
	unsigned reg;                       /* FIELD_REG */
	struct lesson_event counted;        /* FIELD_COUNT */
	enum cond_op op;
	uint64_t number;
	char *text;                         /* a text field's value */
	size_t text_len;                    /* its bytes (\x00 may be one) */
	regex_t re;                         /* OP_MATCH */
};

static const char *const event_names[LEV_KINDS] = {
	[LEV_EXIT] = "exit",
	[LEV_IO_OUT] = "io-out",
	[LEV_IO_IN] = "io-in",
	[LEV_MMIO_READ] = "mmio-read",
	[LEV_MMIO_WRITE] = "mmio-write",
	[LEV_HLT] = "hlt",
	[LEV_SHUTDOWN] = "shutdown",
	[LEV_INJECT] = "inject",
	[LEV_SERIAL] = "serial",
	[LEV_LAYER] = "layer",
	[LEV_BREAK] = "break",
	[LEV_END] = "end",
};

const char *lesson_layer_list(void)
{
	static char list[256];
	size_t n = 0;

	if (list[0])
		return list;
	for (unsigned i = 0; i < FLOW_LAYERS; i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
				      n ? " " : "", flow_layer_id(i));
	return list;
}

const char *lesson_event_name(enum lesson_event_kind kind)
{
	return kind < LEV_KINDS ? event_names[kind] : "?";
}

/* Put the message in err; returns -EINVAL, for `return fail(...)`. */
static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A token as text for a message: "end of line" for the end. */
static int token_len(const struct lesson_token *t)
{
	return t->kind == TOK_END ? 11 : (int)t->len;
}

static const char *token_text(const struct lesson_token *t)
{
	return t->kind == TOK_END ? "end of line" : t->text;
}

static int word_index(const struct lesson_lexer *lx, const char *const *names,
		      unsigned count)
{
	unsigned i;

	for (i = 0; i < count; i++)
		if (lesson_lex_is_word(lx, names[i]))
			return (int)i;
	return -1;
}

static int event_arg(struct lesson_lexer *lx, struct lesson_event *ev,
		     char *err, size_t errlen)
{
	const struct lesson_token *t = &lx->tok;

	if (ev->kind == LEV_LAYER) {
		ev->layer = t->kind == TOK_WORD ? flow_layer_find(t->text, t->len)
						: -1;
		if (ev->layer < 0)
			return fail(err, errlen, "no layer '%.*s' (layers: %s)",
				    token_len(t), token_text(t),
				    lesson_layer_list());
	} else if (t->kind != TOK_WORD) {
		return fail(err, errlen, "break needs a function name, not "
			    "'%.*s'", token_len(t), token_text(t));
	} else {
		ev->symbol = strndup(t->text, t->len);
		if (!ev->symbol)
			return -ENOMEM;
	}
	lesson_lex_next(lx);
	return 0;
}

int lesson_event_parse(struct lesson_lexer *lx, struct lesson_event *ev,
		       char *err, size_t errlen)
{
	int kind = word_index(lx, event_names, LEV_KINDS);
	int ret;

	memset(ev, 0, sizeof(*ev));
	if (kind < 0)
		return fail(err, errlen, "no event '%.*s' (exit io-out io-in "
			    "mmio-read mmio-write hlt shutdown inject serial "
			    "layer break end)", token_len(&lx->tok),
			    token_text(&lx->tok));
	ev->kind = (enum lesson_event_kind)kind;
	lesson_lex_next(lx);
	if (ev->kind == LEV_LAYER || ev->kind == LEV_BREAK) {
		ret = event_arg(lx, ev, err, errlen);
		if (ret)
			return ret;
	}
	if (!lesson_lex_is_word(lx, "where"))
		return 0;
	lesson_lex_next(lx);
	ev->where = lesson_cond_parse(lx, err, errlen);
	return ev->where ? 0 : -EINVAL;
}

void lesson_event_clear(struct lesson_event *ev)
{
	free(ev->symbol);
	lesson_cond_free(ev->where);
	memset(ev, 0, sizeof(*ev));
}

static struct lesson_cond *parse_or(struct lesson_lexer *lx, char *err,
				    size_t errlen);

static int parse_count(struct lesson_lexer *lx, struct lesson_cond *c,
		       char *err, size_t errlen)
{
	int ret;

	lesson_lex_next(lx);
	if (lx->tok.kind != TOK_LPAREN)
		return fail(err, errlen, "count needs an event in parentheses: "
			    "count(io-out)");
	lesson_lex_next(lx);
	ret = lesson_event_parse(lx, &c->counted, err, errlen);
	if (ret)
		return ret;
	if (c->counted.kind == LEV_BREAK)
		return fail(err, errlen, "count(break ...) would count nothing: "
			    "only run-until sets a breakpoint");
	if (lesson_cond_counted(c->counted.where, 0))
		return fail(err, errlen, "a count() inside a count()'s where is "
			    "not counted: write two expect lines");
	if (lx->tok.kind != TOK_RPAREN)
		return fail(err, errlen, "count( has no closing ')'");
	lesson_lex_next(lx);
	return 0;
}

static int parse_field(struct lesson_lexer *lx, struct lesson_cond *c,
		       char *err, size_t errlen)
{
	const struct lesson_token *t = &lx->tok;
	char fields[LESSON_FIELD_LIST_MAX];

	if (t->kind != TOK_WORD)
		return fail(err, errlen, "a condition starts with a field, not "
			    "'%.*s'", token_len(t), token_text(t));
	if (lesson_lex_is_word(lx, "count")) {
		c->field = lesson_field_counter();
		return parse_count(lx, c, err, errlen);
	}
	c->field = lesson_field_find(t->text, t->len, &c->reg);
	if (!c->field)
		return fail(err, errlen, "no field '%.*s' (fields: %s)",
			    token_len(t), token_text(t),
			    lesson_field_list(FIELDS_IN_CONDITIONS, fields,
					      sizeof(fields)));
	lesson_lex_next(lx);
	return 0;
}

static int parse_op(struct lesson_lexer *lx, struct lesson_cond *c,
		    char *err, size_t errlen)
{
	static const char *const ops[] = {
		[OP_EQ] = "==", [OP_NE] = "!=", [OP_LT] = "<", [OP_LE] = "<=",
		[OP_GT] = ">", [OP_GE] = ">=", [OP_MATCH] = "~",
	};
	const struct lesson_token *t = &lx->tok;
	unsigned i;

	for (i = 0; t->kind == TOK_OP && i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strlen(ops[i]) == t->len && !memcmp(ops[i], t->text, t->len)) {
			c->op = (enum cond_op)i;
			lesson_lex_next(lx);
			return 0;
		}
	}
	return fail(err, errlen, "a comparison needs == != < <= > >= or ~ "
		    "after the field, not '%.*s'", token_len(t), token_text(t));
}

static int text_value(struct lesson_lexer *lx, struct lesson_cond *c,
		      char *err, size_t errlen)
{
	const char *why;
	char buf[256];
	size_t len;
	int ret;

	if (c->op != OP_EQ && c->op != OP_NE && c->op != OP_MATCH)
		return fail(err, errlen, "%s is text: use ==, != or ~",
			    c->field->name);
	if (lx->tok.kind == TOK_STRING) {
		ret = lesson_lex_string(&lx->tok, buf, sizeof(buf), &len, &why);
		if (ret)
			return fail(err, errlen, "%s", why);
	} else if (lx->tok.kind == TOK_WORD) {
		if (lx->tok.len >= sizeof(buf))
			return fail(err, errlen, "a word too long (%zu "
				    "characters at most)", sizeof(buf) - 1);
		len = (size_t)snprintf(buf, sizeof(buf), "%.*s",
				       (int)lx->tok.len, lx->tok.text);
	} else if (lx->tok.kind == TOK_BAD) {
		return fail(err, errlen, "%s", lx->tok.why);
	} else {
		return fail(err, errlen, "%s is text: compare it with a "
			    "\"string\"", c->field->name);
	}
	if (c->op == OP_MATCH && len != strlen(buf))
		return fail(err, errlen, "a regex cannot hold a NUL byte (\\x00)");
	if (c->op == OP_MATCH && regex_size(buf) > REGEX_SIZE_MAX)
		return fail(err, errlen, "the regex \"%s\" is too big: it "
			    "would compile to over %d pieces (repeats of "
			    "repeats multiply; a duplication right after another, "
			    "as in a+?, is undefined in POSIX regexes)", buf,
			    REGEX_SIZE_MAX);
	if (c->op == OP_MATCH) {
		ret = regcomp(&c->re, buf, REG_EXTENDED | REG_NOSUB);
		if (ret) {
			char msg[128];

			regerror(ret, &c->re, msg, sizeof(msg));
			return fail(err, errlen, "the regex \"%s\" does not "
				    "compile: %s", buf, msg);
		}
	}
	c->text = malloc(len + 1);
	if (!c->text)
		return -ENOMEM;
	memcpy(c->text, buf, len + 1);
	c->text_len = len;
	return 0;
}

static int number_value(struct lesson_lexer *lx, struct lesson_cond *c,
			char *err, size_t errlen)
{
	const struct lesson_field *f = c->field;
	const struct lesson_token *t = &lx->tok;
	const char *label = lesson_field_label(f, c->reg, &c->counted);
	int64_t named;

	if (c->op == OP_MATCH)
		return fail(err, errlen, "%s is a number: ~ matches text only",
			    label);
	if (t->kind == TOK_NUMBER) {
		c->number = t->number;
		return 0;
	}
	if (t->kind == TOK_BAD)
		return fail(err, errlen, "'%.*s': %s", token_len(t),
			    token_text(t), t->why);
	named = (t->kind == TOK_WORD && f->value_name)
		? f->value_name(t->text, t->len) : -1;
	if (named < 0)
		return fail(err, errlen, "%s takes a number%s%s, not '%.*s'",
			    label, f->names_help ? " or one of " : "",
			    f->names_help ? f->names_help : "", token_len(t),
			    token_text(t));
	c->number = (uint64_t)named;
	return 0;
}

static struct lesson_cond *parse_compare(struct lesson_lexer *lx, char *err,
					 size_t errlen)
{
	struct lesson_cond *c = calloc(1, sizeof(*c));
	int ret;

	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->kind = COND_COMPARE;
	ret = parse_field(lx, c, err, errlen);
	if (!ret)
		ret = parse_op(lx, c, err, errlen);
	if (!ret)
		ret = c->field->type == FIELD_TEXT ? text_value(lx, c, err, errlen)
						   : number_value(lx, c, err, errlen);
	if (ret) {
		lesson_cond_free(c);
		return NULL;
	}
	lesson_lex_next(lx);
	return c;
}

static struct lesson_cond *join(enum cond_kind kind, struct lesson_cond *left,
				struct lesson_cond *right, char *err,
				size_t errlen)
{
	struct lesson_cond *c;

	if (!left || (kind != COND_NOT && !right))
		goto fail;
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	c->kind = kind;
	c->left = left;
	c->right = right;
	return c;
fail:
	lesson_cond_free(left);
	lesson_cond_free(right);
	return NULL;
}

static struct lesson_cond *parse_unary(struct lesson_lexer *lx, char *err,
				       size_t errlen)
{
	struct lesson_cond *c;

	if (lesson_lex_is_word(lx, "not")) {
		lesson_lex_next(lx);
		return join(COND_NOT, parse_unary(lx, err, errlen), NULL, err,
			    errlen);
	}
	if (lx->tok.kind != TOK_LPAREN)
		return parse_compare(lx, err, errlen);
	lesson_lex_next(lx);
	c = parse_or(lx, err, errlen);
	if (c && lx->tok.kind != TOK_RPAREN) {
		snprintf(err, errlen, "'(' has no closing ')'");
		lesson_cond_free(c);
		return NULL;
	}
	lesson_lex_next(lx);
	return c;
}

static struct lesson_cond *parse_and(struct lesson_lexer *lx, char *err,
				     size_t errlen)
{
	struct lesson_cond *c = parse_unary(lx, err, errlen);

	while (c && lesson_lex_is_word(lx, "and")) {
		lesson_lex_next(lx);
		c = join(COND_AND, c, parse_unary(lx, err, errlen), err, errlen);
	}
	return c;
}

static struct lesson_cond *parse_or(struct lesson_lexer *lx, char *err,
				    size_t errlen)
{
	struct lesson_cond *c = parse_and(lx, err, errlen);

	while (c && lesson_lex_is_word(lx, "or")) {
		lesson_lex_next(lx);
		c = join(COND_OR, c, parse_and(lx, err, errlen), err, errlen);
	}
	return c;
}

struct lesson_cond *lesson_cond_parse(struct lesson_lexer *lx, char *err,
				      size_t errlen)
{
	if (lx->tok.kind == TOK_END || lx->tok.kind == TOK_STRING) {
		snprintf(err, errlen, "a condition is missing (e.g. io.port == "
			 "0x3f8)");
		return NULL;
	}
	return parse_or(lx, err, errlen);
}

void lesson_cond_free(struct lesson_cond *c)
{
	if (!c)
		return;
	lesson_cond_free(c->left);
	lesson_cond_free(c->right);
	lesson_event_clear(&c->counted);
	if (c->kind == COND_COMPARE && c->op == OP_MATCH && c->text)
		regfree(&c->re);
	free(c->text);
	free(c);
}

/* Walk the tree in order, counting count() terms down to the one wanted. */
static const struct lesson_event *nth_counted(const struct lesson_cond *c,
					      unsigned *n)
{
	const struct lesson_event *found;

	if (!c)
		return NULL;
	if (c->kind == COND_COMPARE && c->field->id == FIELD_COUNT)
		return (*n)-- == 0 ? &c->counted : NULL;
	found = nth_counted(c->left, n);
	return found ? found : nth_counted(c->right, n);
}

const struct lesson_event *lesson_cond_counted(const struct lesson_cond *c,
					       unsigned i)
{
	return nth_counted(c, &i);
}

static bool compare_numbers(enum cond_op op, uint64_t a, uint64_t b)
{
	switch (op) {
	case OP_EQ: return a == b;
	case OP_NE: return a != b;
	case OP_LT: return a < b;
	case OP_LE: return a <= b;
	case OP_GT: return a > b;
	default: return a >= b;
	}
}

/*
 * A condition's value: true, false, or "does not apply" (a field the
 * observation lacks, io.port at an HLT).  "Does not apply" is never true,
 * and `not` keeps it as it is, so `not io.port == 0x3f8` cannot pass at an
 * HLT.
 */
enum truth { IS_FALSE, IS_TRUE, NOT_APPLICABLE };

/*
 * Text is compared as the bytes it has, NUL bytes included (serial.text
 * holds every byte the guest wrote): a regex sees the whole range, as
 * glibc's REG_STARTEND gives it.
 */
static bool text_matches(const regex_t *re, const struct lesson_value *v)
{
	regmatch_t range = { .rm_so = 0, .rm_eo = (regoff_t)v->len };

	return regexec(re, v->text, 1, &range, REG_STARTEND) == 0;
}

static bool text_equal(const struct lesson_cond *c, const struct lesson_value *v)
{
	return v->len == c->text_len && memcmp(v->text, c->text, v->len) == 0;
}

/* why = `serial.text is "Hello\n\x00..."`: the first 100 bytes, those a
 * terminal would not show as they are written as the lesson's escapes, so
 * the FAIL line stays one line. */
static void quote_text(const char *label, const struct lesson_value *v,
		       char *why, size_t whylen)
{
	size_t n = (size_t)snprintf(why, whylen, "%s is \"", label);
	size_t shown = v->len < 100 ? v->len : 100;
	unsigned char b;

	for (size_t i = 0; i < shown && n < whylen; i++) {
		b = (unsigned char)v->text[i];
		if (b == '\n')
			n += (size_t)snprintf(why + n, whylen - n, "\\n");
		else if (b == '"' || b == '\\')
			n += (size_t)snprintf(why + n, whylen - n, "\\%c", b);
		else if (b < 0x20 || b >= 0x7f)
			n += (size_t)snprintf(why + n, whylen - n, "\\x%02x", b);
		else
			n += (size_t)snprintf(why + n, whylen - n, "%c", b);
	}
	if (n < whylen)
		snprintf(why + n, whylen - n, "%s\"", v->len > shown ? "..." : "");
}

static enum truth compare(const struct lesson_cond *c,
			  const struct lesson_obs *obs, char *why, size_t whylen)
{
	const char *label = lesson_field_label(c->field, c->reg, &c->counted);
	struct lesson_value v;
	bool ok;

	if (lesson_field_get(c->field, c->reg, &c->counted, obs, &v, why,
			     whylen))
		return NOT_APPLICABLE;
	if (c->field->type == FIELD_TEXT) {
		ok = c->op == OP_MATCH ? text_matches(&c->re, &v)
				       : text_equal(c, &v) == (c->op == OP_EQ);
		if (!ok)
			quote_text(label, &v, why, whylen);
		return ok ? IS_TRUE : IS_FALSE;
	}
	ok = compare_numbers(c->op, v.number, c->number);
	if (!ok)
		snprintf(why, whylen, "%s is %#llx (%llu)", label,
			 (unsigned long long)v.number,
			 (unsigned long long)v.number);
	return ok ? IS_TRUE : IS_FALSE;
}

static enum truth eval(const struct lesson_cond *c, const struct lesson_obs *obs,
		       char *why, size_t whylen)
{
	enum truth left, right;

	switch (c->kind) {
	case COND_COMPARE:
		return compare(c, obs, why, whylen);
	case COND_AND:
		left = eval(c->left, obs, why, whylen);
		if (left != IS_TRUE)
			return left;
		return eval(c->right, obs, why, whylen);
	case COND_OR:
		left = eval(c->left, obs, why, whylen);
		if (left == IS_TRUE)
			return IS_TRUE;
		right = eval(c->right, obs, why, whylen);
		return right == NOT_APPLICABLE ? left : right;
	default:
		left = eval(c->left, obs, why, whylen);
		if (left == IS_TRUE) {
			snprintf(why, whylen, "the condition after 'not' holds");
			return IS_FALSE;
		}
		return left == IS_FALSE ? IS_TRUE : NOT_APPLICABLE;
	}
}

bool lesson_cond_eval(const struct lesson_cond *c, const struct lesson_obs *obs,
		      char *why, size_t whylen)
{
	char scratch[160];

	if (!why)
		return eval(c, obs, scratch, sizeof(scratch)) == IS_TRUE;
	why[0] = '\0';
	return eval(c, obs, why, whylen) == IS_TRUE;
}

static bool exit_is(const struct lesson_obs *obs, uint32_t reason)
{
	return obs->kind == OBS_EXIT && obs->exit && obs->exit->reason == reason;
}

static bool kind_matches(const struct lesson_event *ev,
			 const struct lesson_obs *obs)
{
	switch (ev->kind) {
	case LEV_EXIT: return obs->kind == OBS_EXIT;
	case LEV_IO_OUT:
		return exit_is(obs, EXIT_IO) && obs->exit->u.io.direction == IO_OUT;
	case LEV_IO_IN:
		return exit_is(obs, EXIT_IO) && obs->exit->u.io.direction == IO_IN;
	case LEV_MMIO_READ:
		return exit_is(obs, EXIT_MMIO) && !obs->exit->u.mmio.is_write;
	case LEV_MMIO_WRITE:
		return exit_is(obs, EXIT_MMIO) && obs->exit->u.mmio.is_write;
	case LEV_HLT: return exit_is(obs, EXIT_HLT);
	case LEV_SHUTDOWN: return exit_is(obs, EXIT_SHUTDOWN);
	case LEV_INJECT:
		return obs->kind == OBS_EXIT && obs->exit &&
		       obs->exit->injected.valid;
	case LEV_SERIAL: return obs->kind == OBS_SERIAL;
	case LEV_LAYER:
		return obs->kind == OBS_EXIT && (obs->layers >> ev->layer) & 1;
	case LEV_BREAK:
		return exit_is(obs, EXIT_DEBUG) && obs->sym_offset == 0 &&
		       strcmp(obs->sym, ev->symbol) == 0;
	default: return obs->kind == OBS_END;
	}
}

bool lesson_event_matches(const struct lesson_event *ev,
			  const struct lesson_obs *obs)
{
	return kind_matches(ev, obs) &&
	       (!ev->where || lesson_cond_eval(ev->where, obs, NULL, 0));
}
