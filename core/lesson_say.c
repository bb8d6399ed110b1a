/*
 * core/lesson_say.c - fields in a `say` line (see core/lesson_say.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/lesson_field.h"
#include "core/lesson_say.h"

/* The field named between text[0] == '{' and the next '}': NULL (with
 * *len 0 when there is no '}'). */
static const struct lesson_field *field_at(const char *text, size_t *len,
					   unsigned *reg)
{
	const char *close = strchr(text, '}');

	*len = close ? (size_t)(close - text) + 1 : 0;
	if (!close)
		return NULL;
	return lesson_field_find(text + 1, *len - 2, reg);
}

int lesson_say_check(const char *text, char *err, size_t errlen)
{
	char fields[LESSON_FIELD_LIST_MAX];
	const struct lesson_field *f;
	unsigned reg;
	size_t len;

	for (const char *s = text; *s; s++) {
		if (*s != '{' || s[1] == '{') {
			s += *s == '{';
			continue;
		}
		f = field_at(s, &len, &reg);
		if (!len) {
			snprintf(err, errlen, "a { with no }: {FIELD} shows a "
				 "field, {{ a brace");
			return -EINVAL;
		}
		if (!f) {
			snprintf(err, errlen, "'%.*s' names no field (%s)",
				 (int)len, s, lesson_field_list(FIELDS_IN_SAY,
				 fields, sizeof(fields)));
			return -EINVAL;
		}
		s += len - 1;
	}
	return 0;
}

/* The value of f at obs, as the student reads it. */
static void value_text(const struct lesson_field *f, unsigned reg,
		       const struct lesson_obs *obs, char *buf, size_t len)
{
	struct lesson_value v;
	char why[160];

	if (lesson_field_get(f, reg, NULL, obs, &v, why, sizeof(why)))
		snprintf(buf, len, "(%s)", why);
	else if (f->type == FIELD_TEXT)
		snprintf(buf, len, "%.*s", (int)v.len, v.text);
	else
		snprintf(buf, len, "%" PRIu64, v.number);
}

void lesson_say_format(const char *text, const struct lesson_obs *obs,
		       char *out, size_t outlen)
{
	const struct lesson_field *f;
	char value[200];
	size_t n = 0, len;
	unsigned reg;

	out[0] = '\0';
	for (const char *s = text; *s && n + 1 < outlen; s++) {
		f = *s == '{' && s[1] != '{' ? field_at(s, &len, &reg) : NULL;
		if (!f) {
			out[n++] = *s;
			s += *s == '{';
			out[n] = '\0';
			continue;
		}
		value_text(f, reg, obs, value, sizeof(value));
		n += (size_t)snprintf(out + n, outlen - n, "%s", value);
		if (n >= outlen)
			n = outlen - 1;
		s += len - 1;
	}
}
