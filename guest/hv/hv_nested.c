/*
 * guest/hv/hv_nested.c - L1 runs its guest's guest: the doorbell
 * emulated one level down (--nested 2, docs/NESTING.md).
 *
 * With --nested 2 the guest this hypervisor runs (L2) is the same
 * mini-hypervisor, which runs hello (L3) by ringing the run doorbell with
 * a control block in L2's memory.  L2's OUT is an exit vmscope (L0)
 * always reflects to L1 - L2's hypervisor is L1 - so L1 does for L2 what
 * L0 does for L1, with the same steps:
 *   1. copy L2's block (block12, in L2's RAM) into a block of L1's own
 *      (block02: the block L0 will run L3 from), once, and use the copy;
 *   2. make its addresses L1-physical: the I/O bitmaps (L2-physical pages,
 *      inside L2's RAM) and the nested page table - L1 composes L2's
 *      table (L3-physical -> L2-physical) with its own (L2-physical ->
 *      L1-physical: base + address) into one L0 can walk;
 *   3. ring L0's doorbell with block02: L0 runs L3 until an exit L3's
 *      controls - L2's - ask for;
 *   4. write L3's state and the exit back into block12, and resume L2
 *      after its OUT with the flags L0 gave (CF, ZF, or neither).
 * Every exit of L3's that reaches L1 is one L2 asked for, so L1 reflects
 * each to L2: the cascade the Turtles paper measured - one exit of L3's
 * is an exit to L0, a reflection to L1, a reflection to L2, and L2's
 * handling and doorbell, each itself a trip through L0 and L1.
 *
 * L1 composes the table with hv_compose() (hv_compose.c) and rings L0's
 * invalidate doorbell first when it changed an entry L0 may hold.
 */
#include <stdint.h>

#include "guest/hv/hv.h"

#define PAGE_4K   0x1000ULL
#define RAX       0
#define RFLAGS_CF (1ULL << 0)
#define RFLAGS_ZF (1ULL << 6)

static struct nested_block block02 __attribute__((aligned(PAGE_4K)));

static uint64_t ring_l0(uint16_t port, const struct nested_block *b)
{
	uint64_t flags;

	__asm__ volatile("outl %k1, %w2\n\tpushfq\n\tpopq %0"
			 : "=r"(flags)
			 : "a"((uint32_t)(uintptr_t)b), "Nd"(port)
			 : "memory", "cc");
	return flags;
}

/* Bytes [from, to) of block02 into L2's block: the result fields. */
static void write_back(struct nested_block *b12, uint64_t from, uint64_t to)
{
	const uint8_t *src = (const uint8_t *)&block02;
	uint8_t *dst = (uint8_t *)b12;

	for (uint64_t i = from; i < to; i++)
		dst[i] = src[i];
}

/* Steps 1 and 2: block02 from a copy of block12; 0, or the check that
 * failed for L2 (an address outside L2's RAM).  *stale: the composed
 * table changed an entry L0 may hold in its shadow. */
static uint32_t build_block02(const struct hv_guest *g,
			      const struct nested_block *b12, int *stale)
{
	block02 = *b12;    /* the one read of L2's block: the copy is used */
	block02.io_bitmap_a = hv_l1_addr(g, block02.io_bitmap_a, PAGE_4K);
	block02.io_bitmap_b = hv_l1_addr(g, block02.io_bitmap_b, PAGE_4K);
	if ((block02.intercepts & NESTED_INTERCEPT_IO) &&
	    (!block02.io_bitmap_a || !block02.io_bitmap_b))
		return NESTED_FAIL_IO_BITMAP;
	if (!hv_l1_addr(g, block02.nested_root, PAGE_4K))
		return NESTED_FAIL_NESTED_ROOT;
	block02.nested_root = hv_compose(g, block02.nested_root, stale);
	return NESTED_FAIL_NONE;
}

void hv_nested_doorbell(const struct hv_guest *g, struct nested_block *b01,
			uint16_t port)
{
	uint64_t gpa = (uint32_t)b01->gpr[RAX], flags;
	uint64_t at = hv_l1_addr(g, gpa, PAGE_4K);
	struct nested_block *b12 = (struct nested_block *)(uintptr_t)at;
	uint32_t failed;
	int stale;

	b01->rflags &= ~(RFLAGS_CF | RFLAGS_ZF);
	if (port == NESTED_PORT_INVALIDATE) {
		ring_l0(NESTED_PORT_INVALIDATE, &block02);
		return;
	}
	if (!at || gpa == 0 || (gpa & (PAGE_4K - 1))) {
		b01->rflags |= RFLAGS_CF;
		return;
	}
	failed = build_block02(g, b12, &stale);
	if (failed) {
		b12->exit_reason = NESTED_EXIT_ENTRY_FAILED;
		b12->entry_failure = failed;
		b01->rflags |= RFLAGS_ZF;
		return;
	}
	if (stale)     /* as a VMX hypervisor's INVEPT after it changed EPT */
		ring_l0(NESTED_PORT_INVALIDATE, &block02);
	flags = ring_l0(NESTED_PORT_RUN, &block02);
	b01->rflags |= flags & (RFLAGS_CF | RFLAGS_ZF);
	write_back(b12, __builtin_offsetof(struct nested_block, gpr),
		   __builtin_offsetof(struct nested_block, intercepts));
	write_back(b12, __builtin_offsetof(struct nested_block, exit_reason),
		   sizeof(struct nested_block));
}
