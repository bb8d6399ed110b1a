/*
 * core/nested_walk.c - the two-stage walk of the nesting stage.
 *
 * An L2 address goes through two sets of tables, as with EPT (Intel SDM
 * Vol. 3C, 29.3.2) or AMD's nested paging (APM Vol. 2, 15.25.5):
 *   stage 1  L2's own page tables (at L2's CR3): L2-virtual -> L2-physical;
 *            every table of this stage lies in L2-physical memory, so each
 *            one is itself found through stage 2;
 *   stage 2  L1's nested page table (at the block's nested_root), in the
 *            ordinary x86-64 4-level format (so L1 can build it with the
 *            code it builds its own tables with): L2-physical -> L1-physical.
 * Stage 2 is L0's to trust or refuse: a table or a page outside L1's RAM,
 * an entry that points back at a table of the same walk (a loop that would
 * let L2 write L1's nested table), or reserved bits end the walk with a
 * reason, and no translation L0 uses ever points outside L1's RAM.
 * Both walks are read-only: they set no accessed or dirty bits.
 */
#include <errno.h>
#include <string.h>

#include "core/nested.h"

#define PTE_P    (1ULL << 0)
#define PTE_RW   (1ULL << 1)
#define PTE_PS   (1ULL << 7)
#define PTE_ADDR 0x000ffffffffff000ULL
/* Bits 51:48 lie above MAXPHYADDR (48); PS is reserved in a PML4E. */
#define PTE_RSVD_HIGH 0x000f000000000000ULL

static const char *const walk_text[] = {
	[NESTED_WALK_OK] = "mapped",
	[NESTED_WALK_NOT_PRESENT] = "L1's nested page table has no entry",
	[NESTED_WALK_READ_ONLY] = "L1's nested page table maps it read-only",
	[NESTED_WALK_OUTSIDE_RAM] = "L1's nested page table points outside "
				    "L1's RAM",
	[NESTED_WALK_LOOP] = "L1's nested page table loops back on itself",
	[NESTED_WALK_RESERVED] = "reserved bits in L1's nested page table",
};

const char *nested_walk_text(enum nested_walk_result r)
{
	if ((unsigned)r >= sizeof(walk_text) / sizeof(walk_text[0]))
		return "?";
	return walk_text[r];
}

static bool page_in_ram(const struct guest_mem *mem, uint64_t page,
			uint64_t span)
{
	return page < mem->size && mem->size - page >= span;
}

/* The tables one walk used so far: an entry pointing at one is a loop. */
static bool seen(const uint64_t *tables, int n, uint64_t table)
{
	for (int i = 0; i < n; i++)
		if (tables[i] == table)
			return true;
	return false;
}

enum nested_walk_result nested_walk(const struct guest_mem *mem,
				    uint64_t root, uint64_t l2_gpa, bool write,
				    uint64_t *l1_page)
{
	uint64_t tables[4], table = root & PTE_ADDR, entry = 0, span = 0;
	bool writable = true;
	int level;

	for (level = 4; level >= 1; level--) {
		unsigned shift = 12 + 9 * (unsigned)(level - 1);
		const uint64_t *slot;

		if (!page_in_ram(mem, table, NESTED_PAGE))
			return NESTED_WALK_OUTSIDE_RAM;
		tables[4 - level] = table;
		slot = guest_mem_ptr(mem, table + ((l2_gpa >> shift) & 511) * 8,
				     8);
		entry = *slot;
		if (!(entry & PTE_P))
			return NESTED_WALK_NOT_PRESENT;
		if ((entry & PTE_RSVD_HIGH) || (level == 4 && (entry & PTE_PS)))
			return NESTED_WALK_RESERVED;
		writable &= !!(entry & PTE_RW);
		span = 1ULL << shift;
		if (level == 1 || (entry & PTE_PS))
			break;
		table = entry & PTE_ADDR;
		if (seen(tables, 5 - level, table))
			return NESTED_WALK_LOOP;
	}
	if (write && !writable)
		return NESTED_WALK_READ_ONLY;
	*l1_page = ((entry & PTE_ADDR & ~(span - 1)) | (l2_gpa & (span - 1))) &
		   ~(NESTED_PAGE - 1);
	if (!page_in_ram(mem, *l1_page, NESTED_PAGE))
		return NESTED_WALK_OUTSIDE_RAM;
	return NESTED_WALK_OK;
}

/* One stage-1 entry: the table at L2-physical table, index idx. */
static int l2_entry(const struct guest_mem *mem, uint64_t root,
		    uint64_t table, unsigned idx, uint64_t *entry)
{
	uint64_t page;

	if (nested_walk(mem, root, table, false, &page) != NESTED_WALK_OK)
		return -EFAULT;
	memcpy(entry, guest_mem_ptr(mem, page + idx * 8ULL, 8), 8);
	return 0;
}

int nested_translate_l2(const struct guest_mem *mem, uint64_t root,
			uint64_t l2_cr3, uint64_t gva, uint64_t *l2_gpa,
			uint64_t tables[4])
{
	uint64_t table = l2_cr3 & PTE_ADDR, entry = 0, span = 0;

	for (int level = 4; level >= 1; level--) {
		unsigned shift = 12 + 9 * (unsigned)(level - 1);

		if (tables)
			tables[4 - level] = table;
		if (l2_entry(mem, root, table, (gva >> shift) & 511, &entry) ||
		    !(entry & PTE_P))
			return -EFAULT;
		span = 1ULL << shift;
		if (level == 1 || (level < 4 && (entry & PTE_PS))) {
			if (tables)   /* a large leaf: the walk used fewer */
				for (int l = level - 1; l >= 1; l--)
					tables[4 - l] = table;
			break;
		}
		table = entry & PTE_ADDR;
	}
	*l2_gpa = (entry & PTE_ADDR & ~(span - 1)) | (gva & (span - 1));
	return 0;
}

int nested_translate(const struct guest_mem *mem, uint64_t root,
		     uint64_t l2_cr3, uint64_t gva, uint64_t *l1_gpa)
{
	uint64_t l2_gpa, page;

	if (nested_translate_l2(mem, root, l2_cr3, gva, &l2_gpa, NULL))
		return -EFAULT;
	if (nested_walk(mem, root, l2_gpa, false, &page) != NESTED_WALK_OK)
		return -EFAULT;
	*l1_gpa = page | (l2_gpa & (NESTED_PAGE - 1));
	return 0;
}

size_t nested_read_virt(const struct guest_mem *mem, uint64_t root,
			uint64_t l2_cr3, uint64_t gva, void *dst, size_t len)
{
	uint8_t *out = dst;
	size_t done = 0;

	while (done < len) {
		uint64_t at = gva + done, gpa;
		size_t chunk = NESTED_PAGE - (at & (NESTED_PAGE - 1));

		if (chunk > len - done)
			chunk = len - done;
		if (nested_translate(mem, root, l2_cr3, at, &gpa))
			break;
		memcpy(out + done, guest_mem_ptr(mem, gpa, chunk), chunk);
		done += chunk;
	}
	return done;
}
