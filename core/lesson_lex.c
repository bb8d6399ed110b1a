/*
 * core/lesson_lex.c - splitting a lesson line into tokens (see
 * core/lesson_lex.h).
 *
 * Hand-written, one function per token kind, so a teacher's typo gets a
 * message that names the character at fault rather than a parser state.
 */
#include <errno.h>
#include <string.h>

#include "core/lesson_lex.h"

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int digit_value(char c, unsigned base)
{
	int v = -1;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	return v >= 0 && (unsigned)v < base ? v : -1;
}

/* Decimal or 0x hex; a number glued to letters ("5x") is one bad token. */
static void lex_number(struct lesson_lexer *lx, struct lesson_token *t)
{
	const char *s = t->text;
	unsigned base = 10;
	size_t i = 0;
	uint64_t v = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	for (; (d = digit_value(s[i], base)) >= 0; i++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base) {
			t->kind = TOK_BAD;
			t->why = "number out of range (64 bits at most)";
		}
		v = v * base + (uint64_t)d;
	}
	if (t->kind != TOK_BAD && (is_word_char(s[i]) || i == (base == 16 ? 2u : 0u))) {
		t->kind = TOK_BAD;
		t->why = "not a number (decimal, or hex as 0x3f8)";
	}
	while (is_word_char(s[i]))
		i++;
	t->len = i;
	t->number = v;
	lx->pos += i;
}

static void lex_word(struct lesson_lexer *lx, struct lesson_token *t)
{
	size_t i = 0;

	while (is_word_char(t->text[i]))
		i++;
	t->len = i;
	lx->pos += i;
}

/* "..." with backslash escapes; the token keeps its quotes. */
static void lex_string(struct lesson_lexer *lx, struct lesson_token *t)
{
	size_t i = 1;

	while (t->text[i] && t->text[i] != '"') {
		if (t->text[i] == '\\' && t->text[i + 1])
			i++;
		i++;
	}
	if (t->text[i] != '"') {
		t->kind = TOK_BAD;
		t->why = "a string with no closing \"";
		t->len = i;
	} else {
		t->len = i + 1;
	}
	lx->pos += t->len;
}

static void lex_operator(struct lesson_lexer *lx, struct lesson_token *t)
{
	const char *s = t->text;

	t->len = 1;
	if (s[0] == '(' || s[0] == ')') {
		t->kind = s[0] == '(' ? TOK_LPAREN : TOK_RPAREN;
	} else if (s[0] == '~') {
		t->kind = TOK_OP;
	} else if ((s[0] == '=' || s[0] == '!') && s[1] == '=') {
		t->kind = TOK_OP;
		t->len = 2;
	} else if (s[0] == '<' || s[0] == '>') {
		t->kind = TOK_OP;
		t->len = s[1] == '=' ? 2 : 1;
	} else {
		t->kind = TOK_BAD;
		t->why = s[0] == '=' ? "'=' compares nothing: write '=='"
				     : "a character that starts no token";
	}
	lx->pos += t->len;
}

void lesson_lex_next(struct lesson_lexer *lx)
{
	struct lesson_token *t = &lx->tok;
	char c;

	while (is_space(lx->line[lx->pos]))
		lx->pos++;
	memset(t, 0, sizeof(*t));
	t->text = lx->line + lx->pos;
	c = t->text[0];
	if (c == '\0' || c == '#') {
		t->kind = TOK_END;
	} else if (c >= '0' && c <= '9') {
		t->kind = TOK_NUMBER;
		lex_number(lx, t);
	} else if (is_word_char(c)) {
		t->kind = TOK_WORD;
		lex_word(lx, t);
	} else if (c == '"') {
		t->kind = TOK_STRING;
		lex_string(lx, t);
	} else {
		lex_operator(lx, t);
	}
}

void lesson_lex_start(struct lesson_lexer *lx, const char *line)
{
	lx->line = line;
	lx->pos = 0;
	lesson_lex_next(lx);
}

bool lesson_lex_is_word(const struct lesson_lexer *lx, const char *w)
{
	return lx->tok.kind == TOK_WORD && strlen(w) == lx->tok.len &&
	       memcmp(lx->tok.text, w, lx->tok.len) == 0;
}

const char *lesson_lex_rest(const struct lesson_lexer *lx)
{
	return lx->tok.text;
}

static int hex_digit(char h)
{
	if (h >= '0' && h <= '9')
		return h - '0';
	if (h >= 'a' && h <= 'f')
		return h - 'a' + 10;
	return h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
}

/* The escape at s (after its backslash) into *c; how many characters it
 * took, or 0 for an unknown one. */
static size_t unescape(const char *s, char *c)
{
	int hi, lo;

	switch (s[0]) {
	case 'n': *c = '\n'; return 1;
	case 't': *c = '\t'; return 1;
	case 'r': *c = '\r'; return 1;
	case '\\': *c = '\\'; return 1;
	case '"': *c = '"'; return 1;
	case 'x':
		hi = hex_digit(s[1]);
		lo = hi < 0 ? -1 : hex_digit(s[2]);
		if (lo < 0)
			return 0;
		*c = (char)(hi << 4 | lo);
		return 3;
	default: return 0;
	}
}

int lesson_lex_string(const struct lesson_token *tok, char *out, size_t outlen,
		      size_t *len, const char **why)
{
	size_t i, n = 0, took;
	char c;

	for (i = 1; i + 1 < tok->len; i++) {
		c = tok->text[i];
		if (c == '\\') {
			took = unescape(tok->text + i + 1, &c);
			if (!took) {
				*why = "an unknown escape in a string (\\n \\t "
				       "\\r \\\\ \\\" \\xHH)";
				return -EINVAL;
			}
			i += took;
		}
		if (n + 1 >= outlen) {
			*why = "a string too long";
			return -ENOSPC;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	*len = n;
	return 0;
}
