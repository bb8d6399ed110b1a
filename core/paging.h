/*
 * core/paging.h - walking the guest's 4-level page tables from vmscope.
 *
 * vmscope reads guest-virtual memory (the instruction at RIP, the stack the
 * unwinder walks) by translating through the guest's own CR3.  The walk is
 * read-only: it sets no accessed or dirty bits and never faults the guest.
 */
#ifndef CORE_PAGING_H
#define CORE_PAGING_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"

/*
 * Guest-virtual to guest-physical; -EFAULT when not mapped, non-canonical,
 * or a page table lies outside RAM.  The result itself may lie outside RAM
 * (the MMIO window is mapped too); paging_read() refuses that.
 */
int paging_translate(const struct guest_mem *mem, uint64_t cr3, uint64_t gva,
		     uint64_t *gpa);
/* Copy len bytes of guest-virtual memory (may cross pages); -EFAULT. */
int paging_read(const struct guest_mem *mem, uint64_t cr3, uint64_t gva,
		void *dst, size_t len);
/* As paging_read, but stop at the first byte that cannot be read (code
 * running up to an unmapped page): returns how many bytes were read. */
size_t paging_read_prefix(const struct guest_mem *mem, uint64_t cr3,
			  uint64_t gva, void *dst, size_t len);

#endif /* CORE_PAGING_H */
