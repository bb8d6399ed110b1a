/*
 * tests/unit/test_nested_walk.c - the two-stage walk and the shadow
 * address space (core/nested_walk.c, core/nested_shadow.c).
 *
 * L1's RAM holds a nested table mapping L2-physical [0, 4 MiB) to
 * L1-physical [8 MiB, 12 MiB) (4 KiB and 2 MiB leaves), and L2's own
 * page tables, at L2-physical addresses.  Hostile tables: a leaf or a
 * table outside L1's RAM, an entry looping back to the root, reserved
 * bits, a read-only leaf written.  The shadow: a fault per first touch,
 * hits after, reuse with the same root, a rebuild with another, drops on
 * invalidate, and never an entry outside RAM.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/nested.h"
#include "tests/unit/support/pt_builder.h"

#define RAM       (32ULL << 20)
#define NTABLES   0x100000ULL    /* L1's nested table */
#define L2_BASE   0x800000ULL    /* L2-physical 0 is here in L1 */
#define L2_TABLES 0x10000ULL     /* L2's page tables, L2-physical */

struct fixture {
	struct guest_mem mem;
	struct pt_builder nested;     /* in L1-physical memory */
	struct nested_shadows shadows;
	struct nested_shadow *shadow; /* the one the last entry chose */
	struct nested_counters c;
};

static struct fixture fx;

static int setup(void **state)
{
	struct pt_builder l2;
	struct guest_mem l2_view;

	memset(&fx, 0, sizeof(fx));
	if (guest_mem_init(&fx.mem, RAM))
		return -1;
	pt_builder_init(&fx.nested, &fx.mem, NTABLES);
	pt_map_range(&fx.nested, 0, L2_BASE, 0x200000);
	pt_map(&fx.nested, 0x200000, L2_BASE + 0x200000, PT_PAGE_2M);
	/* L2's tables, built through a view of L2's RAM (L2-physical 0 =
	 * L1-physical L2_BASE): L2-virtual 0x400000 -> L2-physical 0x3000 */
	l2_view = (struct guest_mem){ .host = fx.mem.host + L2_BASE,
				      .size = 4ULL << 20 };
	pt_builder_init(&l2, &l2_view, L2_TABLES);
	pt_map(&l2, 0x400000, 0x3000, PT_PAGE_4K);
	pt_map(&l2, 0x600000, 0x200000, PT_PAGE_2M);
	memcpy(fx.mem.host + L2_BASE + 0x3010, "nested!", 8);
	nested_shadows_init(&fx.shadows);
	fx.shadow = &fx.shadows.set[0];
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	guest_mem_destroy(&fx.mem);
	return 0;
}

static uint64_t *leaf(uint64_t l2_gpa)
{
	return pt_leaf(&fx.nested, l2_gpa);
}

static void test_stage2(void **state)
{
	uint64_t page = 0;

	(void)state;
	assert_int_equal(nested_walk(&fx.mem, fx.nested.cr3, 0x3010, false,
				     &page), NESTED_WALK_OK);
	assert_int_equal(page, L2_BASE + 0x3000);
	assert_int_equal(nested_walk(&fx.mem, fx.nested.cr3, 0x2345678, false,
				     &page), NESTED_WALK_NOT_PRESENT);
	/* the 2 MiB leaf */
	assert_int_equal(nested_walk(&fx.mem, fx.nested.cr3, 0x201234, true,
				     &page), NESTED_WALK_OK);
	assert_int_equal(page, L2_BASE + 0x201000);
}

static void test_two_stages(void **state)
{
	uint64_t gpa = 0;
	char buf[8];

	(void)state;
	assert_int_equal(nested_translate(&fx.mem, fx.nested.cr3, L2_TABLES,
					  0x400010, &gpa), 0);
	assert_int_equal(gpa, L2_BASE + 0x3010);
	assert_int_equal(nested_read_virt(&fx.mem, fx.nested.cr3, L2_TABLES,
					  0x400010, buf, 8), 8);
	assert_string_equal(buf, "nested!");
	assert_int_equal(nested_translate(&fx.mem, fx.nested.cr3, L2_TABLES,
					  0x600123, &gpa), 0);
	assert_int_equal(gpa, L2_BASE + 0x200123);
	assert_int_equal(nested_translate(&fx.mem, fx.nested.cr3, L2_TABLES,
					  0x500000, &gpa), -EFAULT);
	/* the L2 table itself not in L1's nested table: nothing read */
	assert_int_equal(nested_read_virt(&fx.mem, fx.nested.cr3, 0x3000000,
					  0x400010, buf, 8), 0);
}

