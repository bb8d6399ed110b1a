/*
 * core/cells_parse.c - a .cell file read into a struct cells_config
 * (the format is in core/cells.h).
 *
 * One line at a time: the comment cut off, the words split at blanks, the
 * first word looked up in keys[] - the whole vocabulary, in one table a
 * student can read.  Each handler checks its own words (how many, what
 * values) and says what is wrong with the line's number; what only shows
 * across lines and cells (overlaps, double ownership) is the checker's
 * (core/cells_check.c).  Nothing is allocated: the config is a plain
 * struct the caller owns.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/cells.h"
#include "core/number.h"

#define WORDS_MAX 8      /* more words than any key takes */
#define LINE_MAX_LEN 512

struct parser {
	struct cells_config *cfg;
	unsigned line;
	char *err;
	size_t errlen;
};

/* "file:line: " + message into err; always -EINVAL. */
static int fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->err, p->errlen, "%s:%u: ", p->cfg->file, p->line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < p->errlen)
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static struct cell_config *current(struct parser *p)
{
	return p->cfg->ncells ? &p->cfg->cells[p->cfg->ncells - 1] : NULL;
}

/* A number as core/number.c reads it, or with a K, M or G suffix
 * (binary: 4K is 4096). */
static int parse_size(const char *text, uint64_t *out, char *why,
		      size_t len)
{
	char digits[32];
	size_t n = strlen(text);
	unsigned shift = 0;
	uint64_t v;
	int err;

	if (n > 0 && n < sizeof(digits) && strchr("KMG", text[n - 1])) {
		shift = text[n - 1] == 'K' ? 10 : text[n - 1] == 'M' ? 20 : 30;
		memcpy(digits, text, n - 1);
		digits[n - 1] = '\0';
		text = digits;
	}
	err = number_parse(text, 0, UINT64_MAX >> shift, &v, why, len);
	if (!err)
		*out = v << shift;
	return err;
}

static int want_words(struct parser *p, int n, int want, const char *usage)
{
	if (n != want)
		return fail(p, "%s", usage);
	return 0;
}

static int number_word(struct parser *p, const char *key, const char *text,
		       uint64_t max, uint64_t *out)
{
	char why[96];

	if (number_parse(text, 0, max, out, why, sizeof(why)))
		return fail(p, "%s '%s': %s", key, text, why);
	return 0;
}

static int size_word(struct parser *p, const char *key, const char *text,
		     uint64_t *out)
{
	char why[96];

	if (parse_size(text, out, why, sizeof(why)))
		return fail(p, "%s '%s': %s, or a number with K, M or G", key,
			    text, why);
	return 0;
}

/* A key that a cell may give once: the line of the first, or fail. */
static int once(struct parser *p, const char *key, unsigned *line)
{
	if (*line)
		return fail(p, "a second '%s' line in cell '%s' (the first "
			    "is line %u)", key, current(p)->name, *line);
	*line = p->line;
	return 0;
}

static bool name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= CELL_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(name[i] >= 'a' && name[i] <= 'z') &&
		    !(name[i] >= 'A' && name[i] <= 'Z') &&
		    !(name[i] >= '0' && name[i] <= '9') &&
		    name[i] != '-' && name[i] != '_')
			return false;
	return true;
}

