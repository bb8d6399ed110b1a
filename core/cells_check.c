/*
 * core/cells_check.c - the checker of a cells configuration: what can only
 * be seen across lines and cells, refused before anything runs, as
 * Jailhouse's `jailhouse config check` refuses a configuration whose
 * cells would share what must be one cell's alone.
 *
 * Every line that hands out a piece of the machine becomes a claim (a
 * kind, a range, the cell, the line); the claims are sorted by line and
 * each is compared with the ones before it, so the first problem in the
 * file is the one reported, with the line of the claim it collides with:
 *
 *   ram, mmio    each window its own piece of the machine's memory
 *                (RAM page-aligned; an MMIO window too)
 *   port, irq    owned by one cell only
 *   cpu          given to one cell only, never to a housekeeping CPU
 *   image        loadable into its own cell's RAM (core/elf.c's checks)
 *   console      a FILE one cell's alone, and neither the configuration
 *                nor an image (opening it truncates it): compared as
 *                files, by device and inode (core/user_file.c)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/cells.h"
#include "core/elf.h"
#include "core/memory.h"
#include "core/user_file.h"

enum claim_kind { CLAIM_RAM, CLAIM_MMIO, CLAIM_PORT, CLAIM_IRQ, CLAIM_CPU,
		  CLAIM_HOST_CPU, CLAIM_IMAGE, CLAIM_CONSOLE };

static const char *const kind_names[] = {
	[CLAIM_RAM] = "ram", [CLAIM_MMIO] = "mmio", [CLAIM_PORT] = "port",
	[CLAIM_IRQ] = "irq", [CLAIM_CPU] = "cpu",
	[CLAIM_HOST_CPU] = "host-cpus", [CLAIM_IMAGE] = "image",
	[CLAIM_CONSOLE] = "console",
};

struct claim {
	enum claim_kind kind;
	struct cell_range r;
	const struct cell_config *cell;   /* NULL: the host's */
	size_t seq;                       /* order of collection */
};

/* Every line a cell or the host can have, at most. */
#define CLAIMS_MAX (CELLS_MAX * (4 + 3 * CELL_RANGES_MAX) + \
		    CELLS_HOST_CPUS_MAX)

struct checker {
	const struct cells_config *cfg;
	struct claim claims[CLAIMS_MAX];
	size_t n;
	char *err;
	size_t errlen;
};

