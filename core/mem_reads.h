/*
 * core/mem_reads.h - which guest-physical bytes a look at the guest read,
 * and whether they still hold what was read.
 *
 * A computation that only reads the guest (the unwinder: registers in,
 * call chain out) gives the same answer again as long as its inputs are
 * the same: the registers it started from, which the caller compares,
 * and the guest memory it read - its stack records, its code bytes, the
 * page-table entries that translated them.  guest_mem_reading() makes a
 * view of guest RAM whose reads are noted here (address, length, the
 * bytes); mem_reads_unchanged() says whether RAM still holds every one
 * of them.  A read that failed (outside RAM) is not noted: where it was
 * came from noted bytes and the registers, so it fails again.
 *
 * Bounded: a computation that reads more than MEM_READS_MAX ranges or
 * MEM_READS_BYTES bytes marks the record full, and a full record is never
 * "unchanged" - the caller computes again, as it would without it.
 */
#ifndef CORE_MEM_READS_H
#define CORE_MEM_READS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"

#define MEM_READS_MAX 64
#define MEM_READS_BYTES 1024

struct mem_read {
	uint64_t gpa;
	uint32_t len;
	uint32_t at;             /* its bytes: bytes[at .. at + len) */
};

struct mem_reads {
	unsigned count;
	uint32_t used;           /* bytes[] taken */
	bool full;               /* a read did not fit: cannot be checked */
	struct mem_read range[MEM_READS_MAX];
	uint8_t bytes[MEM_READS_BYTES];
};

/* *view reads mem's RAM (and nothing else: a read-only view) and notes
 * each range it reads into reads, which starts empty.  Only the thread
 * that owns reads may read through the view. */
void guest_mem_reading(const struct guest_mem *mem, struct mem_reads *reads,
		       struct guest_mem *view);
/* guest_mem_read()'s side: bytes (len of them, at gpa) were read. */
void mem_reads_note(struct mem_reads *reads, uint64_t gpa,
		    const void *bytes, size_t len);
/* Does mem still hold every noted byte?  False for a full record. */
bool mem_reads_unchanged(const struct mem_reads *reads,
			 const struct guest_mem *mem);

#endif /* CORE_MEM_READS_H */
