/*
 * cli/builtin_lessons.c - the table of built-in lessons (see
 * cli/builtin_lessons.h).  To add a lesson: write lessons/NAME.lesson, add
 * a LESSON line to scripts/lesson_blobs.S and a row here, where its place
 * in the table is its place in the reading order.
 */
#include <string.h>

#include "cli/builtin_lessons.h"

extern const char lesson_printf[];
extern const char lesson_exits[];
extern const char lesson_your_kvm[];
extern const char lesson_keyboard[];
extern const char lesson_console_modes[];
extern const char lesson_hostile[];
extern const char lesson_nesting[];
extern const char lesson_partitioning[];
extern const char lesson_zero_copy[];

const struct builtin_lesson builtin_lessons[] = {
	{ "printf", lesson_printf },
	{ "exits", lesson_exits },
	{ "your-kvm", lesson_your_kvm },
	{ "keyboard", lesson_keyboard },
	{ "console-modes", lesson_console_modes },
	{ "hostile", lesson_hostile },
	{ "nesting", lesson_nesting },
	{ "partitioning", lesson_partitioning },
	{ "zero-copy", lesson_zero_copy },
	{ NULL, NULL },
};

const struct builtin_lesson *builtin_lesson_find(const char *name)
{
	for (const struct builtin_lesson *l = builtin_lessons; l->name; l++)
		if (strcmp(l->name, name) == 0)
			return l;
	return NULL;
}
