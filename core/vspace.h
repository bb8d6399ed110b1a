/*
 * core/vspace.h - a virtual address space of one level of the machine,
 * for vmscope to read (the unwinder's stack, the code at RIP).
 *
 * The guest vmscope runs has one stage of translation: its page tables
 * at CR3 (core/paging.c).  Under the nesting stage, L2's addresses go
 * through two: L2's page tables, themselves at L2-physical addresses,
 * give an L2-physical address, and L1's nested page table turns every
 * L2-physical address - of a table and of the page - into an L1-physical
 * one (core/nested_walk.c).  The reads are read-only in both cases: no
 * accessed or dirty bits, no fault for the guest, nothing outside RAM.
 */
#ifndef CORE_VSPACE_H
#define CORE_VSPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"

struct vspace {
	const struct guest_mem *mem;  /* the RAM vmscope gave the guest */
	uint64_t cr3;                 /* the level's own page tables */
	bool nested;                  /* cr3 is L2's: L2-physical addresses
					 go through L1's nested table */
	uint64_t nested_root;         /* ... at this L1-physical address */
};

/* The guest's own space: one stage through cr3. */
static inline struct vspace vspace_flat(const struct guest_mem *mem,
					uint64_t cr3)
{
	return (struct vspace){ .mem = mem, .cr3 = cr3 };
}

/* Copy len bytes at gva (may cross pages); 0 or -EFAULT. */
int vspace_read(const struct vspace *s, uint64_t gva, void *dst, size_t len);
/* As vspace_read, but stop at the first byte that cannot be read: how
 * many bytes were read. */
size_t vspace_read_prefix(const struct vspace *s, uint64_t gva, void *dst,
			  size_t len);

#endif /* CORE_VSPACE_H */
