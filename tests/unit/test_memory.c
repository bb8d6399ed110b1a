/*
 * tests/unit/test_memory.c - guest RAM: size rules and overflow-safe range
 * checks (the guest picks both the address and the length); zeroing a
 * range writes only its partial pages and gives the whole ones back.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/memory.h"
#include "tests/unit/support/resident.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static int setup(void **state)
{
	static struct guest_mem mem;

	if (guest_mem_init(&mem, 4 * MiB))
		return -1;
	*state = &mem;
	return 0;
}

static int teardown(void **state)
{
	guest_mem_destroy(*state);
	return 0;
}

static void expect_size(uint64_t asked, int ret, uint64_t size)
{
	struct guest_mem mem;

	assert_int_equal(guest_mem_init(&mem, asked), ret);
	assert_int_equal(mem.size, size);
	if (ret == 0)
		assert_non_null(mem.host);
	else
		assert_null(mem.host);
	guest_mem_destroy(&mem);
}

static void test_sizes(void **state)
{
	(void)state;
	expect_size(4 * MiB, 0, 4 * MiB);
	expect_size(64 * MiB, 0, 64 * MiB);
	expect_size(5 * MiB, 0, 6 * MiB);          /* rounded up to 2 MiB */
	expect_size(64 * MiB + 1, 0, 66 * MiB);
	expect_size(3 * GiB, 0, 3 * GiB);
	expect_size(3 * GiB - 1, 0, 3 * GiB);
	expect_size(0, -EINVAL, 0);
	expect_size(2 * MiB, -EINVAL, 0);
	expect_size(4 * MiB - 1, -EINVAL, 0);
	expect_size(3 * GiB + 1, -EINVAL, 0);        /* into the MMIO window */
	expect_size(4 * GiB, -EINVAL, 0);
	expect_size(UINT64_MAX, -EINVAL, 0);         /* rounding must not wrap */
}

static void test_destroy_twice(void **state)
{
	struct guest_mem mem;

	(void)state;
	assert_int_equal(guest_mem_init(&mem, 4 * MiB), 0);
	guest_mem_destroy(&mem);
	assert_null(mem.host);
	assert_int_equal(mem.size, 0);
	guest_mem_destroy(&mem);
	assert_null(guest_mem_ptr(&mem, 0, 1));
}

static void test_ptr_bounds(void **state)
{
	struct guest_mem *mem = *state;
	uint64_t size = mem->size;

	assert_ptr_equal(guest_mem_ptr(mem, 0, size), mem->host);
	assert_ptr_equal(guest_mem_ptr(mem, size - 1, 1), mem->host + size - 1);
	assert_ptr_equal(guest_mem_ptr(mem, size, 0), mem->host + size);
	assert_null(guest_mem_ptr(mem, size, 1));
	assert_null(guest_mem_ptr(mem, size - 4, 8));
	assert_null(guest_mem_ptr(mem, 0, size + 1));
	assert_null(guest_mem_ptr(mem, size + 1, 0));
}

/* gpa + len wraps to a small number: must still be refused. */
static void test_ptr_wraparound(void **state)
{
	struct guest_mem *mem = *state;

	assert_null(guest_mem_ptr(mem, UINT64_MAX, 2));
	assert_null(guest_mem_ptr(mem, UINT64_MAX - 7, 16));
	assert_null(guest_mem_ptr(mem, 1, UINT64_MAX));
	assert_null(guest_mem_ptr(mem, 0x1000, UINT64_MAX - 0xfff));
}

static void test_read_write(void **state)
{
	struct guest_mem *mem = *state;
	uint8_t in[6] = { 1, 2, 3, 4, 5, 6 }, out[6] = { 0 };

	assert_int_equal(guest_mem_write(mem, 0x2345, in, sizeof(in)), 0);
	assert_memory_equal(mem->host + 0x2345, in, sizeof(in));
	assert_int_equal(guest_mem_read(mem, 0x2345, out, sizeof(out)), 0);
	assert_memory_equal(out, in, sizeof(in));
	/* the last bytes of RAM */
	assert_int_equal(guest_mem_write(mem, mem->size - 6, in, 6), 0);
	assert_int_equal(guest_mem_read(mem, mem->size - 6, out, 6), 0);
	assert_memory_equal(out, in, sizeof(in));
}

static void test_read_write_outside(void **state)
{
	struct guest_mem *mem = *state;
	uint8_t buf[8];

	memset(mem->host + mem->size - 4, 0, 4);
	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(guest_mem_write(mem, mem->size - 4, buf, 8), -EFAULT);
	assert_int_equal(mem->host[mem->size - 4], 0);  /* nothing written */
	assert_int_equal(guest_mem_read(mem, mem->size - 4, buf, 8), -EFAULT);
	assert_int_equal(buf[0], 0x5a);                  /* nothing read */
	assert_int_equal(guest_mem_read(mem, UINT64_MAX - 3, buf, 8), -EFAULT);
	assert_int_equal(guest_mem_write(mem, 0xd0000000, buf, 1), -EFAULT);
}

/* [0x10800, 0x14800): half a page, three whole pages, half a page. */
static void test_zero(void **state)
{
	struct guest_mem *mem = *state;
	uint8_t *ram = mem->host;

	memset(ram + 0x10000, 0xcc, 0x5000);
	assert_int_equal(guest_mem_zero(mem, 0x10800, 0x4000), 0);
	/* the whole pages were given back, not written (asked before
	 * reading them: a read maps a page too) */
	assert_false(test_page_resident(ram + 0x11000));
	assert_false(test_page_resident(ram + 0x12000));
	assert_false(test_page_resident(ram + 0x13000));
	assert_true(test_page_resident(ram + 0x10000));
	assert_true(test_page_resident(ram + 0x14000));
	for (uint64_t i = 0x10800; i < 0x14800; i++)
		assert_int_equal(ram[i], 0);
	assert_int_equal(ram[0x107ff], 0xcc);   /* neighbours kept */
	assert_int_equal(ram[0x14800], 0xcc);
	/* inside one page; nothing; outside RAM */
	memset(ram + 0x20000, 0xcc, 0x10);
	assert_int_equal(guest_mem_zero(mem, 0x20004, 8), 0);
	assert_int_equal(ram[0x20003], 0xcc);
	assert_int_equal(ram[0x20004], 0);
	assert_int_equal(ram[0x2000b], 0);
	assert_int_equal(ram[0x2000c], 0xcc);
	assert_int_equal(guest_mem_zero(mem, 0x20000, 0), 0);
	assert_int_equal(guest_mem_zero(mem, mem->size - 4, 8), -EFAULT);
	assert_int_equal(guest_mem_zero(mem, UINT64_MAX - 3, 8), -EFAULT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_destroy_twice),
		cmocka_unit_test(test_ptr_bounds),
		cmocka_unit_test(test_ptr_wraparound),
		cmocka_unit_test(test_read_write),
		cmocka_unit_test(test_read_write_outside),
		cmocka_unit_test(test_zero),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
