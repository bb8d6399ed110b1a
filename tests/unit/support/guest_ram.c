/*
 * tests/unit/support/guest_ram.c - guest RAM fields for device tests (see
 * guest_ram.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "tests/unit/support/guest_ram.h"

void ram_put16(struct guest_mem *mem, uint64_t gpa, uint16_t v)
{
	assert_int_equal(guest_mem_write(mem, gpa, &v, sizeof(v)), 0);
}

uint16_t ram_get16(struct guest_mem *mem, uint64_t gpa)
{
	uint16_t v;

	assert_int_equal(guest_mem_read(mem, gpa, &v, sizeof(v)), 0);
	return v;
}

uint32_t ram_get32(struct guest_mem *mem, uint64_t gpa)
{
	uint32_t v;

	assert_int_equal(guest_mem_read(mem, gpa, &v, sizeof(v)), 0);
	return v;
}
