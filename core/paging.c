/*
 * core/paging.c - a read-only walk of the guest's 4-level page tables.
 *
 * Reference: Intel SDM Vol. 3A, 4.5 "4-Level Paging" (tables 4-15 to 4-20);
 * AMD APM Vol. 2, 5.3 "Long-Mode Page Translation".
 *
 * A 48-bit virtual address splits into four 9-bit table indices and a 12-bit
 * page offset:  PML4 [47:39] -> PDPT [38:30] -> PD [29:21] -> PT [20:12].
 * A PDPT entry with PS=1 maps a 1 GiB page and a PD entry with PS=1 a 2 MiB
 * page; the walk stops there.  This walk only reads: it never sets the
 * accessed or dirty bits the CPU would, and it ignores permissions (vmscope
 * looks, it does not execute), but it honours "present" and, like the CPU,
 * refuses non-canonical addresses.
 */
#include <errno.h>

#include "core/paging.h"

/* Page-table entry bits (SDM Vol. 3A, table 4-19) */
#define PTE_PRESENT   (1ULL << 0)
#define PTE_PAGE_SIZE (1ULL << 7)   /* PS: in a PDPTE or PDE, a large page */
#define PTE_ADDR_MASK 0x000ffffffffff000ULL  /* physical address, bits 51:12 */

#define PAGE_SIZE     4096ULL
#define LEVEL_ENTRIES 512

/* Bit position of each level's index, from the top: PML4, PDPT, PD, PT.
 * Level 3 (the PT) always ends the walk. */
static const unsigned level_shift[] = { 39, 30, 21, 12 };

/* Bits 63:47 all equal: the address is canonical for 48-bit paging. */
static int is_canonical(uint64_t gva)
{
	uint64_t top = gva >> 47;

	return top == 0 || top == 0x1ffff;
}

static int read_entry(const struct guest_mem *mem, uint64_t table,
		      uint64_t gva, unsigned shift, uint64_t *entry)
{
	uint64_t index = (gva >> shift) & (LEVEL_ENTRIES - 1);

	return guest_mem_read(mem, table + index * 8, entry, sizeof(*entry));
}

int paging_translate(const struct guest_mem *mem, uint64_t cr3, uint64_t gva,
		     uint64_t *gpa)
{
	uint64_t table = cr3 & PTE_ADDR_MASK, entry, page_mask;
	unsigned level;

	if (!is_canonical(gva))
		return -EFAULT;
	for (level = 0;; level++) {
		unsigned shift = level_shift[level];

		if (read_entry(mem, table, gva, shift, &entry) ||
		    !(entry & PTE_PRESENT))
			return -EFAULT;
		/* PS is reserved in a PML4E; a PTE has no PS (bit 7 is PAT). */
		if (level == 0 && (entry & PTE_PAGE_SIZE))
			return -EFAULT;
		page_mask = (1ULL << shift) - 1;
		if (level == 3 || (entry & PTE_PAGE_SIZE)) {
			*gpa = (entry & PTE_ADDR_MASK & ~page_mask) |
			       (gva & page_mask);
			return 0;
		}
		table = entry & PTE_ADDR_MASK;
	}
}

int paging_read(const struct guest_mem *mem, uint64_t cr3, uint64_t gva,
		void *dst, size_t len)
{
	uint8_t *out = dst;
	uint64_t gpa;
	int err;

	while (len > 0) {
		size_t chunk = PAGE_SIZE - (gva & (PAGE_SIZE - 1));

		if (chunk > len)
			chunk = len;
		err = paging_translate(mem, cr3, gva, &gpa);
		if (!err)
			err = guest_mem_read(mem, gpa, out, chunk);
		if (err)
			return err;
		out += chunk;
		gva += chunk;
		len -= chunk;
	}
	return 0;
}

size_t paging_read_prefix(const struct guest_mem *mem, uint64_t cr3,
			  uint64_t gva, void *dst, size_t len)
{
	uint8_t *out = dst;
	size_t n = 0;

	if (paging_read(mem, cr3, gva, dst, len) == 0)
		return len;
	while (n < len && paging_read(mem, cr3, gva + n, out + n, 1) == 0)
		n++;
	return n;
}
