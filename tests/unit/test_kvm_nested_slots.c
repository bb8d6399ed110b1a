/*
 * tests/unit/test_kvm_nested_slots.c - the bookkeeping of L2's memory
 * slots on KVM (kvm/kvm_nested_slots.c), which needs no /dev/kvm.
 *
 * L1's RAM holds a nested table: L2-physical [0, 2 MiB) is one 2 MiB page
 * at L1-physical 8 MiB; [2 MiB, 2 MiB + 16 KiB) four 4 KiB pages at
 * L1-physical 12 MiB, contiguous; 2 MiB + 16 KiB a page elsewhere;
 * 2 MiB + 20 KiB a read-only page right after the contiguous four's L1
 * pages.  A shadow fault's range is the run of pages L1 maps the same way
 * inside one 2 MiB block; slots never overlap, never leave L1's RAM, and
 * stop at KVM's limit; a dropped slot is free again.  And the stage-1
 * walk that names the page-table pages mapped before L2 runs, and what a
 * fault during an event's delivery asks of the slots.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <linux/kvm.h>

#include "kvm/kvm_nested.h"
#include "tests/unit/support/pt_builder.h"

#define RAM      (32ULL << 20)
#define NTABLES  0x100000ULL     /* L1's nested table */
#define BIG      0x800000ULL     /* L2-physical 0 is here, a 2 MiB page */
#define SMALL    0xc00000ULL     /* L2-physical 2 MiB: four 4 KiB pages */
#define ELSE     0xe00000ULL     /* L2-physical 2 MiB + 16 KiB */
#define PTE_RW   (1ULL << 1)

static struct guest_mem mem;
static struct pt_builder nested;
static struct kvm_nested_slots slots;

static int setup(void **state)
{
	(void)state;
	if (guest_mem_init(&mem, RAM))
		return -1;
	pt_builder_init(&nested, &mem, NTABLES);
	pt_map(&nested, 0, BIG, PT_PAGE_2M);
	pt_map_range(&nested, 0x200000, SMALL, 0x4000);
	pt_map(&nested, 0x204000, ELSE, PT_PAGE_4K);
	pt_map(&nested, 0x205000, SMALL + 0x4000, PT_PAGE_4K);
	*pt_leaf(&nested, 0x205000) &= ~PTE_RW;
	kvm_nested_slots_init(&slots, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	guest_mem_destroy(&mem);
	return 0;
}

static void range_at(uint64_t l2_gpa, uint64_t l1_page, bool writable,
		     struct kvm_nested_range *r)
{
	kvm_nested_range_at(&slots, &mem, nested.cr3, l2_gpa, l1_page,
			    writable, r);
}

/* A fault anywhere in a 2 MiB page of L1's maps the whole of it. */
static void test_large_page_one_slot(void **state)
{
	struct kvm_nested_range r;
	uint64_t l1 = 0;

	(void)state;
	range_at(0x10123, BIG + 0x10000, true, &r);
	assert_int_equal(r.l2_gpa, 0);
	assert_int_equal(r.l1_gpa, BIG);
	assert_int_equal(r.len, 0x200000);
	assert_true(r.writable);
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), 0);
	assert_int_equal(slots.used, 1);
	assert_int_equal(kvm_nested_slots_find(&slots, 0x1fffff), 0);
	assert_int_equal(kvm_nested_slots_find(&slots, 0x200000), -1);
	assert_true(kvm_nested_slots_l1(&slots, 0x10123, &l1));
	assert_int_equal(l1, BIG + 0x10123);
	assert_false(kvm_nested_slots_l1(&slots, 0x200000, &l1));
}

/* 4 KiB pages: the range stops where L1's pages stop being contiguous
 * (a page elsewhere) and where the rights change (a read-only page whose
 * L1 page does follow on). */
static void test_small_pages_contiguous_run(void **state)
{
	struct kvm_nested_range r;

	(void)state;
	range_at(0x202008, SMALL + 0x2000, true, &r);
	assert_int_equal(r.l2_gpa, 0x200000);
	assert_int_equal(r.l1_gpa, SMALL);
	assert_int_equal(r.len, 0x4000);
	range_at(0x205000, SMALL + 0x4000, false, &r);
	assert_int_equal(r.l2_gpa, 0x205000);
	assert_int_equal(r.len, 0x1000);
	assert_false(r.writable);
	range_at(0x204000, ELSE, true, &r);
	assert_int_equal(r.l2_gpa, 0x204000);
	assert_int_equal(r.l1_gpa, ELSE);
	assert_int_equal(r.len, 0x1000);
}

