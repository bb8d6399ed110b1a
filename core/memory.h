/*
 * core/memory.h - guest RAM: one anonymous mapping from guest-physical 0.
 *
 * Every access vmscope makes to guest memory goes through these checked
 * helpers, because the guest controls the addresses (a pointer on its stack,
 * a length in a register) and must never make vmscope read or write outside
 * the mapping.
 */
#ifndef CORE_MEMORY_H
#define CORE_MEMORY_H

#include <stddef.h>
#include <stdint.h>

struct guest_mem {
	uint8_t *host;   /* host address of guest-physical 0 */
	uint64_t size;   /* bytes, a multiple of 2 MiB */
};

/* size is rounded up to a multiple of 2 MiB; -EINVAL outside
 * [4 MiB, 3 GiB] (RAM stays below MMIO_WINDOW), -ENOMEM. */
int guest_mem_init(struct guest_mem *mem, uint64_t size);
/* Safe on a zeroed or already destroyed struct. */
void guest_mem_destroy(struct guest_mem *mem);
/* Host pointer to [gpa, gpa+len) or NULL if any byte lies outside RAM. */
void *guest_mem_ptr(const struct guest_mem *mem, uint64_t gpa, uint64_t len);
/* Copy to/from guest-physical memory; -EFAULT outside RAM. */
int guest_mem_read(const struct guest_mem *mem, uint64_t gpa, void *dst,
		   size_t len);
int guest_mem_write(const struct guest_mem *mem, uint64_t gpa,
		    const void *src, size_t len);

#endif /* CORE_MEMORY_H */
