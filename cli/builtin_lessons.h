/*
 * cli/builtin_lessons.h - the lessons built into vmscope, in reading order.
 *
 * Their files live in lessons/; scripts/lesson_blobs.S links them into the
 * binary, so `vmscope lesson printf` works from any folder.
 */
#ifndef CLI_BUILTIN_LESSONS_H
#define CLI_BUILTIN_LESSONS_H

struct builtin_lesson {
	const char *name;        /* "printf": the file is lessons/printf.lesson */
	const char *text;        /* the file's text, NUL-terminated */
};

/* The table, in reading order, ended by an entry with name NULL. */
extern const struct builtin_lesson builtin_lessons[];

const struct builtin_lesson *builtin_lesson_find(const char *name);

#endif /* CLI_BUILTIN_LESSONS_H */
