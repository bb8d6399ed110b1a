/*
 * tests/unit/test_net_iov.c - net_iov_put(), the one copy every receive
 * path and the generator make into iovecs: the bytes land where the
 * offset says, across buffers, and what does not fit is left out.  Before
 * a copy it loads one byte of every page it is about to write (so the
 * page walks overlap, devices/net_wire.c); these buffers end right before
 * a page that is not mapped, so a read or write one byte past the end of
 * an iovec would stop the test with SIGSEGV.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "devices/net_wire.h"

#define PAGE 4096

struct pages {
	uint8_t *base;      /* 3 pages: two read-write, then one PROT_NONE */
	uint8_t src[3 * PAGE];
};

static int setup(void **state)
{
	static struct pages p;

	p.base = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p.base == MAP_FAILED ||
	    mprotect(p.base + 2 * PAGE, PAGE, PROT_NONE))
		return -1;
	for (unsigned i = 0; i < sizeof(p.src); i++)
		p.src[i] = (uint8_t)(i * 7 + 1);
	*state = &p;
	return 0;
}

static int teardown(void **state)
{
	struct pages *p = *state;

	return munmap(p->base, 3 * PAGE);
}

/* One iovec from mid-page to the last mapped byte: the copy crosses a
 * page boundary and ends at the guard page. */
static void test_ends_at_guard_page(void **state)
{
	struct pages *p = *state;
	struct iovec iov = { p->base + 100, 2 * PAGE - 100 };

	net_iov_put(&iov, 1, 0, p->src, iov.iov_len);
	assert_memory_equal(p->base + 100, p->src, iov.iov_len);
	assert_int_equal(p->base[99], 0);
}

/* Two iovecs, an offset into the first, more bytes than fit: the rest is
 * left out, nothing is written before the offset or past the end. */
static void test_offset_and_overflow(void **state)
{
	struct pages *p = *state;
	struct iovec iov[2] = {
		{ p->base + PAGE - 30, 20 },            /* 10 bytes skipped */
		{ p->base + PAGE + 5, PAGE - 5 },       /* up to the guard */
	};

	net_iov_put(iov, 2, 10, p->src, sizeof(p->src));
	assert_int_equal(p->base[PAGE - 30], 0);
	assert_int_equal(p->base[PAGE - 21], 0);
	assert_memory_equal(p->base + PAGE - 20, p->src, 10);
	assert_int_equal(p->base[PAGE - 10], 0);
	assert_memory_equal(p->base + PAGE + 5, p->src + 10, PAGE - 5);
}

/* A copy of one byte, into the last mapped byte. */
static void test_last_byte(void **state)
{
	struct pages *p = *state;
	struct iovec iov = { p->base + 2 * PAGE - 1, 1 };

	net_iov_put(&iov, 1, 0, p->src + 3, 1);
	assert_int_equal(p->base[2 * PAGE - 1], p->src[3]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ends_at_guard_page, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_offset_and_overflow,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_byte, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
