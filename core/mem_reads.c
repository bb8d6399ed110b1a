/*
 * core/mem_reads.c - the guest memory a look at the guest read, kept to
 * tell later whether it has changed (see mem_reads.h).
 */
#include <string.h>

#include "core/mem_reads.h"

void guest_mem_reading(const struct guest_mem *mem, struct mem_reads *reads,
		       struct guest_mem *view)
{
	/* only what guest_mem_read() uses: the window's dirty bits stay
	 * the real memory's */
	*view = (struct guest_mem){
		.host = mem->host, .size = mem->size, .reads = reads,
	};
	reads->count = 0;
	reads->used = 0;
	reads->full = false;
}

/* Read before, inside one noted range (a page-table entry every walk
 * reads again, code read twice): the bytes are noted already. */
static bool noted(const struct mem_reads *reads, uint64_t gpa, size_t len)
{
	for (unsigned i = 0; i < reads->count; i++) {
		const struct mem_read *r = &reads->range[i];

		if (gpa >= r->gpa && gpa - r->gpa <= r->len &&
		    len <= r->len - (gpa - r->gpa))
			return true;
	}
	return false;
}

void mem_reads_note(struct mem_reads *reads, uint64_t gpa,
		    const void *bytes, size_t len)
{
	struct mem_read *r;

	if (reads->full || noted(reads, gpa, len))
		return;
	if (reads->count == MEM_READS_MAX ||
	    len > MEM_READS_BYTES - reads->used) {
		reads->full = true;
		return;
	}
	r = &reads->range[reads->count++];
	r->gpa = gpa;
	r->len = (uint32_t)len;
	r->at = reads->used;
	memcpy(reads->bytes + r->at, bytes, len);
	reads->used += (uint32_t)len;
}

bool mem_reads_unchanged(const struct mem_reads *reads,
			 const struct guest_mem *mem)
{
	if (reads->full)
		return false;
	for (unsigned i = 0; i < reads->count; i++) {
		const struct mem_read *r = &reads->range[i];
		const void *now = guest_mem_ptr(mem, r->gpa, r->len);

		if (!now || memcmp(now, reads->bytes + r->at, r->len))
			return false;
	}
	return true;
}
