/*
 * core/host_pages.c - host memory in 2 MiB pages where the host kernel
 * gives them (see core/host_pages.h for why).
 *
 * mmap() places a mapping on a 4 KiB boundary only, and a 2 MiB page can
 * back only a 2 MiB-aligned range: so map 2 MiB more than asked, keep the
 * aligned part and give back the ends (QEMU's qemu_ram_mmap() does the
 * same).  Then ask for huge pages; the kernel gives one at the first touch
 * of each 2 MiB, zeroed whole.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/mman.h>

#include "core/host_pages.h"

void *host_pages_map(size_t len)
{
	size_t span = len + HOST_HUGE_PAGE;
	uint8_t *raw, *start;

	if (len == 0 || len % HOST_HUGE_PAGE || span < len)
		return NULL;
	raw = mmap(NULL, span, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (raw == MAP_FAILED)
		return NULL;
	start = (uint8_t *)(((uintptr_t)raw + HOST_HUGE_PAGE - 1) &
			    ~(uintptr_t)(HOST_HUGE_PAGE - 1));
	if (start > raw)
		munmap(raw, (size_t)(start - raw));
	munmap(start + len, (size_t)(raw + span - (start + len)));
	/* A request: refused (EINVAL: no THP in this kernel), the memory
	 * works the same in 4 KiB pages. */
	(void)madvise(start, len, MADV_HUGEPAGE);
	return start;
}

void host_pages_unmap(void *p, size_t len)
{
	if (p)
		munmap(p, len);
}

int64_t host_pages_huge_bytes(const void *p, size_t len)
{
	uintptr_t first = (uintptr_t)p, end = first + len, lo = 0, hi = 0;
	FILE *f = fopen("/proc/self/smaps", "re");
	char line[512];
	int64_t kb, sum = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		uintptr_t a, b;

		/* A mapping's first line, "start-end perms ..."; its fields
		 * follow, "Name:   value kB". */
		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " ", &a, &b) == 2) {
			lo = a;
			hi = b;
		} else if (sscanf(line, "AnonHugePages: %" SCNd64 " kB",
				  &kb) == 1 && lo < end && hi > first) {
			sum += kb * 1024;
		}
	}
	fclose(f);
	return sum;
}
