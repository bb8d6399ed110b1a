/*
 * core/memory.c - guest RAM: one anonymous mapping from guest-physical 0.
 *
 * The mapping is MAP_NORESERVE: a 64 MiB guest costs only the pages it
 * touches.  RAM ends below the MMIO window (guest/abi/machine.h), so an
 * address in that window can never be RAM.  Every range check here is
 * written so that gpa + len cannot wrap around: the guest chooses both.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "core/memory.h"

#define GUEST_MEM_ALIGN (2ULL << 20)   /* the boot page tables use 2 MiB pages */
#define GUEST_MEM_MIN   (4ULL << 20)   /* boot structures, kernel, one user page */
#define GUEST_MEM_MAX   (3ULL << 30)   /* stays below MMIO_WINDOW (0xd0000000) */

int guest_mem_init(struct guest_mem *mem, uint64_t size)
{
	void *host;

	mem->host = NULL;
	mem->size = 0;
	if (size < GUEST_MEM_MIN || size > GUEST_MEM_MAX)
		return -EINVAL;
	/* Cannot overflow, and stays <= GUEST_MEM_MAX (itself aligned). */
	size = (size + GUEST_MEM_ALIGN - 1) & ~(GUEST_MEM_ALIGN - 1);

	host = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (host == MAP_FAILED)
		return -ENOMEM;
	mem->host = host;
	mem->size = size;
	return 0;
}

void guest_mem_destroy(struct guest_mem *mem)
{
	if (mem->host)
		munmap(mem->host, mem->size);
	mem->host = NULL;
	mem->size = 0;
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
	return 0;
}

int guest_mem_write(const struct guest_mem *mem, uint64_t gpa,
		    const void *src, size_t len)
{
	void *dst = guest_mem_ptr(mem, gpa, len);

	if (!dst)
		return -EFAULT;
	memcpy(dst, src, len);
	return 0;
}