static void test_hostile_tables(void **state)
{
	uint64_t page = 0, root = fx.nested.cr3;

	(void)state;
	*leaf(0x5000) = RAM | 3;                          /* leaf outside */
	assert_int_equal(nested_walk(&fx.mem, root, 0x5000, false, &page),
			 NESTED_WALK_OUTSIDE_RAM);
	*leaf(0x5000) = (RAM - 0x1000) | 3;               /* last page: fine */
	assert_int_equal(nested_walk(&fx.mem, root, 0x5000, false, &page),
			 NESTED_WALK_OK);
	*leaf(0x5000) = (L2_BASE + 0x5000) | 1;           /* read-only */
	assert_int_equal(nested_walk(&fx.mem, root, 0x5000, true, &page),
			 NESTED_WALK_READ_ONLY);
	*leaf(0x5000) = (L2_BASE + 0x5000) | (1ULL << 50) | 3;
	assert_int_equal(nested_walk(&fx.mem, root, 0x5000, false, &page),
			 NESTED_WALK_RESERVED);
	/* PML4 entry 1 points back at the PML4 itself: a loop */
	((uint64_t *)guest_mem_ptr(&fx.mem, root, 4096))[1] = root | 3;
	assert_int_equal(nested_walk(&fx.mem, root, 1ULL << 39, false, &page),
			 NESTED_WALK_LOOP);
	/* PML4 entry 2 points at a table outside RAM */
	((uint64_t *)guest_mem_ptr(&fx.mem, root, 4096))[2] = (1ULL << 40) | 3;
	assert_int_equal(nested_walk(&fx.mem, root, 2ULL << 39, false, &page),
			 NESTED_WALK_OUTSIDE_RAM);
	assert_int_equal(nested_walk(&fx.mem, RAM, 0, false, &page),
			 NESTED_WALK_OUTSIDE_RAM);          /* the root */
}

static void test_shadow_faults_then_hits(void **state)
{
	uint64_t gpa = 0;

	(void)state;
	fx.shadow = nested_shadow_enter(&fx.shadows, fx.nested.cr3, &fx.c);
	/* the CPU looks in the shadow only: a miss is a shadow fault */
	assert_false(nested_shadow_lookup(fx.shadow, 0x3010, false, &gpa));
	assert_int_equal(fx.c.shadow_faults, 0);
	assert_int_equal(nested_shadow_map(fx.shadow, &fx.mem, 0x3010, false,
					   &gpa, &fx.c), NESTED_WALK_OK);
	assert_int_equal(gpa, L2_BASE + 0x3010);
	gpa = 0;
	assert_true(nested_shadow_lookup(fx.shadow, 0x3018, false, &gpa));
	assert_int_equal(gpa, L2_BASE + 0x3018);
	assert_false(nested_shadow_lookup(fx.shadow, 0x3018, true, &gpa));
	assert_int_equal(nested_shadow_map(fx.shadow, &fx.mem, 0x3020, false,
					   &gpa, &fx.c), NESTED_WALK_OK);
	assert_int_equal(fx.c.shadow_faults, 1);
	assert_int_equal(fx.c.pages_mapped, 1);
	/* a write to a page first read walks again for the write right */
	assert_int_equal(nested_shadow_map(fx.shadow, &fx.mem, 0x3020, true,
					   &gpa, &fx.c), NESTED_WALK_OK);
	assert_int_equal(fx.c.shadow_faults, 2);
	assert_int_equal(fx.c.pages_mapped, 1);
	assert_int_equal(nested_shadow_map(fx.shadow, &fx.mem, 0x2345000,
					   false, &gpa, &fx.c),
			 NESTED_WALK_NOT_PRESENT);
	assert_int_equal(fx.shadow->entries, 1);
}

/* Two pages that share a slot, both needed by one instruction (a page
 * table and the data it maps): mapping the second keeps the first, or
 * the instruction would fault on them in turn for ever. */
static void test_shadow_slot_sharers(void **state)
{
	uint64_t a = 0x3000, b = a + NESTED_SHADOW_SLOTS * NESTED_PAGE, gpa;

	(void)state;
	fx.shadow = nested_shadow_enter(&fx.shadows, fx.nested.cr3, &fx.c);
	pt_map(&fx.nested, b, L2_BASE + 0x9000, PT_PAGE_4K);
	assert_int_equal(nested_shadow_map(fx.shadow, &fx.mem, a, false,
					   &gpa, &fx.c), NESTED_WALK_OK);
	assert_int_equal(nested_shadow_map(fx.shadow, &fx.mem, b, false,
					   &gpa, &fx.c), NESTED_WALK_OK);
	assert_true(nested_shadow_lookup(fx.shadow, a, false, &gpa));
	assert_int_equal(gpa, L2_BASE + 0x3000);
	assert_true(nested_shadow_lookup(fx.shadow, b, false, &gpa));
	assert_int_equal(gpa, L2_BASE + 0x9000);
	nested_shadow_invalidate(&fx.shadows, &fx.c);
	assert_false(nested_shadow_lookup(fx.shadow, a, false, &gpa));
}

