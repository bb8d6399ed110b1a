/*
 * tests/unit/support/pt_builder.c - page tables for tests (see the header).
 */
#include <stdlib.h>
#include <string.h>

#include "core/paging.h"
#include "tests/unit/support/pt_builder.h"

#define PTE_PRESENT   (1ULL << 0)
#define PTE_WRITABLE  (1ULL << 1)
#define PTE_USER      (1ULL << 2)
#define PTE_PAGE_SIZE (1ULL << 7)
#define PTE_ADDR_MASK 0x000ffffffffff000ULL

static uint64_t *entry_at(struct pt_builder *b, uint64_t table, uint64_t gva,
			  unsigned shift)
{
	uint64_t *t = guest_mem_ptr(b->mem, table, PT_PAGE_4K);

	if (!t)
		abort();
	return &t[(gva >> shift) & 511];
}

static uint64_t new_table(struct pt_builder *b)
{
	uint64_t table = b->next_table;
	void *page = guest_mem_ptr(b->mem, table, PT_PAGE_4K);

	if (!page)
		abort();
	memset(page, 0, PT_PAGE_4K);
	b->next_table += PT_PAGE_4K;
	return table;
}

void pt_builder_init(struct pt_builder *b, struct guest_mem *mem,
		     uint64_t tables_gpa)
{
	b->mem = mem;
	b->next_table = tables_gpa;
	b->cr3 = new_table(b);
}

void pt_map(struct pt_builder *b, uint64_t gva, uint64_t gpa,
	    uint64_t page_size)
{
	unsigned leaf_shift = page_size == PT_PAGE_1G ? 30 :
			      page_size == PT_PAGE_2M ? 21 : 12;
	uint64_t table = b->cr3, *e;
	unsigned shift;

	if ((gva | gpa) & (page_size - 1))
		abort();
	for (shift = 39; shift > leaf_shift; shift -= 9) {
		e = entry_at(b, table, gva, shift);
		if (!(*e & PTE_PRESENT))
			*e = new_table(b) | PTE_PRESENT | PTE_WRITABLE | PTE_USER;
		if (*e & PTE_PAGE_SIZE)
			abort();
		table = *e & PTE_ADDR_MASK;
	}
	e = entry_at(b, table, gva, leaf_shift);
	*e = gpa | PTE_PRESENT | PTE_WRITABLE |
	     (leaf_shift > 12 ? PTE_PAGE_SIZE : 0);
}

void pt_map_range(struct pt_builder *b, uint64_t gva, uint64_t gpa,
		  uint64_t len)
{
	uint64_t off;

	for (off = 0; off < len; off += PT_PAGE_4K)
		pt_map(b, gva + off, gpa + off, PT_PAGE_4K);
}

uint64_t *pt_leaf(struct pt_builder *b, uint64_t gva)
{
	uint64_t table = b->cr3, *e = NULL;
	unsigned shift;

	for (shift = 39; shift >= 12; shift -= 9) {
		e = entry_at(b, table, gva, shift);
		if (!(*e & PTE_PRESENT))
			abort();
		if (shift == 12 || (*e & PTE_PAGE_SIZE))
			break;
		table = *e & PTE_ADDR_MASK;
	}
	return e;
}

void pt_poke(struct pt_builder *b, uint64_t gva, uint64_t value)
{
	uint64_t gpa;

	if (paging_translate(b->mem, b->cr3, gva, &gpa) ||
	    guest_mem_write(b->mem, gpa, &value, sizeof(value)))
		abort();
}
