/*
 * tests/fuzz/fuzz_lesson.c - fuzz target: the lesson parser
 * (core/lesson_parse.c with its lexer and condition parser).
 *
 * A lesson file is text a teacher or a student wrote, so any bytes at all:
 * the input is the file (NUL-terminated here, as lesson_load() hands it
 * over; a NUL inside ends it early, as it would there).  lesson_parse()
 * must accept it or refuse it with "file:line: why", and an accepted
 * lesson must count its points and free cleanly (and a refused one,
 * left empty, free as well).  No vocabulary: every
 * capability and boot word is taken, so the parser goes on past them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/lesson.h"
#include "tests/fuzz/support/fuzz_input.h"

#define FUZZ_LESSON_FILE "fuzz.lesson"

static const char prefix[] = FUZZ_LESSON_FILE ":";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct lesson_vocab vocab = { NULL, NULL };
	char *text = fuzz_text(data, size);
	struct lesson lesson;
	char err[256] = "";
	int rc;

	if (!text)
		return 0;
	rc = lesson_parse(FUZZ_LESSON_FILE, text, &vocab, &lesson, err,
			  sizeof(err));
	if (rc == 0)
		lesson_total_points(&lesson);
	else if (rc == -EINVAL && strncmp(err, prefix, sizeof(prefix) - 1))
		abort();    /* a refusal names the file and the line */
	lesson_free(&lesson);   /* empty after a refusal: freeing it is safe */
	free(text);
	return 0;
}
