/*
 * tests/unit/support/pt_builder.h - build 4-level page tables in guest RAM
 * for tests that walk them (paging, unwind).
 *
 * Tables are taken one page at a time from a bump pointer in guest RAM.
 * Table entries above the leaf are present, writable and user; leaves are
 * present and writable (PS set for 2 MiB and 1 GiB pages).
 */
#ifndef TESTS_UNIT_SUPPORT_PT_BUILDER_H
#define TESTS_UNIT_SUPPORT_PT_BUILDER_H

#include <stdint.h>

#include "core/memory.h"

#define PT_PAGE_4K 0x1000ULL
#define PT_PAGE_2M 0x200000ULL
#define PT_PAGE_1G 0x40000000ULL

struct pt_builder {
	struct guest_mem *mem;
	uint64_t cr3;         /* the PML4's guest-physical address */
	uint64_t next_table;  /* where the next new table goes */
};

/* Tables go from tables_gpa up (page aligned, zeroed by the caller's RAM). */
void pt_builder_init(struct pt_builder *b, struct guest_mem *mem,
		     uint64_t tables_gpa);
/* Map the page of page_size at gva to gpa (both aligned to page_size).
 * Aborts on a misuse: this is test scaffolding. */
void pt_map(struct pt_builder *b, uint64_t gva, uint64_t gpa,
	    uint64_t page_size);
/* The leaf entry mapping gva (which must be mapped), for tests that edit
 * entries by hand. */
uint64_t *pt_leaf(struct pt_builder *b, uint64_t gva);
/* Write the 64-bit value at gva through the tables (gva must be
 * mapped): a word of a guest stack, as the guest would store it. */
void pt_poke(struct pt_builder *b, uint64_t gva, uint64_t value);
/* Map [gva, gva+len) to [gpa, ...) with 4 KiB pages. */
void pt_map_range(struct pt_builder *b, uint64_t gva, uint64_t gpa,
		  uint64_t len);

#endif /* TESTS_UNIT_SUPPORT_PT_BUILDER_H */
