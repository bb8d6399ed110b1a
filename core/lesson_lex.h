/*
 * core/lesson_lex.h - the tokens of one lesson line.
 *
 * A lesson file is read a line at a time (core/lesson_parse.c).  The words
 * after a keyword that take conditions, events and bounds are split into
 * tokens here:
 *
 *   word     io.port  io-out  reg.rax  IO  where  and      (letters, digits, . _ -)
 *   number   42  0x3f8                                    (decimal or 0x hex)
 *   string   "Hello\n"                         (C escapes \n \t \r \\ \" \xHH)
 *   operator ==  !=  <  <=  >  >=  ~   (  )
 *
 * The lexer never allocates: a token points into the line it came from,
 * and a string token's escapes are decoded by lesson_lex_string().
 */
#ifndef CORE_LESSON_LEX_H
#define CORE_LESSON_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum lesson_token_kind {
	TOK_END,      /* nothing left on the line */
	TOK_WORD,
	TOK_NUMBER,
	TOK_STRING,   /* text holds the quotes; see lesson_lex_string() */
	TOK_OP,       /* == != < <= > >= ~ */
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_BAD,      /* why says what is wrong */
};

struct lesson_token {
	enum lesson_token_kind kind;
	const char *text;     /* where it starts in the line */
	size_t len;
	uint64_t number;      /* TOK_NUMBER */
	const char *why;      /* TOK_BAD */
};

struct lesson_lexer {
	const char *line;
	size_t pos;
	struct lesson_token tok;   /* the current token */
};

/* Start at line (a NUL-terminated line without its newline) and read the
 * first token. */
void lesson_lex_start(struct lesson_lexer *lx, const char *line);
/* Move to the next token. */
void lesson_lex_next(struct lesson_lexer *lx);
/* True when the current token is the word w. */
bool lesson_lex_is_word(const struct lesson_lexer *lx, const char *w);
/* The rest of the line from the current token on (for free text). */
const char *lesson_lex_rest(const struct lesson_lexer *lx);
/*
 * A TOK_STRING's contents with its escapes decoded, into out, NUL-terminated,
 * and its length in *len (\x00 puts a NUL byte inside: *len counts it).
 * 0, or -EINVAL with why set (an unknown escape) or -ENOSPC.
 */
int lesson_lex_string(const struct lesson_token *tok, char *out, size_t outlen,
		      size_t *len, const char **why);

#endif /* CORE_LESSON_LEX_H */