static void test_shadow_reuse_rebuild_invalidate(void **state)
{
	uint64_t gpa = 0;

	(void)state;
	fx.shadow = nested_shadow_enter(&fx.shadows, fx.nested.cr3, &fx.c);
	nested_shadow_map(fx.shadow, &fx.mem, 0x3000, false, &gpa, &fx.c);
	nested_shadow_map(fx.shadow, &fx.mem, 0x4000, false, &gpa, &fx.c);
	fx.shadow = nested_shadow_enter(&fx.shadows, fx.nested.cr3, &fx.c);
	assert_int_equal(fx.c.shadow_reused, 1);
	assert_int_equal(fx.shadow->entries, 2);
	/* L1 rewrites its table without invalidating: the shadow keeps the
	 * old page (inside L1's RAM), as a TLB would */
	*leaf(0x3000) = (L2_BASE + 0x9000) | 3;
	nested_shadow_map(fx.shadow, &fx.mem, 0x3000, false, &gpa, &fx.c);
	assert_int_equal(gpa, L2_BASE + 0x3000);
	nested_shadow_invalidate(&fx.shadows, &fx.c);
	assert_int_equal(fx.c.invalidates, 1);
	assert_int_equal(fx.c.pages_dropped, 2);
	nested_shadow_map(fx.shadow, &fx.mem, 0x3000, false, &gpa, &fx.c);
	assert_int_equal(gpa, L2_BASE + 0x9000);
	/* another root gets a shadow of its own; the first one's stays */
	fx.shadow = nested_shadow_enter(&fx.shadows, fx.nested.cr3 + 0x1000,
					&fx.c);
	assert_int_equal(fx.c.shadow_rebuilt, 0);
	assert_int_equal(fx.shadow->entries, 0);
	fx.shadow = nested_shadow_enter(&fx.shadows, fx.nested.cr3, &fx.c);
	assert_int_equal(fx.c.shadow_reused, 2);
	assert_int_equal(fx.shadow->entries, 1);
	assert_true(nested_shadow_lookup(fx.shadow, 0x3000, false, &gpa));
}

/* A shadow per root, NESTED_SHADOW_SETS of them: two roots entered in
 * turn (L2's and L3's blocks at --nested 2) each keep theirs, with no
 * shadow fault after the first touch; a root beyond the set takes the
 * least recently used one's place.  Each drop gives a generation no
 * other shadow has had, so a TLB filled under one is never taken for
 * another's. */
static void test_shadow_per_root(void **state)
{
	const uint64_t r0 = fx.nested.cr3, r1 = fx.nested.cr3 + 0x1000;
	uint64_t gpa = 0, gen0, gen1;

	(void)state;
	fx.shadow = nested_shadow_enter(&fx.shadows, r0, &fx.c);
	nested_shadow_map(fx.shadow, &fx.mem, 0x3000, false, &gpa, &fx.c);
	gen0 = fx.shadow->generation;
	fx.shadow = nested_shadow_enter(&fx.shadows, r1, &fx.c);
	gen1 = fx.shadow->generation;
	assert_int_not_equal(gen0, gen1);
	for (int i = 0; i < 3; i++) {
		fx.shadow = nested_shadow_enter(&fx.shadows, r0, &fx.c);
		assert_int_equal(nested_shadow_map(fx.shadow, &fx.mem, 0x3000,
						   false, &gpa, &fx.c),
				 NESTED_WALK_OK);
		assert_int_equal(fx.shadow->generation, gen0);
		fx.shadow = nested_shadow_enter(&fx.shadows, r1, &fx.c);
	}
	assert_int_equal(fx.c.shadow_faults, 1);
	assert_int_equal(fx.c.shadow_reused, 6);
	assert_int_equal(fx.c.shadow_rebuilt, 0);
	/* r0 used last but one, r1 last: two more roots fill the set, a
	 * fifth evicts r0's (the least recently used) */
	nested_shadow_enter(&fx.shadows, r1 + 0x1000, &fx.c);
	nested_shadow_enter(&fx.shadows, r1 + 0x2000, &fx.c);
	assert_int_equal(fx.c.shadow_rebuilt, 0);
	fx.shadow = nested_shadow_enter(&fx.shadows, r1 + 0x3000, &fx.c);
	assert_int_equal(fx.c.shadow_rebuilt, 1);
	assert_int_equal(fx.shadow->entries, 0);
	assert_true(fx.shadow->generation > gen1);
	fx.shadow = nested_shadow_enter(&fx.shadows, r1, &fx.c);
	assert_int_equal(fx.shadow->generation, gen1);
	assert_int_equal(fx.c.shadow_rebuilt, 1);
	fx.shadow = nested_shadow_enter(&fx.shadows, r0, &fx.c);
	assert_int_equal(fx.c.shadow_rebuilt, 2);
	assert_false(nested_shadow_lookup(fx.shadow, 0x3000, false, &gpa));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stage2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_stages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shadow_per_root, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hostile_tables, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_shadow_faults_then_hits,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_shadow_reuse_rebuild_invalidate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shadow_slot_sharers, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
