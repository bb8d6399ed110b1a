/*
 * guest/hv/hv_main.c - the L1 mini-hypervisor's main loop.
 *
 * vmscope (L0) started this kernel with --nested and left the image of the
 * guest to run (L2) in RAM, described at NESTED_BOOT_INFO.  The upper half
 * of L1's RAM becomes L2's RAM.  Then the loop every hypervisor has:
 *
 *     ring the run doorbell  ->  L0 runs L2 until an exit L1 asked for
 *     look at the exit       ->  emulate what L2 wanted, step past it
 *     again
 *
 * RFLAGS after the doorbell say whether L2 ran at all (guest/abi/nested.h:
 * CF, the block's address was refused; ZF, a check on the block failed).
 */
#include <stdint.h>

#include "guest/abi/machine.h"
#include "guest/hv/hv.h"
#include "guest/kernel/console.h"
#include "guest/kernel/program.h"
#include "guest/kernel/shutdown.h"

#define RFLAGS_CF (1ULL << 0)
#define RFLAGS_ZF (1ULL << 6)
#define PAGE_SIZE 4096

static struct nested_block block __attribute__((aligned(PAGE_SIZE)));
static uint8_t io_bitmap_a[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t io_bitmap_b[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* The run doorbell: a 32-bit OUT of the block's address; L0 answers in
 * RFLAGS, read right after (OUT itself changes no flag). */
static uint64_t ring_run_doorbell(const struct nested_block *b)
{
	uint64_t flags;

	__asm__ volatile("outl %k1, %w2\n\tpushfq\n\tpopq %0"
			 : "=r"(flags)
			 : "a"((uint32_t)(uintptr_t)b),
			   "Nd"((uint16_t)NESTED_PORT_RUN)
			 : "memory", "cc");
	return flags;
}

static const struct nested_boot *find_boot(void)
{
	const struct nested_boot *nb = (const void *)NESTED_BOOT_INFO;

	if (nb->magic != NESTED_BOOT_MAGIC || nb->count == 0 ||
	    nb->count > NESTED_MAX_IMAGES || nb->level == 0) {
		hv_say("hv: no guest to run (vmscope starts me with "
		       "--nested)\n");
		shutdown(1);
	}
	return nb;
}

static void announce(const struct hv_guest *g, unsigned level)
{
	char as[] = " as L2 in ", at[] = " MiB at L1-physical ";

	as[5] = (char)('0' + (level + 1) % 10);
	at[9] = (char)('0' + level % 10);
	hv_say("hv: running ");
	console_puts(g->name);
	console_puts(as);
	console_putdec(g->size >> 20);
	console_puts(at);
	console_puthex(g->base);
	console_puts("\n");
}

/* --nested 2 and deeper: the images after the first are for L2 to run.
 * Put them in L2's RAM where L2 will look, as vmscope put them in ours:
 * a struct nested_boot at NESTED_BOOT_INFO, the bytes from NESTED_IMAGES
 * (both L2-physical), one level down. */
static void pass_on(const struct hv_guest *g, const struct nested_boot *nb)
{
	struct nested_boot *next =
		(struct nested_boot *)(uintptr_t)(g->base + NESTED_BOOT_INFO);
	uint64_t at = NESTED_IMAGES;

	*next = (struct nested_boot){ .magic = NESTED_BOOT_MAGIC,
				      .count = nb->count - 1,
				      .level = nb->level + 1 };
	for (uint32_t i = 1; i < nb->count; i++) {
		const uint8_t *src = (const uint8_t *)(uintptr_t)nb->image[i].gpa;
		uint8_t *dst = (uint8_t *)(uintptr_t)(g->base + at);

		if (at + nb->image[i].size > g->size / 2) {
			hv_say("hv: the images to pass on do not fit L2's RAM\n");
			shutdown(1);
		}
		for (uint64_t b = 0; b < nb->image[i].size; b++)
			dst[b] = src[b];
		next->image[i - 1] = nb->image[i];
		next->image[i - 1].gpa = at;
		at = (at + nb->image[i].size + PAGE_SIZE - 1) &
		     ~(uint64_t)(PAGE_SIZE - 1);
	}
}

static int run_l2(const struct hv_guest *g)
{
	for (;;) {
		uint64_t flags = ring_run_doorbell(&block);
		int status;

		if (flags & RFLAGS_CF) {
			hv_say("hv: L0 refused the control block's address\n");
			return 1;
		}
		if (flags & RFLAGS_ZF) {
			hv_say("hv: entry failed, check ");
			console_putdec(block.entry_failure);
			console_puts("\n");
			return 1;
		}
		status = hv_handle_exit(g, &block);
		if (status)
			return status;
	}
}

void start_program(void)
{
	const struct boot_info *info = (const void *)BOOT_INFO;
	const struct nested_boot *nb = find_boot();
	const struct nested_image *img = &nb->image[0];
	struct hv_guest g = {
		.base = info->ram_size / 2, .size = info->ram_size / 2,
		.name = img->name,
	};

	hv_set_level(nb->level, nb->count > 1);
	if (hv_load_image(&g, (const uint8_t *)(uintptr_t)img->gpa, img->size))
		shutdown(1);
	if (nb->count > 1)
		pass_on(&g, nb);
	announce(&g, nb->level);
	block.magic = NESTED_BLOCK_MAGIC;
	block.revision = NESTED_BLOCK_REVISION;
	block.nested_root = hv_build_nested_table(&g);
	hv_set_intercepts(&block, io_bitmap_a, io_bitmap_b);
	hv_boot_l2(&g, &block);
	shutdown((uint8_t)run_l2(&g));
}
