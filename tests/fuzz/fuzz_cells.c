/*
 * tests/fuzz/fuzz_cells.c - fuzz target: the cells configuration's parser
 * (core/cells_parse.c) and checker (core/cells_check.c).
 *
 * A .cell file is text a person wrote, so any bytes at all: the input is
 * the file (NUL-terminated here, as cli/cells_load.c hands it over; a NUL
 * inside ends it early, as it never reaches the parser there).  Every
 * configuration the parser accepts goes to the checker.  Both must accept
 * it or refuse it with "file:line: why", the line one of the file's;
 * an accepted one must hold what the parser promises (a name, an image
 * and RAM per cell, counts within their arrays, ranges that do not run
 * backwards).
 *
 * Images are the built-in guests (core/guests.c), as the checker gets
 * them from the command line's loader; any other name is refused by the
 * stand-in (tests/unit/support/builtin_images.c, the unit test's), which
 * reads no file: the checker must pass that refusal on with the line of
 * the image.
 */
#include <stdlib.h>
#include <string.h>

#include "core/cells.h"
#include "tests/fuzz/support/fuzz_input.h"
#include "tests/unit/support/builtin_images.h"

#define FUZZ_CELLS_FILE "fuzz.cell"

/* "fuzz.cell:N: why" with 1 <= N <= lines and some why. */
static void check_refusal(const char *err, unsigned lines)
{
	static const char prefix[] = FUZZ_CELLS_FILE ":";
	char *end;
	unsigned long line;

	if (strncmp(err, prefix, sizeof(prefix) - 1))
		abort();
	line = strtoul(err + sizeof(prefix) - 1, &end, 10);
	if (line < 1 || line > lines || end[0] != ':' || end[1] != ' ' ||
	    !end[2])
		abort();
}

static void check_range(const struct cell_range *r, unsigned lines)
{
	if (r->first > r->last || r->line < 1 || r->line > lines)
		abort();
}

static void check_cell(const struct cell_config *c, unsigned lines)
{
	if (!c->name[0] || !c->image_line || !c->ram.line ||
	    c->nports > CELL_RANGES_MAX || c->nmmio > CELL_RANGES_MAX ||
	    c->nirqs > CELL_RANGES_MAX ||
	    (c->cpu != CELL_CPU_NONE && (c->cpu < 0 ||
					 c->cpu >= CELL_CPU_LIMIT)))
		abort();
	check_range(&c->ram, lines);
	for (unsigned i = 0; i < c->nports; i++)
		if (c->ports[i].last > 0xffff)
			abort();
	for (unsigned i = 0; i < c->nirqs; i++)
		if (c->irqs[i].first != c->irqs[i].last || c->irqs[i].last > 15)
			abort();
	for (unsigned i = 0; i < c->nports; i++)
		check_range(&c->ports[i], lines);
	for (unsigned i = 0; i < c->nmmio; i++)
		check_range(&c->mmio[i], lines);
}

/* Lines as the parser counts them: each '\n' ends one, and a last one
 * without it counts too (an empty file is one line). */
static unsigned count_lines(const char *text)
{
	unsigned n = 1;

	for (; *text; text++)
		if (*text == '\n' && text[1])
			n++;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cells_config cfg;
	char *text = fuzz_text(data, size);
	char err[512] = "";
	unsigned lines;

	if (!text)
		return 0;
	lines = count_lines(text);
	if (cells_parse(FUZZ_CELLS_FILE, text, &cfg, err, sizeof(err)) == 0) {
		if (cfg.ncells < 1 || cfg.ncells > CELLS_MAX ||
		    cfg.nhost_cpus > CELLS_HOST_CPUS_MAX)
			abort();
		for (unsigned i = 0; i < cfg.ncells; i++)
			check_cell(&cfg.cells[i], lines);
		if (cells_check(&cfg, &builtin_cell_images, err, sizeof(err)) == 0)
			err[0] = '\0';
	}
	if (err[0])
		check_refusal(err, lines);
	free(text);
	return 0;
}
