/*
 * guest/hv/hv_compose.c - the nested page table L1 builds for L0 when it
 * runs its guest's guest (--nested 2, guest/hv/hv_nested.c): L2's table
 * (L3-physical -> L2-physical) composed with L1's own (L2-physical ->
 * L1-physical: L2's RAM at g->base) into one L0 can walk, npt02.
 *
 * It covers what hv_build_nested_table() builds: 2 MiB pages in
 * L3-physical's first GiB.  An entry of another shape, or one pointing
 * outside L2's RAM, is left out: L3 stops with a nested page fault there,
 * which L1 reflects to L2 as every other exit.
 *
 * npt02 is one table, rewritten in place at each of L2's run doorbells:
 * when an entry L0 may hold in its shadow changes (L2 runs L3 from
 * another root, or changed its table), L1 must tell L0, as a VMX
 * hypervisor runs INVEPT after changing its EPT.  An entry that was not
 * present needs nothing: L0 never keeps one.  Pure C over L1's memory,
 * so the host's unit test runs it too (tests/unit/test_hv_compose.c).
 */
#include "guest/hv/hv.h"

#define PAGE_4K   0x1000ULL
#define PAGE_2M   0x200000ULL
#define PTE_P     (1ULL << 0)
#define PTE_RW    (1ULL << 1)
#define PTE_PS    (1ULL << 7)
#define ADDR_MASK 0x000ffffffffff000ULL

static uint64_t npt02_pml4[512] __attribute__((aligned(PAGE_4K)));
static uint64_t npt02_pdpt[512] __attribute__((aligned(PAGE_4K)));
static uint64_t npt02_pd[512] __attribute__((aligned(PAGE_4K)));

uint64_t hv_l1_addr(const struct hv_guest *g, uint64_t l2_gpa, uint64_t len)
{
	if (l2_gpa >= g->size || g->size - l2_gpa < len)
		return 0;
	return g->base + l2_gpa;
}

/* The table entry at L2-physical table + 8 * idx, or 0 (not present). */
static uint64_t l2_entry(const struct hv_guest *g, uint64_t table,
			 unsigned idx)
{
	uint64_t at = hv_l1_addr(g, (table & ADDR_MASK) + 8ULL * idx, 8);

	return at ? *(const uint64_t *)(uintptr_t)at : 0;
}

/* L2's page directory for L3-physical's first GiB, or 0 (none usable). */
static uint64_t l2_pd(const struct hv_guest *g, uint64_t root12)
{
	uint64_t pdpt = l2_entry(g, root12, 0), pd;

	pd = (pdpt & PTE_P) && !(pdpt & PTE_PS) ? l2_entry(g, pdpt, 0) : 0;
	return (pd & PTE_P) && !(pd & PTE_PS) ? pd : 0;
}

/* npt02's entry for L2's 2 MiB entry e, or 0 where it is left out. */
static uint64_t composed(const struct hv_guest *g, uint64_t e)
{
	uint64_t at = hv_l1_addr(g, e & ADDR_MASK & ~(PAGE_2M - 1), PAGE_2M);

	if (!(e & PTE_P) || !(e & PTE_PS) || !at)
		return 0;
	return at | (e & (PTE_P | PTE_RW)) | PTE_PS;
}

uint64_t hv_compose(const struct hv_guest *g, uint64_t root12, int *stale)
{
	uint64_t pd = l2_pd(g, root12);

	*stale = 0;
	npt02_pml4[0] = (uint64_t)(uintptr_t)npt02_pdpt | PTE_P | PTE_RW;
	npt02_pdpt[0] = (uint64_t)(uintptr_t)npt02_pd | PTE_P | PTE_RW;
	for (unsigned i = 0; i < 512; i++) {
		uint64_t e = composed(g, pd ? l2_entry(g, pd, i) : 0);

		if (e == npt02_pd[i])
			continue;
		if (npt02_pd[i] & PTE_P)
			*stale = 1;
		npt02_pd[i] = e;
	}
	return (uint64_t)(uintptr_t)npt02_pml4;
}