static int key_cell(struct parser *p, char **w, int n)
{
	struct cells_config *cfg = p->cfg;
	struct cell_config *c;

	if (want_words(p, n, 2, "usage: cell NAME"))
		return -EINVAL;
	if (!name_ok(w[1]))
		return fail(p, "cell name '%s': letters, digits, - and _ only, "
			    "at most %d of them", w[1], CELL_NAME_MAX - 1);
	for (unsigned i = 0; i < cfg->ncells; i++)
		if (strcmp(cfg->cells[i].name, w[1]) == 0)
			return fail(p, "a second cell named '%s' (the first "
				    "is line %u)", w[1], cfg->cells[i].line);
	if (cfg->ncells == CELLS_MAX)
		return fail(p, "more than %d cells", CELLS_MAX);
	c = &cfg->cells[cfg->ncells++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", w[1]);
	snprintf(c->console, sizeof(c->console), "stdout");
	c->line = p->line;
	c->cpu = CELL_CPU_NONE;
	return 0;
}

static int text_word(struct parser *p, const char *key, const char *text,
		     char *out)
{
	if (strlen(text) >= CELL_TEXT_MAX)
		return fail(p, "%s: longer than %d characters", key,
			    CELL_TEXT_MAX - 1);
	snprintf(out, CELL_TEXT_MAX, "%s", text);
	return 0;
}

static int key_image(struct parser *p, char **w, int n)
{
	struct cell_config *c = current(p);

	if (want_words(p, n, 2, "usage: image GUEST-OR-FILE") ||
	    once(p, "image", &c->image_line))
		return -EINVAL;
	return text_word(p, "image", w[1], c->image);
}

static int key_console(struct parser *p, char **w, int n)
{
	struct cell_config *c = current(p);

	if (want_words(p, n, 2, "usage: console stdout|none|FILE") ||
	    once(p, "console", &c->console_line))
		return -EINVAL;
	return text_word(p, "console", w[1], c->console);
}

/* BASE SIZE into an inclusive range; a size of 0 owns nothing. */
static int base_size(struct parser *p, const char *key, char **w,
		     struct cell_range *r)
{
	uint64_t base = 0, size = 0;

	if (number_word(p, key, w[1], UINT64_MAX, &base) ||
	    size_word(p, key, w[2], &size))
		return -EINVAL;
	if (size == 0)
		return fail(p, "%s: a size of 0", key);
	if (base + (size - 1) < base)
		return fail(p, "%s: %s + %s is beyond the 64-bit address "
			    "space", key, w[1], w[2]);
	*r = (struct cell_range){ base, base + (size - 1), p->line };
	return 0;
}

static int key_ram(struct parser *p, char **w, int n)
{
	struct cell_config *c = current(p);
	unsigned first = c->ram.line;

	if (want_words(p, n, 3, "usage: ram BASE SIZE") ||
	    once(p, "ram", &first))
		return -EINVAL;
	return base_size(p, "ram", w, &c->ram);
}

static int key_mmio(struct parser *p, char **w, int n)
{
	struct cell_config *c = current(p);

	if (want_words(p, n, 3, "usage: mmio BASE SIZE"))
		return -EINVAL;
	if (c->nmmio == CELL_RANGES_MAX)
		return fail(p, "more than %d mmio lines", CELL_RANGES_MAX);
	return base_size(p, "mmio", w, &c->mmio[c->nmmio++]);
}

static int key_port(struct parser *p, char **w, int n)
{
	struct cell_config *c = current(p);
	char first[32], *dash;
	uint64_t lo, hi;

	if (want_words(p, n, 2, "usage: port PORT or port FIRST-LAST"))
		return -EINVAL;
	if (c->nports == CELL_RANGES_MAX)
		return fail(p, "more than %d port lines", CELL_RANGES_MAX);
	if ((size_t)snprintf(first, sizeof(first), "%s", w[1]) >= sizeof(first))
		return fail(p, "port %s: longer than any port number", w[1]);
	dash = strchr(first, '-');
	if (dash)
		*dash = '\0';
	if (number_word(p, "port", first, 0xffff, &lo) ||
	    number_word(p, "port", dash ? dash + 1 : first, 0xffff, &hi))
		return -EINVAL;
	if (hi < lo)
		return fail(p, "port %s: the range ends before it starts", w[1]);
	c->ports[c->nports++] = (struct cell_range){ lo, hi, p->line };
	return 0;
}

static int key_irq(struct parser *p, char **w, int n)
{
	struct cell_config *c = current(p);
	uint64_t irq;

	if (want_words(p, n, 2, "usage: irq N (0 to 15)") ||
	    number_word(p, "irq", w[1], 15, &irq))
		return -EINVAL;
	if (c->nirqs == CELL_RANGES_MAX)
		return fail(p, "more than %d irq lines", CELL_RANGES_MAX);
	c->irqs[c->nirqs++] = (struct cell_range){ irq, irq, p->line };
	return 0;
}

static int key_cpu(struct parser *p, char **w, int n)
{
	struct cell_config *c = current(p);
	uint64_t cpu;

	if (want_words(p, n, 2, "usage: cpu N|none") ||
	    once(p, "cpu", &c->cpu_line))
		return -EINVAL;
	if (strcmp(w[1], "none") == 0)
		return 0;
	if (number_word(p, "cpu", w[1], CELL_CPU_LIMIT - 1, &cpu))
		return -EINVAL;
	c->cpu = (int)cpu;
	return 0;
}

static int key_host_cpus(struct parser *p, char **w, int n)
{
	struct cells_config *cfg = p->cfg;
	uint64_t cpu;

	if (n < 2)
		return fail(p, "usage: host-cpus none|N...");
	if (n == 2 && strcmp(w[1], "none") == 0)
		return 0;
	for (int i = 1; i < n; i++) {
		if (number_word(p, "host-cpus", w[i], CELL_CPU_LIMIT - 1, &cpu))
			return -EINVAL;
		if (cfg->nhost_cpus == CELLS_HOST_CPUS_MAX)
			return fail(p, "more than %d host CPUs",
				    CELLS_HOST_CPUS_MAX);
		cfg->host_cpus[cfg->nhost_cpus++] =
			(struct cell_range){ cpu, cpu, p->line };
	}
	return 0;
}

/* The vocabulary: in_cell keys belong to the last `cell` line. */
static const struct key {
	const char *name;
	bool in_cell;
	int (*parse)(struct parser *p, char **words, int n);
} keys[] = {
	{ "host-cpus", false, key_host_cpus },
	{ "cell",      false, key_cell },
	{ "image",     true,  key_image },
	{ "ram",       true,  key_ram },
	{ "cpu",       true,  key_cpu },
	{ "port",      true,  key_port },
	{ "irq",       true,  key_irq },
	{ "mmio",      true,  key_mmio },
	{ "console",   true,  key_console },
};

/* The words of line (changed in place: NULs at the blanks); their
 * count, or -1 when there are more than WORDS_MAX. */
static int split(char *line, char **w)
{
	int n = 0;
	char *save, *tok;

	line[strcspn(line, "#")] = '\0';
	for (tok = strtok_r(line, " \t\r", &save); tok;
	     tok = strtok_r(NULL, " \t\r", &save)) {
		if (n == WORDS_MAX)
			return -1;
		w[n++] = tok;
	}
	return n;
}

static int parse_line(struct parser *p, char *line)
{
	char *w[WORDS_MAX];
	int n = split(line, w);

	if (n < 0)
		return fail(p, "more than %d words on one line", WORDS_MAX);
	if (n == 0)
		return 0;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(w[0], keys[i].name) != 0)
			continue;
		if (keys[i].in_cell && !current(p))
			return fail(p, "'%s' before any 'cell NAME' line",
				    w[0]);
		return keys[i].parse(p, w, n);
	}
	return fail(p, "unknown key '%s'", w[0]);
}

