/*
 * tests/fuzz/support/fuzz_ram.c - see fuzz_ram.h.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tests/fuzz/support/fuzz_ram.h"

/* The host's page, mincore's and madvise's unit (x86-64: 4 KiB). */
#define PAGE 4096ULL

static bool page_is_zero(const uint8_t *page)
{
	for (size_t i = 0; i < PAGE; i++)
		if (page[i])
			return false;
	return true;
}

/* Page p joins the kept ones. */
static void keep_page(struct fuzz_ram *ram, size_t p)
{
	if (p < ram->pages && !ram->kept[p]) {
		ram->kept[p] = 1;
		ram->kept_list[ram->n_kept++] = p;
	}
}

/* The kept pages from the snapshot: they stay resident. */
static void copy_back_kept(struct fuzz_ram *ram)
{
	for (size_t i = 0; i < ram->n_kept; i++) {
		size_t off = ram->kept_list[i] * PAGE;

		memcpy(ram->mem->host + off, ram->snapshot + off, PAGE);
	}
}

void fuzz_ram_small(struct guest_mem *mem, size_t size)
{
	*mem = (struct guest_mem){ .host = calloc(1, size), .size = size };
	if (!mem->host)
		abort();
}

void fuzz_ram_snapshot(struct fuzz_ram *ram, struct guest_mem *mem)
{
	ram->mem = mem;
	ram->pages = mem->size / PAGE;
	ram->n_kept = 0;
	ram->n_adopted = 0;
	ram->snapshot = malloc(mem->size);
	ram->kept = calloc(ram->pages, 1);
	ram->kept_list = calloc(ram->pages, sizeof(ram->kept_list[0]));
	ram->resident = calloc(ram->pages, 1);
	ram->dropped = calloc(ram->pages, 1);
	if (!ram->snapshot || !ram->kept || !ram->kept_list || !ram->resident ||
	    !ram->dropped)
		abort();
	/* Small pages only: a transparent huge page would make one touched
	 * byte a resident (and, given back, re-faulted) 2 MiB. */
	if (madvise(mem->host, mem->size, MADV_NOHUGEPAGE) < 0)
		abort();
	memcpy(ram->snapshot, mem->host, mem->size);
	for (size_t p = 0; p < ram->pages; p++)
		if (!page_is_zero(ram->snapshot + p * PAGE))
			keep_page(ram, p);
	/* Reading it all mapped every page: start from only the kept ones
	 * resident, so the first restore gives back (and counts) only what
	 * the first input touched. */
	if (madvise(mem->host, mem->size, MADV_DONTNEED) < 0)
		abort();
	copy_back_kept(ram);
}

void fuzz_ram_keep(struct fuzz_ram *ram, uint64_t gpa, uint64_t len)
{
	for (uint64_t a = gpa & ~(PAGE - 1); a < gpa + len; a += PAGE)
		keep_page(ram, a / PAGE);
}

/*
 * Must page p be given back: touched by the input and not kept?  A page
 * touched again, after it was given back once, is kept instead while
 * there is room: zeroed now (as it is in the snapshot), copied back from
 * then on.
 */
static bool to_drop(struct fuzz_ram *ram, size_t p)
{
	if (ram->kept[p] || !(ram->resident[p] & 1))
		return false;
	if (!ram->dropped[p] || ram->n_adopted == FUZZ_RAM_ADOPT_MAX) {
		ram->dropped[p] = 1;
		return true;
	}
	memset(ram->mem->host + p * PAGE, 0, PAGE);
	keep_page(ram, p);
	ram->n_adopted++;
	return false;
}

/* Give back pages [first, end) in one call: one TLB flush for a run of
 * pages (a REP STOS over 1 MiB touches 256), where a call per page cost a
 * flush each - on a virtualised host most of such an input's time. */
static void drop_run(struct fuzz_ram *ram, size_t first, size_t end)
{
	if (madvise(ram->mem->host + first * PAGE, (end - first) * PAGE,
		    MADV_DONTNEED) < 0)
		abort();
}

/* Called once per input: the 1024 pages of a small RAM are looked at 8
 * at a time, most groups untouched. */
void fuzz_ram_restore(struct fuzz_ram *ram)
{
	const uint64_t bit0 = 0x0101010101010101ULL;
	size_t run = SIZE_MAX;     /* first page of the run being collected */

	if (mincore(ram->mem->host, ram->mem->size, ram->resident) < 0)
		abort();
	copy_back_kept(ram);
	for (size_t p = 0; p < ram->pages; p += 8) {
		uint64_t touched, kept;

		memcpy(&touched, ram->resident + p, 8);
		memcpy(&kept, ram->kept + p, 8);
		if (!(touched & ~kept & bit0) && run == SIZE_MAX)
			continue;
		for (size_t q = p; q < p + 8; q++) {
			bool drop = to_drop(ram, q);

			if (drop && run == SIZE_MAX) {
				run = q;
			} else if (!drop && run != SIZE_MAX) {
				drop_run(ram, run, q);
				run = SIZE_MAX;
			}
		}
	}
	if (run != SIZE_MAX)
		drop_run(ram, run, ram->pages);
}
