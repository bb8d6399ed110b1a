/*
 * tests/unit/test_paging.c - the read-only 4-level walk: 4 KiB, 2 MiB and
 * 1 GiB pages, present bits, address masking, reads across pages, and the
 * walk never writing to the tables.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/paging.h"
#include "tests/unit/support/pt_builder.h"

#define RAM_SIZE    (64ULL << 20)
#define TABLES      0x10000ULL      /* the builder's tables go here */
#define TABLES_LEN  0x10000ULL

struct fixture {
	struct guest_mem mem;
	struct pt_builder pt;
};

static uint64_t *pte(struct fixture *f, uint64_t table, unsigned index)
{
	return (uint64_t *)guest_mem_ptr(&f->mem, table + index * 8, 8);
}

static int setup(void **state)
{
	static struct fixture f;

	if (guest_mem_init(&f.mem, RAM_SIZE))
		return -1;
	*state = &f;
	pt_builder_init(&f.pt, &f.mem, TABLES);
	pt_map(&f.pt, 0x400000, 0x800000, PT_PAGE_4K);
	pt_map(&f.pt, 0x401000, 0x900000, PT_PAGE_4K);
	pt_map(&f.pt, 0x402000, 0xd0000000, PT_PAGE_4K);   /* MMIO, no RAM */
	pt_map(&f.pt, 0x40200000, 0x600000, PT_PAGE_2M);
	pt_map(&f.pt, 0x8000000000ULL, 0, PT_PAGE_1G);
	pt_map(&f.pt, 0xffff800000001000ULL, 0x300000, PT_PAGE_4K);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	guest_mem_destroy(&f->mem);
	return 0;
}

static void expect_gpa(struct fixture *f, uint64_t gva, uint64_t gpa)
{
	uint64_t got = 0;

	assert_int_equal(paging_translate(&f->mem, f->pt.cr3, gva, &got), 0);
	assert_int_equal(got, gpa);
}

static void expect_fault(struct fixture *f, uint64_t cr3, uint64_t gva)
{
	uint64_t got = 0x5a5a;

	assert_int_equal(paging_translate(&f->mem, cr3, gva, &got), -EFAULT);
	assert_int_equal(got, 0x5a5a);
}

static void test_4k_pages(void **state)
{
	struct fixture *f = *state;

	expect_gpa(f, 0x400000, 0x800000);
	expect_gpa(f, 0x400abc, 0x800abc);
	expect_gpa(f, 0x400fff, 0x800fff);
	expect_gpa(f, 0x401000, 0x900000);
	expect_gpa(f, 0xffff800000001234ULL, 0x300234);
	expect_gpa(f, 0x402010, 0xd0000010);     /* mapped, though not RAM */
}

static void test_large_pages(void **state)
{
	struct fixture *f = *state;

	expect_gpa(f, 0x40200000, 0x600000);
	expect_gpa(f, 0x403fffff, 0x7fffff);
	expect_gpa(f, 0x8000000000ULL, 0);
	expect_gpa(f, 0x8000123456ULL, 0x123456);
	expect_gpa(f, 0x803fffffffULL, 0x3fffffff);
}

static void test_not_mapped(void **state)
{
	struct fixture *f = *state;

	expect_fault(f, f->pt.cr3, 0x403000);      /* PTE not present */
	expect_fault(f, f->pt.cr3, 0x600000);      /* PDE not present */
	expect_fault(f, f->pt.cr3, 0x40400000);    /* next 2 MiB page */
	expect_fault(f, f->pt.cr3, 0x8040000000ULL);  /* next 1 GiB page */
	expect_fault(f, f->pt.cr3, 0x10000000000ULL); /* PML4E not present */
	expect_fault(f, f->pt.cr3, 0);
}

static void test_non_canonical(void **state)
{
	struct fixture *f = *state;

	/* each would alias a mapped address if bits 63:47 were ignored */
	expect_fault(f, f->pt.cr3, 0x0001000000400000ULL);
	expect_fault(f, f->pt.cr3, 0x7fff800000001000ULL);
	expect_fault(f, f->pt.cr3, 0x0000800000000000ULL);
}

