/*
 * tests/fuzz/support/fuzz_ram.h - put guest RAM back to a snapshot between
 * inputs, cheaply.
 *
 * A target that runs guest code needs the same RAM at the start of every
 * input (a crash must replay from its input alone).  Clearing all of it
 * (guest_mem_clear: the pages given back, then faulted in again) or
 * copying all of it costs far more than most inputs run: a page fault is
 * tens of microseconds on a virtualised host, a 4 MiB copy hundreds.  So
 * RAM is put back page by page:
 *   - "kept" pages (non-zero in the snapshot, the pages the caller names,
 *     which every input writes, and pages inputs keep touching: below)
 *     are copied back from the snapshot and stay resident, so they never
 *     fault again;
 *   - every other page the input touched (mincore(2) says it is resident)
 *     is given back with madvise(MADV_DONTNEED), so it reads as zeros, as
 *     in the snapshot; a run of such pages in one call (each call flushes
 *     the TLB of every CPU the process ran on: a REP STOS over 1 MiB
 *     given back a page at a time spent most of its input there);
 *   - pages nobody touched are zeros already.
 * A page given back costs a system call now and a page fault when the
 * next input touches it again - tens of microseconds on a virtualised
 * host - where copying a kept page back costs a fraction of one.  So a
 * page inputs touch again (a second time) is kept from then on,
 * FUZZ_RAM_ADOPT_MAX of them at most: every kept page is copied at every
 * input, so the copying stays bounded (16 pages, 64 KiB), and a REP STOS
 * over MiBs is still given back.  (Measured over a fuzzing run's corpus:
 * 16 pages saved 6-8 % of the CPU time of an input, 64 already cost more
 * in copying than they saved, 256 much more.)
 * Afterwards RAM equals the snapshot byte for byte.
 */
#ifndef TESTS_FUZZ_SUPPORT_FUZZ_RAM_H
#define TESTS_FUZZ_SUPPORT_FUZZ_RAM_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"

#define FUZZ_RAM_ADOPT_MAX 16

struct fuzz_ram {
	struct guest_mem *mem;
	uint8_t *snapshot;         /* the RAM's bytes when taken */
	uint8_t *kept;             /* per page: 1 = copied back, resident */
	size_t *kept_list;         /* ... the kept pages' numbers */
	size_t n_kept;
	unsigned char *resident;   /* per page: mincore's answer */
	uint8_t *dropped;          /* per page: given back before (0/1) */
	size_t n_adopted;          /* pages kept for being touched again */
	size_t pages;              /* a multiple of 8 (RAM is 2 MiB pieces) */
};

/*
 * A RAM smaller than guest_mem_init() makes (4 MiB at least: a bootable
 * machine), for a target whose code reaches RAM only through
 * guest_mem_ptr() and its kin (a device, a page walker): size bytes on the
 * heap, zeroed, where ASan sees any access past the end; put back with a
 * memset of size bytes, cheaper than any page-by-page restore when small.
 * Aborts when out of memory.
 */
void fuzz_ram_small(struct guest_mem *mem, size_t size);

/* Take mem's contents now as the snapshot.  Aborts when out of memory
 * (a fuzz target has no better answer). */
void fuzz_ram_snapshot(struct fuzz_ram *ram, struct guest_mem *mem);
/* Keep the pages of [gpa, gpa + len) too (after the snapshot). */
void fuzz_ram_keep(struct fuzz_ram *ram, uint64_t gpa, uint64_t len);
/* Put RAM back to the snapshot. */
void fuzz_ram_restore(struct fuzz_ram *ram);

#endif /* TESTS_FUZZ_SUPPORT_FUZZ_RAM_H */
