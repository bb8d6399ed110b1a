/*
 * core/cells.h - static partitioning: several guests ("cells") side by
 * side in one vmscope, described by a configuration file that is checked
 * before anything runs, in the manner of Jailhouse's cell configurations.
 *
 * A .cell file is read a line at a time; '#' starts a comment.
 *
 *   host-cpus 0               the host's housekeeping CPUs (no cell may
 *                             have them); optional, "none" or numbers
 *   cell rt                   a new cell, named (letters, digits, - _)
 *     image rt                a built-in guest or an ELF file (a path
 *                             relative to the .cell file's folder)
 *     ram 0x0 16M             where the cell's RAM lies in the machine's
 *                             memory, and its size (K, M, G or bytes)
 *     cpu 1                   the host CPU its vCPU thread is pinned to,
 *                             or "none" (the default: the scheduler picks)
 *     port 0x3f8-0x3ff        a port or range the cell owns (repeatable)
 *     irq 4                   an interrupt line it owns (repeatable)
 *     mmio 0xd0000000 4K      an MMIO window it owns: base and size
 *     console stdout          stdout (each line labelled "[rt] "), none,
 *                             or a FILE the bytes go to (relative to
 *                             the .cell file's folder, as an image is)
 *
 * Every cell is a whole emulated PC in vmscope (its own RAM, bus, devices
 * and vCPU thread), so two cells touching port 0x3f8 reach two UARTs.  The
 * ownership lines describe the machine as a partitioning hypervisor with
 * pass-through hands it out, and the checker refuses a piece given twice:
 * what a cell is given is then its own by construction (docs/PARTITIONING.md).
 *
 * cells_parse() reads the text (syntax, values, unknown keys);
 * cells_check() looks across the cells (overlaps, double ownership, page
 * alignment, images that do not fit).  Both say "file:line: what is wrong".
 */
#ifndef CORE_CELLS_H
#define CORE_CELLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CELLS_MAX        8     /* cells in one file */
#define CELL_NAME_MAX    24    /* with its NUL */
#define CELL_TEXT_MAX    256   /* an image or console path, with its NUL */
#define CELL_RANGES_MAX  16    /* port, mmio and irq lines per cell */
#define CELLS_HOST_CPUS_MAX 16
#define CELL_CPU_NONE    (-1)
#define CELL_CPU_LIMIT   1024  /* CPU numbers below it (CPU_SETSIZE) */
#define CELL_PAGE_SIZE   4096u

/* One owned piece (inclusive bounds) and the line that gave it. */
struct cell_range {
	uint64_t first, last;
	unsigned line;
};

struct cell_config {
	char name[CELL_NAME_MAX];
	unsigned line;                     /* the `cell NAME` line */
	char image[CELL_TEXT_MAX];
	unsigned image_line;               /* 0: no image line */
	struct cell_range ram;             /* .line 0: no ram line */
	int cpu;                           /* CELL_CPU_NONE or a CPU */
	unsigned cpu_line;
	char console[CELL_TEXT_MAX];       /* "stdout", "none" or a FILE */
	unsigned console_line;
	struct cell_range ports[CELL_RANGES_MAX];
	unsigned nports;
	struct cell_range mmio[CELL_RANGES_MAX];
	unsigned nmmio;
	struct cell_range irqs[CELL_RANGES_MAX];   /* first == last */
	unsigned nirqs;
};

struct cells_config {
	char file[CELL_TEXT_MAX];          /* as messages name it */
	struct cell_config cells[CELLS_MAX];
	unsigned ncells;
	struct cell_range host_cpus[CELLS_HOST_CPUS_MAX];  /* first == last */
	unsigned nhost_cpus;
};

/*
 * Read text (the whole file, NUL-terminated), named file in messages,
 * into cfg.  0, or -EINVAL with "file:line: what is wrong" in err, or
 * -ENAMETOOLONG for a file path of CELL_TEXT_MAX bytes or more (the
 * paths it names are relative to its folder, which a cut path would
 * misplace).
 */
int cells_parse(const char *file, const char *text, struct cells_config *cfg,
		char *err, size_t errlen);

/*
 * A FILE the .cell file names (an image's, a console's) into path, as it
 * is opened: an absolute one as written, a relative one under the .cell
 * file's folder ("cells/a.cell" names "out.txt": "cells/out.txt"), so a
 * configuration means the same from any working directory.  0, or
 * -ENAMETOOLONG when the path does not fit in len (never with
 * 2 * CELL_TEXT_MAX: cells_parse() refused a longer .cell file path).
 */
int cells_path(const struct cells_config *cfg, const char *written,
	       char *path, size_t len);

/* Whether cell's console is a FILE (not "stdout" or "none"). */
bool cells_console_is_file(const struct cell_config *cell);

/*
 * How the checker gets a cell's image (cell->image, as the file wrote
 * it): its ELF bytes, or -errno with the reason in why.  The bytes stay
 * valid until close(), which follows every successful open().  path():
 * the file the image is read from, into buf, or false for a built-in
 * guest (the checker keeps a console off every image file).
 */
struct cells_images {
	int (*open)(void *ctx, const struct cell_config *cell,
		    const uint8_t **bytes, size_t *len, char *why,
		    size_t whylen);
	void (*close)(void *ctx);
	bool (*path)(void *ctx, const struct cell_config *cell, char *buf,
		     size_t len);
	void *ctx;
};

/*
 * Check cfg as a whole: each RAM size and base page-aligned, every RAM and
 * MMIO window its own piece of the machine's memory, no port, IRQ or CPU
 * owned twice, no cell on a housekeeping CPU, each image loadable into its
 * cell's RAM, each console FILE a cell's own (not another cell's console,
 * not the configuration file, not an image).  0, or -EINVAL with "file:line: what is wrong" in err (the
 * first problem in file order).
 */
int cells_check(const struct cells_config *cfg,
		const struct cells_images *images, char *err, size_t errlen);

#endif /* CORE_CELLS_H */