/* A range grows over no page a slot already holds: two faults in one run
 * of pages give two slots side by side, never overlapping. */
static void test_range_stops_at_slot(void **state)
{
	struct kvm_nested_range r;

	(void)state;
	range_at(0x201000, SMALL + 0x1000, true, &r);
	r.len = 0x1000;   /* as if only this page had been mapped */
	r.l2_gpa = 0x201000;
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), 0);
	range_at(0x202000, SMALL + 0x2000, true, &r);
	assert_int_equal(r.l2_gpa, 0x202000);
	assert_int_equal(r.len, 0x2000);
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), 1);
	range_at(0x200000, SMALL, true, &r);
	assert_int_equal(r.l2_gpa, 0x200000);
	assert_int_equal(r.len, 0x1000);
}

/* What L0's own walk gave is the anchor: an anchor at L1-physical 0
 * does not grow below it (there is no L1 address under 0), and grows up
 * over the pages that follow it. */
static void test_range_never_below_l1_zero(void **state)
{
	struct kvm_nested_range r;

	(void)state;
	pt_map(&nested, 0x400000, 0x300000, PT_PAGE_4K);
	pt_map(&nested, 0x401000, 0, PT_PAGE_4K);
	pt_map(&nested, 0x402000, 0x1000, PT_PAGE_4K);
	range_at(0x401000, 0, true, &r);
	assert_int_equal(r.l2_gpa, 0x401000);
	assert_int_equal(r.l1_gpa, 0);
	assert_int_equal(r.len, 0x2000);
}

/* Refused: empty, unaligned, overlapping, outside L1's RAM, crossing its
 * end, wrapping around the L2-physical space. */
static void test_add_refuses_bad_ranges(void **state)
{
	struct kvm_nested_range ok = { 0x10000, 0x100000, 0x2000, true, 0 };
	struct kvm_nested_range r;

	(void)state;
	assert_int_equal(kvm_nested_slots_add(&slots, &ok, RAM), 0);
	r = ok;
	r.len = 0;
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), -EINVAL);
	r = ok;
	r.l2_gpa = 0x20010;
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), -EINVAL);
	r = ok;
	r.l2_gpa = 0x11000;   /* overlaps ok's second page */
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), -EINVAL);
	r = ok;
	r.l2_gpa = 0x40000;
	r.l1_gpa = RAM;
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), -EINVAL);
	r.l1_gpa = RAM - 0x1000;
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), -EINVAL);
	r.l1_gpa = 0;
	r.l2_gpa = UINT64_MAX & ~0xfffULL;
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), -EINVAL);
	assert_int_equal(slots.used, 1);
}

/* KVM's limit: with 3 slots the fourth range is refused; a dropped slot
 * is taken again, and an unknown or free slot dropped changes nothing. */
static void test_slot_limit_and_drop(void **state)
{
	struct kvm_nested_range r = { 0, 0x100000, 0x1000, true, 0 };

	(void)state;
	kvm_nested_slots_init(&slots, 3);
	assert_int_equal(slots.max, 3);
	for (int i = 0; i < 3; i++) {
		r.l2_gpa = (uint64_t)i << 12;
		assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), i);
	}
	r.l2_gpa = 0x3000;
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), -ENOSPC);
	kvm_nested_slots_drop(&slots, 1);
	kvm_nested_slots_drop(&slots, 1);
	kvm_nested_slots_drop(&slots, 40);
	assert_int_equal(slots.used, 2);
	assert_int_equal(kvm_nested_slots_find(&slots, 0x1000), -1);
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), 1);
	assert_int_equal(kvm_nested_slots_find(&slots, 0x3000), 1);
	kvm_nested_slots_init(&slots, 100000);
	assert_int_equal(slots.max, KVM_NESTED_SLOTS_MAX);
	assert_int_equal(slots.used, 0);
}

/* Invalidation is every slot dropped: nothing is found after. */
static void test_drop_all_is_invalidation(void **state)
{
	struct kvm_nested_range r;

	(void)state;
	range_at(0, BIG, true, &r);
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), 0);
	range_at(0x200000, SMALL, true, &r);
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), 1);
	for (unsigned i = 0; i < slots.max; i++)
		kvm_nested_slots_drop(&slots, i);
	assert_int_equal(slots.used, 0);
	assert_int_equal(kvm_nested_slots_find(&slots, 0), -1);
	assert_int_equal(kvm_nested_slots_find(&slots, 0x200000), -1);
	range_at(0x200000, SMALL, true, &r);
	assert_int_equal(r.len, 0x4000);   /* grows again over the freed */
}

