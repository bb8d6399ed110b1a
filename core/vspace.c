/*
 * core/vspace.c - reading a level's virtual memory (see vspace.h): one
 * stage through the guest's page tables, or two for L2.
 */
#include <errno.h>

#include "core/nested.h"
#include "core/paging.h"
#include "core/vspace.h"

size_t vspace_read_prefix(const struct vspace *s, uint64_t gva, void *dst,
			  size_t len)
{
	if (s->nested)
		return nested_read_virt(s->mem, s->nested_root, s->cr3, gva,
					dst, len);
	return paging_read_prefix(s->mem, s->cr3, gva, dst, len);
}

int vspace_read(const struct vspace *s, uint64_t gva, void *dst, size_t len)
{
	return vspace_read_prefix(s, gva, dst, len) == len ? 0 : -EFAULT;
}
