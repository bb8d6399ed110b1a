/*
 * cli/lesson_progress.c - a student's passed steps, on disk (see
 * cli/lesson_progress.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/lesson_progress.h"
#include "core/whole_file.h"

/* $XDG_STATE_HOME/vmscope, or ~/.local/state/vmscope. */
static int state_dir(char *dir, size_t len)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(dir, len, "%s/vmscope", xdg);
	else if (home && home[0] == '/')
		n = snprintf(dir, len, "%s/.local/state/vmscope", home);
	else
		return -ENOENT;
	return n > 0 && (size_t)n < len ? 0 : -ENAMETOOLONG;
}

/* mkdir -p for the state folder. */
static int make_dirs(char *dir)
{
	for (char *s = dir + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST) {
			*s = '/';
			return -errno;
		}
		*s = '/';
	}
	return mkdir(dir, 0755) && errno != EEXIST ? -errno : 0;
}

static int add_line(struct lesson_progress *p, const char *line)
{
	char **bigger = realloc(p->lines, (p->count + 1) * sizeof(*bigger));

	if (!bigger)
		return -ENOMEM;
	p->lines = bigger;
	p->lines[p->count] = strdup(line);
	if (!p->lines[p->count])
		return -ENOMEM;
	p->count++;
	return 0;
}

int lesson_progress_load(struct lesson_progress *p, char *err, size_t errlen)
{
	char dir[480], line[256];
	FILE *f;
	int ret = 0;

	memset(p, 0, sizeof(*p));
	if (state_dir(dir, sizeof(dir)))
		return 0;      /* nowhere to keep it: no progress, not an error */
	snprintf(p->path, sizeof(p->path), "%s/progress", dir);
	f = fopen(p->path, "r");
	if (!f)
		return 0;
	while (!ret && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strchr(line, ' '))
			ret = add_line(p, line);
	}
	if (ret)
		snprintf(err, errlen, "%s: out of memory", p->path);
	fclose(f);
	return ret;
}

void lesson_progress_free(struct lesson_progress *p)
{
	for (size_t i = 0; i < p->count; i++)
		free(p->lines[i]);
	free(p->lines);
	p->lines = NULL;
	p->count = 0;
}

bool lesson_progress_passed(const struct lesson_progress *p,
			    const char *lesson, const char *step)
{
	char line[256];

	snprintf(line, sizeof(line), "%s %s", lesson, step);
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->lines[i], line) == 0)
			return true;
	return false;
}

size_t lesson_progress_count(const struct lesson_progress *p,
			     const struct lesson *lesson)
{
	size_t n = 0;

	for (size_t i = 0; i < lesson->nsteps; i++)
		n += lesson_progress_passed(p, lesson->id, lesson->steps[i].id);
	return n;
}

/* Every line to the file, whole or not at all (core/whole_file.h). */
static int save(const struct lesson_progress *p)
{
	struct whole_file out;
	int ret = whole_file_open(&out, p->path);

	if (ret)
		return ret;
	errno = 0;
	for (size_t i = 0; i < p->count; i++)
		fprintf(out.f, "%s\n", p->lines[i]);
	return whole_file_commit(&out);
}

int lesson_progress_mark(struct lesson_progress *p, const char *lesson,
			 const char *step, char *err, size_t errlen)
{
	char dir[480], line[256];
	int ret;

	if (lesson_progress_passed(p, lesson, step))
		return 0;
	if (!p->path[0] || state_dir(dir, sizeof(dir))) {
		snprintf(err, errlen, "no place to keep progress: set HOME or "
			 "XDG_STATE_HOME");
		return -ENOENT;
	}
	snprintf(line, sizeof(line), "%s %s", lesson, step);
	ret = add_line(p, line);
	if (!ret)
		ret = make_dirs(dir);
	if (!ret)
		ret = save(p);
	if (ret)
		snprintf(err, errlen, "%s: %s", p->path, strerror(-ret));
	return ret;
}