/* What every cell must have, said at its `cell` line. */
static int complete(struct parser *p)
{
	if (p->cfg->ncells == 0)
		return fail(p, "no 'cell NAME' line: nothing to run");
	for (unsigned i = 0; i < p->cfg->ncells; i++) {
		const struct cell_config *c = &p->cfg->cells[i];

		p->line = c->line;
		if (!c->image_line)
			return fail(p, "cell '%s' has no 'image' line",
				    c->name);
		if (!c->ram.line)
			return fail(p, "cell '%s' has no 'ram' line", c->name);
	}
	return 0;
}

int cells_parse(const char *file, const char *text, struct cells_config *cfg,
		char *err, size_t errlen)
{
	struct parser p = { cfg, 0, err, errlen };
	char line[LINE_MAX_LEN];

	memset(cfg, 0, sizeof(*cfg));
	if (strlen(file) >= sizeof(cfg->file)) {
		/* cut, its folder would be an ancestor's: refused */
		snprintf(err, errlen, "%s: a path of %zu bytes; a .cell "
			 "file's path has at most %zu", file, strlen(file),
			 sizeof(cfg->file) - 1);
		return -ENAMETOOLONG;
	}
	snprintf(cfg->file, sizeof(cfg->file), "%s", file);
	while (*text) {
		size_t len = strcspn(text, "\n");

		p.line++;
		if (len >= sizeof(line))
			return fail(&p, "a line longer than %d characters",
				    LINE_MAX_LEN - 1);
		memcpy(line, text, len);
		line[len] = '\0';
		text += len + (text[len] == '\n');
		if (parse_line(&p, line))
			return -EINVAL;
	}
	p.line = p.line ? p.line : 1;
	return complete(&p);
}

int cells_path(const struct cells_config *cfg, const char *written,
	       char *path, size_t len)
{
	const char *slash = strrchr(cfg->file, '/');
	int n;

	if (written[0] == '/')
		n = snprintf(path, len, "%s", written);
	else if (slash)
		n = snprintf(path, len, "%.*s/%s", (int)(slash - cfg->file),
			     cfg->file, written);
	else
		n = snprintf(path, len, "./%s", written);
	return n >= 0 && (size_t)n < len ? 0 : -ENAMETOOLONG;
}

bool cells_console_is_file(const struct cell_config *cell)
{
	return strcmp(cell->console, "stdout") != 0 &&
	       strcmp(cell->console, "none") != 0;
}
