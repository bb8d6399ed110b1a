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

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * One window of RAM whose backing a stage switch chooses: the VGA text
 * buffer.  Either way its bytes live in the mapping (a front end reads
 * the screen there); what differs is what the CPU sees:
 *   MEM_WINDOW_RAM   plain RAM.  Stores cost no exit; the backend keeps a
 *                    dirty bit per 4 KiB page (KVM: its dirty-page log,
 *                    the soft CPU: its own), for a front end to redraw.
 *   MEM_WINDOW_MMIO  no RAM behind it: every load and store is an MMIO
 *                    exit, and the device model (devices/vga_text.c)
 *                    does the access and marks the page dirty.
 */
enum mem_window_backing { MEM_WINDOW_RAM, MEM_WINDOW_MMIO };

/* The RAM sizes guest_mem_init() takes (the cells' checker says so
 * before anything runs). */
#define GUEST_MEM_MIN   (4ULL << 20)   /* boot structures, kernel, one user page */
#define GUEST_MEM_MAX   (3ULL << 30)   /* stays below MMIO_WINDOW (0xd0000000) */

#define MEM_WINDOW_MAX_PAGES 64   /* one bit each in the dirty word */

struct mem_window {
	uint64_t gpa;                /* page-aligned; len 0: no window */
	uint64_t len;
	enum mem_window_backing backing;
	_Atomic uint64_t dirty;      /* bit n: page n written since taken */
};

struct mem_reads;
struct mem_watch;

struct guest_mem {
	uint8_t *host;   /* host address of guest-physical 0 */
	uint64_t size;   /* bytes, a multiple of 2 MiB */
	struct mem_window window;
	/* NULL; in a view from guest_mem_reading() (core/mem_reads.h),
	 * where guest_mem_read() notes what it read */
	struct mem_reads *reads;
	/* Who hears of vmscope's writes into RAM (core/mem_watch.h); NULL
	 * in a struct not made by guest_mem_init() */
	struct mem_watch *watch;
};

/* size is rounded up to a multiple of 2 MiB; -EINVAL outside
 * [4 MiB, 3 GiB] (RAM stays below MMIO_WINDOW), -ENOMEM. */
int guest_mem_init(struct guest_mem *mem, uint64_t size);
/* Safe on a zeroed or already destroyed struct. */
void guest_mem_destroy(struct guest_mem *mem);
/* All of RAM reads as zero again (a reset); the window counts as dirty.
 * 0 or -errno. */
int guest_mem_clear(struct guest_mem *mem);
/*
 * [gpa, gpa+len) reads as zero; -EFAULT outside RAM.  The whole pages in
 * the range are given back (MADV_DONTNEED), not written: a page of a
 * private anonymous mapping - guest RAM, a view into it, the tests'
 * calloc'd RAM - then reads as zeros again and costs nothing until it is
 * touched.  Only the partial pages at either end are written.  A loaded
 * image's .bss this way takes no page the guest never uses (netecho's
 * 2 MiB receive buffer was 536 page faults at every start).
 */
int guest_mem_zero(const struct guest_mem *mem, uint64_t gpa, uint64_t len);
/* Host pointer to [gpa, gpa+len) or NULL if any byte lies outside RAM. */
void *guest_mem_ptr(const struct guest_mem *mem, uint64_t gpa, uint64_t len);
/* Copy to/from guest-physical memory; -EFAULT outside RAM. */
int guest_mem_read(const struct guest_mem *mem, uint64_t gpa, void *dst,
		   size_t len);
int guest_mem_write(const struct guest_mem *mem, uint64_t gpa,
		    const void *src, size_t len);

/*
 * vmscope's own writes into RAM (core/mem_watch.h): a writer through a
 * host pointer says what it wrote, after the bytes are in place, from
 * any thread (guest_mem_write() and guest_mem_zero() say it themselves);
 * the watcher - one at a time, or NULL for none - hears it on the
 * writer's thread.  Setting a watcher returns when no call into the one
 * before is under way.
 */
typedef void guest_mem_wrote_fn(void *opaque, uint64_t gpa, uint64_t len);
void guest_mem_watch_writes(const struct guest_mem *mem,
			    guest_mem_wrote_fn *wrote, void *opaque);
void guest_mem_wrote(const struct guest_mem *mem, uint64_t gpa, uint64_t len);

/* Declare the window (before a backend is created: both read it then).
 * -EINVAL unless page-aligned, inside RAM, at most MEM_WINDOW_MAX_PAGES. */
int guest_mem_set_window(struct guest_mem *mem, uint64_t gpa, uint64_t len,
			 enum mem_window_backing backing);
/* Is gpa in the window? */
bool guest_mem_in_window(const struct guest_mem *mem, uint64_t gpa);
/* Does the CPU see no RAM at gpa (a window with MMIO backing)? */
bool guest_mem_is_mmio(const struct guest_mem *mem, uint64_t gpa);
/* Mark the window's page holding gpa dirty; any thread. */
void guest_mem_mark_dirty(struct guest_mem *mem, uint64_t gpa);
/* OR a backend's dirty bits (bit n = window page n) in; any thread. */
void guest_mem_add_dirty(struct guest_mem *mem, uint64_t pages);
/* The window's dirty pages since the last call, and clear them. */
uint64_t guest_mem_take_dirty(struct guest_mem *mem);

#endif /* CORE_MEMORY_H */
