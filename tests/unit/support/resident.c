/*
 * tests/unit/support/resident.c - a page's residency from mincore(2)
 * (see resident.h).
 */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tests/unit/support/resident.h"

bool test_page_resident(const void *addr)
{
	uintptr_t page = (uintptr_t)addr & ~((uintptr_t)getpagesize() - 1);
	unsigned char vec = 0;

	return mincore((void *)page, 1, &vec) == 0 && (vec & 1);
}