static int fail(struct checker *k, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct checker *k, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(k->err, k->errlen, "%s:%u: ", k->cfg->file, line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < k->errlen)
		vsnprintf(k->err + n, k->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void add(struct checker *k, enum claim_kind kind,
		const struct cell_range *r, const struct cell_config *cell)
{
	k->claims[k->n] = (struct claim){ kind, *r, cell, k->n };
	k->n++;
}

static void add_ranges(struct checker *k, enum claim_kind kind,
		       const struct cell_range *r, unsigned n,
		       const struct cell_config *cell)
{
	for (unsigned i = 0; i < n; i++)
		add(k, kind, &r[i], cell);
}

static void collect(struct checker *k)
{
	const struct cells_config *cfg = k->cfg;

	add_ranges(k, CLAIM_HOST_CPU, cfg->host_cpus, cfg->nhost_cpus, NULL);
	for (unsigned i = 0; i < cfg->ncells; i++) {
		const struct cell_config *c = &cfg->cells[i];
		struct cell_range image = { 0, 0, c->image_line };
		struct cell_range cpu = { (uint64_t)c->cpu, (uint64_t)c->cpu,
					  c->cpu_line };
		struct cell_range console = { 0, 0, c->console_line };

		add(k, CLAIM_IMAGE, &image, c);
		if (cells_console_is_file(c))
			add(k, CLAIM_CONSOLE, &console, c);
		add(k, CLAIM_RAM, &c->ram, c);
		if (c->cpu != CELL_CPU_NONE)
			add(k, CLAIM_CPU, &cpu, c);
		add_ranges(k, CLAIM_MMIO, c->mmio, c->nmmio, c);
		add_ranges(k, CLAIM_PORT, c->ports, c->nports, c);
		add_ranges(k, CLAIM_IRQ, c->irqs, c->nirqs, c);
	}
}

static int by_line(const void *a, const void *b)
{
	const struct claim *x = a, *y = b;

	if (x->r.line != y->r.line)
		return x->r.line < y->r.line ? -1 : 1;
	/* several on one line (host-cpus 0 1): keep their order */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool is_memory(enum claim_kind kind)
{
	return kind == CLAIM_RAM || kind == CLAIM_MMIO;
}

static bool is_cpu(enum claim_kind kind)
{
	return kind == CLAIM_CPU || kind == CLAIM_HOST_CPU;
}

/* Could a and b collide at all: the same resource, by kind?  (A CPU
 * the host keeps, named twice, takes nothing from a cell.) */
static bool same_resource(enum claim_kind a, enum claim_kind b)
{
	if (a == CLAIM_HOST_CPU && b == CLAIM_HOST_CPU)
		return false;
	return (is_memory(a) && is_memory(b)) || (is_cpu(a) && is_cpu(b)) ||
	       (a == b && (a == CLAIM_PORT || a == CLAIM_IRQ));
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* Said of claim c, which collides with the earlier claim e. */
static int collision(struct checker *k, const struct claim *c,
		     const struct claim *e)
{
	uint64_t at = max_u64(c->r.first, e->r.first);
	const char *what = kind_names[c->kind];

	if (is_memory(c->kind))
		return fail(k, c->r.line, "%s 0x%" PRIx64 "-0x%" PRIx64
			    " overlaps the %s of cell '%s' (line %u)", what,
			    c->r.first, c->r.last, kind_names[e->kind],
			    e->cell->name, e->r.line);
	if (e->kind == CLAIM_HOST_CPU)
		return fail(k, c->r.line, "cpu %" PRIu64 " is one of the "
			    "host's housekeeping CPUs (line %u)", at,
			    e->r.line);
	if (c->kind == CLAIM_HOST_CPU)
		return fail(k, c->r.line, "host-cpus %" PRIu64 ": that CPU is "
			    "given to cell '%s' (line %u)", at,
			    e->cell->name, e->r.line);
	if (c->kind == CLAIM_CPU)
		return fail(k, c->r.line, "cpu %" PRIu64 " is already given "
			    "to cell '%s' (line %u)", at, e->cell->name,
			    e->r.line);
	return fail(k, c->r.line, "%s 0x%" PRIx64 " is already owned by cell "
		    "'%s' (line %u)", what, at, e->cell->name, e->r.line);
}

static int check_aligned(struct checker *k, const struct claim *c)
{
	const char *what = kind_names[c->kind];
	uint64_t size = c->r.last - c->r.first + 1;

	if (c->r.first % CELL_PAGE_SIZE)
		return fail(k, c->r.line, "%s base 0x%" PRIx64 " is not a "
			    "multiple of the page size (%u bytes)", what,
			    c->r.first, CELL_PAGE_SIZE);
	if (size % CELL_PAGE_SIZE)
		return fail(k, c->r.line, "%s size 0x%" PRIx64 " is not a "
			    "multiple of the page size (%u bytes)", what, size,
			    CELL_PAGE_SIZE);
	if (c->kind == CLAIM_RAM &&
	    (size < GUEST_MEM_MIN || size > GUEST_MEM_MAX))
		return fail(k, c->r.line, "ram size 0x%" PRIx64 ": a cell's "
			    "RAM is %llu MiB to %llu MiB", size,
			    GUEST_MEM_MIN >> 20, GUEST_MEM_MAX >> 20);
	return 0;
}

static int check_image(struct checker *k, const struct claim *c,
		       const struct cells_images *images)
{
	const struct cell_config *cell = c->cell;
	uint64_t ram = cell->ram.last - cell->ram.first + 1;
	const uint8_t *bytes;
	size_t len;
	char why[200];
	int err;

	err = images->open(images->ctx, cell, &bytes, &len, why,
			   sizeof(why));
	if (err)
		return fail(k, c->r.line, "image '%s': %s", cell->image, why);
	err = elf_check(bytes, len, ram, why, sizeof(why));
	images->close(images->ctx);
	if (err)
		return fail(k, c->r.line, "image '%s' does not fit cell '%s' "
			    "(%" PRIu64 " KiB of RAM): %s", cell->image,
			    cell->name, ram >> 10, why);
	return 0;
}

/* A device such as /dev/null or a terminal: opening it truncates
 * nothing, so cells may share it. */
static bool shared_device(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

/* A console file is the cell's alone: opening it truncates it, so it may
 * be neither the configuration, nor any cell's image, nor a console an
 * earlier line gave another cell. */
static int check_console(struct checker *k, size_t i,
			 const struct cells_images *images)
{
	const struct claim *c = &k->claims[i];
	const char *console = c->cell->console;
	char file[2 * CELL_TEXT_MAX], path[2 * CELL_TEXT_MAX];

	if (cells_path(k->cfg, console, file, sizeof(file)))
		return fail(k, c->r.line, "console %s: %s", console,
			    strerror(ENAMETOOLONG));
	if (shared_device(file))
		return 0;
	if (user_file_same(file, k->cfg->file))
		return fail(k, c->r.line, "console %s is this configuration "
			    "file", console);
	for (unsigned n = 0; n < k->cfg->ncells; n++) {
		const struct cell_config *d = &k->cfg->cells[n];

		if (images->path(images->ctx, d, path, sizeof(path)) &&
		    user_file_same(file, path))
			return fail(k, c->r.line, "console %s is the image of "
				    "cell '%s' (line %u)", console, d->name,
				    d->image_line);
	}
	for (size_t j = 0; j < i; j++) {
		const struct claim *e = &k->claims[j];

		if (e->kind != CLAIM_CONSOLE)
			continue;
		if (!cells_path(k->cfg, e->cell->console, path, sizeof(path)) &&
		    user_file_same(file, path))
			return fail(k, c->r.line, "console %s is already the "
				    "console of cell '%s' (line %u)", console,
				    e->cell->name, e->r.line);
	}
	return 0;
}

/* c against itself, then against every claim before it. */
static int check_claim(struct checker *k, size_t i,
		       const struct cells_images *images)
{
	const struct claim *c = &k->claims[i];

	if (is_memory(c->kind) && check_aligned(k, c))
		return -EINVAL;
	if (c->kind == CLAIM_IMAGE)
		return check_image(k, c, images);
	if (c->kind == CLAIM_CONSOLE)
		return check_console(k, i, images);
	for (size_t j = 0; j < i; j++) {
		const struct claim *e = &k->claims[j];

		if (same_resource(c->kind, e->kind) &&
		    c->r.first <= e->r.last && e->r.first <= c->r.last)
			return collision(k, c, e);
	}
	return 0;
}

int cells_check(const struct cells_config *cfg,
		const struct cells_images *images, char *err, size_t errlen)
{
	struct checker *k = calloc(1, sizeof(*k));
	int ret = 0;

	if (!k) {
		snprintf(err, errlen, "%s: out of memory", cfg->file);
		return -ENOMEM;
	}
	*k = (struct checker){ .cfg = cfg, .err = err, .errlen = errlen };
	collect(k);
	qsort(k->claims, k->n, sizeof(k->claims[0]), by_line);
	for (size_t i = 0; i < k->n && !ret; i++)
		ret = check_claim(k, i, images);
	free(k);
	return ret;
}
