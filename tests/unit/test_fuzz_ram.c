/*
 * tests/unit/test_fuzz_ram.c - the fuzz targets' RAM restore
 * (tests/fuzz/support/fuzz_ram.c): after every restore RAM equals the
 * snapshot byte for byte; a page an input touched is given back the first
 * time (not resident: it reads as zeros) and kept from its second time on
 * (resident, copied back: no page fault at the next input), at most
 * FUZZ_RAM_ADOPT_MAX such pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "tests/fuzz/support/fuzz_ram.h"

#define RAM_SIZE (4ULL << 20)
#define PAGE 4096ULL
#define FIRST_FREE 0x100000ULL   /* pages above here are zero in the snapshot */

static struct guest_mem mem;
static struct fuzz_ram ram;
static uint8_t *expected;

static int setup(void **state)
{
	(void)state;
	if (guest_mem_init(&mem, RAM_SIZE))
		return -1;
	memset(mem.host + 0x2000, 0x5a, PAGE);   /* a non-zero page: kept */
	fuzz_ram_snapshot(&ram, &mem);
	expected = malloc(RAM_SIZE);
	if (!expected)
		return -1;
	memcpy(expected, ram.snapshot, RAM_SIZE);
	return 0;
}

static bool resident(uint64_t gpa)
{
	unsigned char v = 0;

	assert_int_equal(mincore(mem.host + gpa, PAGE, &v), 0);
	return v & 1;
}

/* RAM equals the snapshot, looked at without touching a page that is
 * not resident (reading it would map one: the next restore would see it
 * touched): such a page reads as zeros. */
static void assert_ram_is_snapshot(void)
{
	static unsigned char vec[RAM_SIZE / PAGE];
	static const uint8_t zeros[PAGE];

	assert_int_equal(mincore(mem.host, RAM_SIZE, vec), 0);
	for (size_t p = 0; p < RAM_SIZE / PAGE; p++)
		assert_memory_equal(vec[p] & 1 ? mem.host + p * PAGE : zeros,
				    expected + p * PAGE, PAGE);
}

/* An input writes the page at gpa (and the kept one); restore. */
static void input_writes(uint64_t gpa)
{
	mem.host[gpa + 7] = 1;
	mem.host[0x2000] = 0;
	fuzz_ram_restore(&ram);
	assert_ram_is_snapshot();
}

static void test_given_back_then_kept(void **state)
{
	(void)state;
	input_writes(FIRST_FREE);
	assert_false(resident(FIRST_FREE));
	input_writes(FIRST_FREE);
	assert_true(resident(FIRST_FREE));   /* kept: no fault next time */
	input_writes(FIRST_FREE);
	assert_true(resident(FIRST_FREE));
	assert_true(resident(0x2000));
}

static void test_kept_pages_bounded(void **state)
{
	size_t p;

	(void)state;
	for (p = 1; p <= 2 * FUZZ_RAM_ADOPT_MAX; p++)
		input_writes(FIRST_FREE + p * PAGE);
	for (p = 1; p <= 2 * FUZZ_RAM_ADOPT_MAX; p++)
		input_writes(FIRST_FREE + p * PAGE);
	/* FIRST_FREE itself took one place in the first test */
	for (p = 1; p < FUZZ_RAM_ADOPT_MAX; p++)
		assert_true(resident(FIRST_FREE + p * PAGE));
	for (; p <= 2 * FUZZ_RAM_ADOPT_MAX; p++)
		assert_false(resident(FIRST_FREE + p * PAGE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_given_back_then_kept),
		cmocka_unit_test(test_kept_pages_bounded),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
