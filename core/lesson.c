/*
 * core/lesson.c - a lesson's life outside the parser: reading its file,
 * freeing it, adding up its points (see core/lesson.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lesson.h"
#include "core/user_file.h"

int lesson_load(const char *path, const struct lesson_vocab *vocab,
		struct lesson *out, char *err, size_t errlen)
{
	char *text = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	/* a FIFO is refused at once (core/user_file.h) */
	ret = user_file_read_text(path, LESSON_FILE_MAX, "a lesson", &text,
				  err, errlen);
	if (ret)
		return ret;
	ret = lesson_parse(path, text, vocab, out, err, errlen);
	free(text);
	return ret;
}

static void free_question(struct lesson_question *q)
{
	unsigned i;

	if (!q)
		return;
	for (i = 0; i < q->nchoices; i++) {
		free(q->choices[i].id);
		free(q->choices[i].text);
	}
	free(q->text);
	free(q->explain);
	free(q);
}

static void free_words(char **words, size_t count);

static void free_step(struct lesson_step *s)
{
	size_t i;

	for (i = 0; i < s->nactions; i++) {
		free(s->actions[i].text);
		lesson_event_clear(&s->actions[i].event);
		lesson_cond_free(s->actions[i].cond);
		free_question(s->actions[i].ask);
	}
	for (i = 0; i < s->nhints; i++)
		free(s->hints[i]);
	free(s->actions);
	free(s->hints);
	free_words(s->caps, s->ncaps);
	free_words(s->boot, s->nboot);
	free(s->id);
}

static void free_words(char **words, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(words[i]);
	free(words);
}

void lesson_free(struct lesson *lesson)
{
	size_t i;

	for (i = 0; i < lesson->nsteps; i++)
		free_step(&lesson->steps[i]);
	free(lesson->steps);
	free_words(lesson->caps, lesson->ncaps);
	free_words(lesson->boot, lesson->nboot);
	free(lesson->file);
	free(lesson->id);
	free(lesson->title);
	memset(lesson, 0, sizeof(*lesson));
}

unsigned lesson_total_points(const struct lesson *lesson)
{
	unsigned total = 0;
	size_t i;

	for (i = 0; i < lesson->nsteps; i++)
		total += lesson->steps[i].points;
	return total;
}