/* Bits 63:52 (NX, ignored bits, protection keys) are not address bits;
 * neither are CR3's PWT/PCD bits (4:3). */
static void test_address_masking(void **state)
{
	struct fixture *f = *state;
	uint64_t high_bits = (1ULL << 63) | (0x7fULL << 52);
	uint64_t gpa;

	pt_map(&f->pt, 0x404000, 0xa00000, PT_PAGE_4K);
	*pt_leaf(&f->pt, 0x404000) |= high_bits;
	*pt_leaf(&f->pt, 0x40200000) |= high_bits;
	expect_gpa(f, 0x404010, 0xa00010);
	expect_gpa(f, 0x40212345, 0x612345);
	assert_int_equal(paging_translate(&f->mem, f->pt.cr3 | 0x18, 0x404010,
					  &gpa), 0);
	assert_int_equal(gpa, 0xa00010);
}

static void test_ps_in_pml4_is_reserved(void **state)
{
	struct fixture *f = *state;

	*pte(f, f->pt.cr3, 2) = 0x40000000ULL | 0x83;   /* P, W, PS */
	expect_fault(f, f->pt.cr3, 0x10000000000ULL);
}

static void test_table_outside_ram(void **state)
{
	struct fixture *f = *state;

	*pte(f, f->pt.cr3, 3) = 0x80000000ULL | 0x3;    /* PDPT beyond 64 MiB */
	expect_fault(f, f->pt.cr3, 0x18000000000ULL);
	expect_fault(f, 0xfffff000ULL, 0x400000);      /* CR3 beyond RAM */
}

static void test_read_across_pages(void **state)
{
	struct fixture *f = *state;
	uint8_t out[16];
	unsigned i;

	for (i = 0; i < 8; i++) {
		f->mem.host[0x800ff8 + i] = 0x10 + i;
		f->mem.host[0x900000 + i] = 0x20 + i;
	}
	assert_int_equal(paging_read(&f->mem, f->pt.cr3, 0x400ff8, out, 16), 0);
	for (i = 0; i < 8; i++) {
		assert_int_equal(out[i], 0x10 + i);
		assert_int_equal(out[8 + i], 0x20 + i);
	}
	assert_int_equal(paging_read(&f->mem, f->pt.cr3, 0x403000, out, 0), 0);
}

static void test_read_faults(void **state)
{
	struct fixture *f = *state;
	uint8_t out[16];

	/* the second page of the read is the MMIO page: no RAM behind it */
	assert_int_equal(paging_read(&f->mem, f->pt.cr3, 0x401ff8, out, 16), -EFAULT);
	/* the second page is not mapped */
	assert_int_equal(paging_read(&f->mem, f->pt.cr3, 0x402ff8, out, 16), -EFAULT);
	assert_int_equal(paging_read(&f->mem, f->pt.cr3, 0x403000, out, 1), -EFAULT);
	/* wrapping past 2^64 lands on non-canonical or unmapped addresses */
	assert_int_equal(paging_read(&f->mem, f->pt.cr3, UINT64_MAX - 3, out, 8), -EFAULT);
}

/* The CPU would set accessed/dirty bits; this walk must not. */
static void test_walk_is_read_only(void **state)
{
	struct fixture *f = *state;
	uint8_t *before = malloc(TABLES_LEN);
	uint64_t gpa;
	uint8_t out[8];

	assert_non_null(before);
	memcpy(before, f->mem.host + TABLES, TABLES_LEN);
	assert_int_equal(paging_translate(&f->mem, f->pt.cr3, 0x400000, &gpa), 0);
	assert_int_equal(paging_translate(&f->mem, f->pt.cr3, 0x40200000, &gpa), 0);
	assert_int_equal(paging_read(&f->mem, f->pt.cr3, 0x8000000000ULL, out, 8), 0);
	assert_memory_equal(before, f->mem.host + TABLES, TABLES_LEN);
	free(before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_4k_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_mapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_non_canonical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_address_masking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ps_in_pml4_is_reserved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_outside_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_across_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_is_read_only, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
