/*
 * core/regex_size.c - how big a POSIX extended regex grows when compiled.
 *
 * glibc's regcomp() copies a repeated piece once per repetition it must
 * count (a{3} becomes aaa), and repeats of repeats multiply: a 'y'
 * followed by 30 '+' signs, or ((a{200}){200}){200}, takes minutes and
 * gigabytes to compile.  A lesson's regex is a teacher's (or a fuzzer's)
 * text, so the lesson parser estimates the compiled size with this walk
 * first and refuses a regex that is too big, with a message, before
 * regcomp() ever sees it.
 *
 * The estimate: an atom (a character, an escaped character, a bracket
 * expression) weighs 1; a group weighs what it holds; alternatives add;
 * a duplication multiplies the piece before it by its count - {m,n} and
 * {,n} by n, {m,} by m + 1, {m} by m, '?' by 2, and '*' and '+' by 4
 * (glibc's epsilon closures grow about threefold with each nested '+':
 * ten groups deep, 0.4 s; thirteen, minutes).  A duplication symbol right
 * after another ("a+?", "a?++") is undefined in POSIX regexes and costs
 * glibc most of all: it makes the estimate too big at once.  Sums and
 * products saturate just above REGEX_SIZE_MAX, so nothing overflows.  The
 * walk does not check the syntax: regcomp() does that afterwards.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/regex_size.h"

#define TOO_BIG (REGEX_SIZE_MAX + 1)
#define GROUPS_MAX 64   /* deeper nesting is refused as too big */

struct group {
	uint64_t total;   /* the weight of what the group holds so far */
	uint64_t last;    /* the weight of its last piece (0: none) */
};

static uint64_t add(uint64_t a, uint64_t b)
{
	return a + b > TOO_BIG ? TOO_BIG : a + b;
}

static uint64_t mul(uint64_t a, uint64_t b)
{
	return b && a > TOO_BIG / b ? TOO_BIG : a * b;
}

/* The end of a bracket expression starting at p ('['): a ']' right after
 * '[' or "[^" is a member, and so are the ']' of [:alpha:]-style names. */
static const char *bracket_end(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	for (; *p && *p != ']'; p++)
		if (p[0] == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
			char kind = p[1];

			for (p += 2; *p && !(p[0] == kind && p[1] == ']'); p++)
				;
			if (!*p)
				return p - 1;
			p++;
		}
	return *p ? p : p - 1;
}

/* A {m}, {m,}, {m,n} or {,n} (glibc's {0,n}) at p: its count, and p
 * moved past it; 0 (and p left alone) when the brace starts no interval. */
static uint64_t interval(const char **p)
{
	const char *q = *p + 1;
	uint64_t m = 0, n = 0;
	bool comma = false, digits_n = false;

	if (!isdigit((unsigned char)*q) && *q != ',')
		return 0;
	for (; isdigit((unsigned char)*q); q++)
		m = add(mul(m, 10), (uint64_t)(*q - '0'));
	if (*q == ',') {
		comma = true;
		for (q++; isdigit((unsigned char)*q); q++, digits_n = true)
			n = add(mul(n, 10), (uint64_t)(*q - '0'));
	}
	if (*q != '}')
		return 0;
	*p = q;
	if (!comma)
		return m ? m : 1;
	return digits_n ? (n ? n : 1) : add(m, 1);
}

/* Multiply the last piece of g by factor. */
static void repeat(struct group *g, uint64_t factor)
{
	uint64_t grown = mul(g->last, factor);

	g->total = add(g->total - g->last, grown);
	g->last = grown;
}

/* An atom, or a finished group, of weight w joins g. */
static void piece(struct group *g, uint64_t w)
{
	g->total = add(g->total, w);
	g->last = w;
}

uint64_t regex_size(const char *re)
{
	struct group stack[GROUPS_MAX] = { { 0, 0 } };
	unsigned depth = 0;
	uint64_t count;
	bool repeated = false;   /* the last thing read was a duplication */

	for (const char *p = re; *p; p++) {
		struct group *g = &stack[depth];
		bool was_repeated = repeated;

		repeated = false;
		switch (*p) {
		case '(':
			if (++depth == GROUPS_MAX)
				return TOO_BIG;
			stack[depth] = (struct group){ 0, 0 };
			break;
		case ')':
			if (depth == 0) {
				piece(g, 1);
				break;
			}
			depth--;
			piece(&stack[depth], g->total ? g->total : 1);
			break;
		case '|':
			g->last = 0;
			break;
		case '*': case '+': case '?':
			if (was_repeated)
				return TOO_BIG;
			repeat(g, *p == '?' ? 2 : 4);
			repeated = true;
			break;
		case '{':
			count = interval(&p);
			if (count && was_repeated)
				return TOO_BIG;
			if (count)
				repeat(g, count);
			else
				piece(g, 1);
			repeated = count != 0;
			break;
		case '[':
			p = bracket_end(p);
			piece(g, 1);
			break;
		case '\\':
			if (p[1])
				p++;
			piece(g, 1);
			break;
		default:
			piece(g, 1);
		}
	}
	while (depth > 0) {   /* an unclosed group: regcomp() refuses it */
		depth--;
		piece(&stack[depth], stack[depth + 1].total);
	}
	return stack[0].total;
}
