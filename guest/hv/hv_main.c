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

static const struct nested_image *find_image(void)
{
	const struct nested_boot *nb = (const void *)NESTED_BOOT_INFO;

	if (nb->magic != NESTED_BOOT_MAGIC || nb->count == 0) {
		hv_say("hv: no guest to run (vmscope starts me with "
		       "--nested)\n");
		shutdown(1);
	}
	return &nb->image[0];
}

static void announce(const struct hv_guest *g)
{
	hv_say("hv: running ");
	console_puts(g->name);
	console_puts(" as L2 in ");
	console_putdec(g->size >> 20);
	console_puts(" MiB at L1-physical ");
	console_puthex(g->base);
	console_puts("\n");
}

static int run_l2(void)
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
		status = hv_handle_exit(&block);
		if (status)
			return status;
	}
}

void start_program(void)
{
	const struct boot_info *info = (const void *)BOOT_INFO;
	const struct nested_image *img = find_image();
	struct hv_guest g = {
		.base = info->ram_size / 2, .size = info->ram_size / 2,
		.name = img->name,
	};

	if (hv_load_image(&g, (const uint8_t *)(uintptr_t)img->gpa, img->size))
		shutdown(1);
	announce(&g);
	block.magic = NESTED_BLOCK_MAGIC;
	block.revision = NESTED_BLOCK_REVISION;
	block.nested_root = hv_build_nested_table(&g);
	hv_set_intercepts(&block, io_bitmap_a, io_bitmap_b);
	hv_boot_l2(&g, &block);
	shutdown((uint8_t)run_l2());
}
