/*
 * tests/unit/test_hv_compose.c - the nested table hv composes for L0 when
 * it runs its guest's guest (guest/hv/hv_compose.c, --nested 2): L2's 2
 * MiB entries move into L1-physical, and a composition that changes an
 * entry L0 may hold says so (*stale), so that hv rings the invalidate
 * doorbell - L2 running L3 from another root, or an entry made read-only
 * - while a composition that only adds entries, or changes nothing, does
 * not.  The guest code is plain C over memory: here L2's RAM is a host
 * buffer, L1-physical a host address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "guest/hv/hv.h"

#define MIB     0x100000ULL
#define P_RW    0x3ULL
#define PS      0x80ULL
#define MASK    0x000ffffffffff000ULL
/* L2-physical: two nested roots, each with its PDPT and PD, an empty one */
#define ROOT_A  0x1000ULL
#define ROOT_B  0x4000ULL
#define EMPTY   0x7000ULL

static struct hv_guest g;

static uint64_t *l2(uint64_t l2_gpa)
{
	return (uint64_t *)(uintptr_t)(g.base + l2_gpa);
}

/* A root at root whose first GiB's first entry maps a 2 MiB page at
 * page (the PDPT and the PD in the two pages after the root). */
static void table(uint64_t root, uint64_t page)
{
	l2(root)[0] = (root + 0x1000) | P_RW;
	l2(root + 0x1000)[0] = (root + 0x2000) | P_RW;
	l2(root + 0x2000)[0] = page | P_RW | PS;
}

static int setup(void **state)
{
	int stale;

	(void)state;
	g.size = 16 * MIB;
	g.base = (uintptr_t)aligned_alloc(2 * MIB, g.size);
	assert_true(g.base != 0);
	memset(l2(0), 0, g.size);
	table(ROOT_A, 2 * MIB);
	table(ROOT_B, 4 * MIB);
	hv_compose(&g, EMPTY, &stale);   /* npt02 empty: nothing L0 holds */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free((void *)(uintptr_t)g.base);
	return 0;
}

/* npt02's PD entry i, through the root hv_compose() returned. */
static uint64_t npt02(uint64_t root, unsigned i)
{
	const uint64_t *pml4 = (const uint64_t *)(uintptr_t)root;
	const uint64_t *pdpt = (const uint64_t *)(uintptr_t)(pml4[0] & MASK);
	const uint64_t *pd = (const uint64_t *)(uintptr_t)(pdpt[0] & MASK);

	return pd[i];
}

static void test_same_root_twice_is_not_stale(void **state)
{
	uint64_t root;
	int stale;

	(void)state;
	root = hv_compose(&g, ROOT_A, &stale);
	assert_int_equal(stale, 0);      /* entries added only */
	assert_int_equal(npt02(root, 0), (g.base + 2 * MIB) | P_RW | PS);
	hv_compose(&g, ROOT_A, &stale);
	assert_int_equal(stale, 0);
}

static void test_another_root_is_stale(void **state)
{
	uint64_t root;
	int stale;

	(void)state;
	hv_compose(&g, ROOT_A, &stale);
	root = hv_compose(&g, ROOT_B, &stale);
	assert_int_equal(stale, 1);
	assert_int_equal(npt02(root, 0), (g.base + 4 * MIB) | P_RW | PS);
}

static void test_entry_added_is_not_stale_changed_is(void **state)
{
	uint64_t root;
	int stale;

	(void)state;
	hv_compose(&g, ROOT_A, &stale);
	l2(ROOT_A + 0x2000)[1] = (6 * MIB) | P_RW | PS;
	root = hv_compose(&g, ROOT_A, &stale);
	assert_int_equal(stale, 0);
	assert_int_equal(npt02(root, 1), (g.base + 6 * MIB) | P_RW | PS);
	l2(ROOT_A + 0x2000)[1] = (6 * MIB) | 0x1 | PS;   /* read-only now */
	root = hv_compose(&g, ROOT_A, &stale);
	assert_int_equal(stale, 1);
	assert_int_equal(npt02(root, 1), (g.base + 6 * MIB) | 0x1 | PS);
}

static void test_outside_l2_ram_left_out(void **state)
{
	uint64_t root;
	int stale;

	(void)state;
	l2(ROOT_A + 0x2000)[2] = (16 * MIB) | P_RW | PS;
	root = hv_compose(&g, ROOT_A, &stale);
	assert_int_equal(npt02(root, 2), 0);
	assert_int_equal(hv_l1_addr(&g, 16 * MIB - 8, 8), g.base + 16 * MIB - 8);
	assert_int_equal(hv_l1_addr(&g, 16 * MIB - 8, 16), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_same_root_twice_is_not_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_another_root_is_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_entry_added_is_not_stale_changed_is, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_outside_l2_ram_left_out, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
