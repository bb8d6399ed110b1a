/*
 * core/memory.c - guest RAM: one anonymous mapping from guest-physical 0,
 * and the one window whose backing a stage chooses (the VGA text buffer).
 *
 * The mapping is MAP_NORESERVE: a 64 MiB guest costs only the memory it
 * touches.  It starts on a 2 MiB boundary, in 2 MiB pages where the host
 * gives them (core/host_pages.h): a copy into guest RAM then needs one TLB
 * entry per 2 MiB, not per 4 KiB, and KVM can map it with 2 MiB pages (its
 * guest-physical 0 is 2 MiB-aligned too).  The price: a first touch zeroes
 * 2 MiB, not 4 KiB, and all of it stays in memory - the shell touches 84
 * KiB and holds 6 MiB (docs/NETWORK.md, why it is worth it).  RAM ends
 * below the MMIO window (guest/abi/machine.h), so an address in that window
 * can never be RAM.  Every range check here is written so that gpa + len
 * cannot wrap around: the guest chooses both.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "core/host_pages.h"
#include "core/mem_reads.h"
#include "core/mem_watch.h"
#include "core/memory.h"

#define GUEST_MEM_ALIGN HOST_HUGE_PAGE   /* and the boot page tables' pages */
#define GUEST_PAGE_SIZE 4096ULL

int guest_mem_init(struct guest_mem *mem, uint64_t size)
{
	void *host;

	memset(mem, 0, sizeof(*mem));
	if (size < GUEST_MEM_MIN || size > GUEST_MEM_MAX)
		return -EINVAL;
	/* Cannot overflow, and stays <= GUEST_MEM_MAX (itself aligned). */
	size = (size + GUEST_MEM_ALIGN - 1) & ~(GUEST_MEM_ALIGN - 1);

	host = host_pages_map(size);
	if (!host)
		return -ENOMEM;
	mem->watch = mem_watch_create();
	if (!mem->watch) {
		host_pages_unmap(host, size);
		return -ENOMEM;
	}
	mem->host = host;
	mem->size = size;
	return 0;
}

void guest_mem_destroy(struct guest_mem *mem)
{
	host_pages_unmap(mem->host, mem->size);
	mem_watch_destroy(mem->watch);
	memset(mem, 0, sizeof(*mem));
}

int guest_mem_clear(struct guest_mem *mem)
{
	/* A private anonymous mapping reads as zeros again after this, and
	 * gives its pages back: cheaper than writing 64 MiB of zeros. */
	if (madvise(mem->host, mem->size, MADV_DONTNEED) < 0)
		return -errno;
	guest_mem_add_dirty(mem, UINT64_MAX);
	guest_mem_wrote(mem, 0, mem->size);
	return 0;
}

int guest_mem_zero(const struct guest_mem *mem, uint64_t gpa, uint64_t len)
{
	uint8_t *start = guest_mem_ptr(mem, gpa, len), *end;
	uintptr_t first, last;   /* the whole pages inside: [first, last) */

	if (!start)
		return -EFAULT;
	end = start + len;
	first = ((uintptr_t)start + GUEST_PAGE_SIZE - 1) & ~(GUEST_PAGE_SIZE - 1);
	last = (uintptr_t)end & ~(GUEST_PAGE_SIZE - 1);
	if (first >= last ||
	    madvise((void *)first, last - first, MADV_DONTNEED) < 0) {
		memset(start, 0, len);
	} else {
		memset(start, 0, first - (uintptr_t)start);
		memset((void *)last, 0, (uintptr_t)end - last);
	}
	guest_mem_wrote(mem, gpa, len);
	return 0;
}

void *guest_mem_ptr(const struct guest_mem *mem, uint64_t gpa, uint64_t len)
{
	/* gpa <= size first, so size - gpa cannot wrap. */
	if (!mem->host || gpa > mem->size || len > mem->size - gpa)
		return NULL;
	return mem->host + gpa;
}

int guest_mem_read(const struct guest_mem *mem, uint64_t gpa, void *dst,
		   size_t len)
{
	const void *src = guest_mem_ptr(mem, gpa, len);

	if (!src)
		return -EFAULT;
	memcpy(dst, src, len);
	if (mem->reads)
		mem_reads_note(mem->reads, gpa, src, len);
	return 0;
}

int guest_mem_write(const struct guest_mem *mem, uint64_t gpa,
		    const void *src, size_t len)
{
	void *dst = guest_mem_ptr(mem, gpa, len);

	if (!dst)
		return -EFAULT;
	memcpy(dst, src, len);
	guest_mem_wrote(mem, gpa, len);
	return 0;
}

int guest_mem_set_window(struct guest_mem *mem, uint64_t gpa, uint64_t len,
			 enum mem_window_backing backing)
{
	if ((gpa | len) & (GUEST_PAGE_SIZE - 1) || len == 0 ||
	    len > MEM_WINDOW_MAX_PAGES * GUEST_PAGE_SIZE ||
	    !guest_mem_ptr(mem, gpa, len))
		return -EINVAL;
	mem->window.gpa = gpa;
	mem->window.len = len;
	mem->window.backing = backing;
	atomic_store(&mem->window.dirty, 0);
	return 0;
}

bool guest_mem_in_window(const struct guest_mem *mem, uint64_t gpa)
{
	return gpa - mem->window.gpa < mem->window.len;
}

bool guest_mem_is_mmio(const struct guest_mem *mem, uint64_t gpa)
{
	return mem->window.backing == MEM_WINDOW_MMIO &&
	       guest_mem_in_window(mem, gpa);
}

void guest_mem_mark_dirty(struct guest_mem *mem, uint64_t gpa)
{
	if (guest_mem_in_window(mem, gpa))
		guest_mem_add_dirty(mem, 1ULL << ((gpa - mem->window.gpa) /
						  GUEST_PAGE_SIZE));
}

void guest_mem_add_dirty(struct guest_mem *mem, uint64_t pages)
{
	atomic_fetch_or(&mem->window.dirty, pages);
}

uint64_t guest_mem_take_dirty(struct guest_mem *mem)
{
	return atomic_exchange(&mem->window.dirty, 0);
}