/* The pages KVM must have before L2 runs: nested_translate_l2() names
 * each table of L2's walk (L2-physical), a large leaf's table repeated. */
static void test_walk_names_l2_tables(void **state)
{
	struct guest_mem view = { .host = mem.host + BIG, .size = 0x200000 };
	struct pt_builder l2;
	uint64_t tables[4], gpa = 0;

	(void)state;
	pt_builder_init(&l2, &view, 0x10000);
	pt_map(&l2, 0x400000, 0x3000, PT_PAGE_4K);
	pt_map(&l2, 0x800000, 0x200000, PT_PAGE_2M);
	assert_int_equal(nested_translate_l2(&mem, nested.cr3, l2.cr3,
					     0x400123, &gpa, tables), 0);
	assert_int_equal(gpa, 0x3123);
	assert_int_equal(tables[0], l2.cr3);
	for (int i = 1; i < 4; i++) {
		assert_true(tables[i] > tables[i - 1]);
		assert_true(tables[i] < 0x10000 + 8 * PT_PAGE_4K);
	}
	assert_int_equal(nested_translate_l2(&mem, nested.cr3, l2.cr3,
					     0x800010, &gpa, tables), 0);
	assert_int_equal(gpa, 0x200010);
	assert_int_equal(tables[3], tables[2]);
	assert_int_equal(nested_translate_l2(&mem, nested.cr3, l2.cr3,
					     0xa00000, &gpa, tables), -EFAULT);
}

/*
 * KVM_INTERNAL_ERROR_DELIVERY_EV: L2's event delivery touched a page with
 * no slot.  It used to end the VM; it is a shadow fault at the GPA in
 * data[3] when KVM gave one (5 words: {info 2, reason, info 1, GPA, CPU}),
 * a read where no slot holds the page, a write where a read-only one
 * does; never when a writable slot holds it (no fault of the slots').
 */
static void test_delivery_fault(void **state)
{
	const __u64 words[5] = { 0, 48, 0x182, 0x204010, 1 };
	const __u64 no_gpa[5] = { 0, 48, 0x182, ~0ULL, 1 };
	struct kvm_nested_range r;
	uint64_t gpa = 0;

	(void)state;
	assert_int_equal(kvm_nested_delivery_fault(&slots,
			KVM_INTERNAL_ERROR_DELIVERY_EV, 5, words, &gpa),
			 KVM_DELIVERY_READ);
	assert_int_equal(gpa, 0x204010);
	/* older VMX: 4 words and no GPA - data[3] is the CPU there */
	assert_int_equal(kvm_nested_delivery_fault(&slots,
			KVM_INTERNAL_ERROR_DELIVERY_EV, 4, words, &gpa),
			 KVM_DELIVERY_NONE);
	assert_int_equal(kvm_nested_delivery_fault(&slots,
			KVM_INTERNAL_ERROR_DELIVERY_EV, 5, no_gpa, &gpa),
			 KVM_DELIVERY_NONE);
	assert_int_equal(kvm_nested_delivery_fault(&slots,
			KVM_INTERNAL_ERROR_EMULATION, 5, words, &gpa),
			 KVM_DELIVERY_NONE);
	range_at(0x204000, ELSE, false, &r);
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), 0);
	assert_int_equal(kvm_nested_delivery_fault(&slots,
			KVM_INTERNAL_ERROR_DELIVERY_EV, 5, words, &gpa),
			 KVM_DELIVERY_WRITE);
	kvm_nested_slots_drop(&slots, 0);
	range_at(0x204000, ELSE, true, &r);
	assert_int_equal(kvm_nested_slots_add(&slots, &r, RAM), 0);
	assert_int_equal(kvm_nested_delivery_fault(&slots,
			KVM_INTERNAL_ERROR_DELIVERY_EV, 5, words, &gpa),
			 KVM_DELIVERY_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_large_page_one_slot,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_small_pages_contiguous_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_range_stops_at_slot,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_range_never_below_l1_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_refuses_bad_ranges,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_slot_limit_and_drop,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_drop_all_is_invalidation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_names_l2_tables,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_delivery_fault,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
