/*
 * tests/unit/test_host_pages.c - host memory in 2 MiB pages
 * (core/host_pages.c): a mapping starts on a 2 MiB boundary and keeps
 * only the bytes asked for; where this host's transparent huge pages
 * allow, each touched 2 MiB is one huge page (AnonHugePages in smaps);
 * when madvise refuses the request (a kernel without THP, played here by
 * a wrapped madvise: this test links with -Wl,--wrap=madvise), the memory
 * works the same in 4 KiB pages, and so does guest RAM made of it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include <cmocka.h>

#include "core/host_pages.h"
#include "core/memory.h"

#define MiB (1UL << 20)
#define PAGE 4096UL

/* Set: madvise(MADV_HUGEPAGE) fails with EINVAL, as on a kernel built
 * without THP; any other advice goes to the real madvise. */
static bool refuse_huge;

int __real_madvise(void *addr, size_t len, int advice);
int __wrap_madvise(void *addr, size_t len, int advice);

int __wrap_madvise(void *addr, size_t len, int advice)
{
	if (refuse_huge && advice == MADV_HUGEPAGE) {
		errno = EINVAL;
		return -1;
	}
	return __real_madvise(addr, len, advice);
}

/* This host's THP mode, the bracketed word of
 * /sys/kernel/mm/transparent_hugepage/enabled ("never" without the file). */
static const char *thp_mode(void)
{
	static char mode[16];
	char line[128], *open, *close;
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");

	snprintf(mode, sizeof(mode), "never");
	if (!f)
		return mode;
	if (fgets(line, sizeof(line), f) && (open = strchr(line, '[')) &&
	    (close = strchr(open, ']')))
		snprintf(mode, sizeof(mode), "%.*s", (int)(close - open - 1),
			 open + 1);
	fclose(f);
	return mode;
}

/* /proc/vmstat's thp_fault_fallback: huge-page faults the kernel served
 * with 4 KiB pages, having no free 2 MiB. */
static long thp_fault_fallbacks(void)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char line[128];
	long n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "thp_fault_fallback %ld", &n) == 1)
			break;
	fclose(f);
	return n;
}

static bool is_aligned(const void *p)
{
	return ((uintptr_t)p & (HOST_HUGE_PAGE - 1)) == 0;
}

/* Nothing is mapped at p (mincore answers ENOMEM there). */
static bool unmapped(const void *p)
{
	unsigned char v;

	return mincore((void *)p, PAGE, &v) < 0 && errno == ENOMEM;
}

/* Aligned, zeros, writable to the last byte, and nothing kept past the
 * end (the slack mapped for the alignment is given back). */
static void test_aligned(void **state)
{
	(void)state;
	for (size_t len = 2 * MiB; len <= 6 * MiB; len += 2 * MiB) {
		uint8_t *p = host_pages_map(len);

		assert_non_null(p);
		assert_true(is_aligned(p));
		assert_int_equal(p[0] | p[len - 1], 0);
		p[len - 1] = 0x5a;
		assert_int_equal(p[len - 1], 0x5a);
		assert_true(unmapped(p + len));
		host_pages_unmap(p, len);
		assert_true(unmapped(p));
	}
	host_pages_unmap(NULL, 2 * MiB);
}

static void test_bad_len(void **state)
{
	(void)state;
	assert_null(host_pages_map(0));
	assert_null(host_pages_map(PAGE));
	assert_null(host_pages_map(2 * MiB + PAGE));
	assert_null(host_pages_map(SIZE_MAX - MiB + 1));  /* would wrap */
}

/* Why this process gets no huge pages whatever it asks, or NULL: THP
 * 'never' on this host, or THP disabled for the process
 * (prctl(PR_SET_THP_DISABLE), inherited from a parent such as a container
 * runtime). */
static const char *no_thp_here(void)
{
	if (strcmp(thp_mode(), "never") == 0)
		return "transparent huge pages are 'never' here";
	if (prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1)
		return "transparent huge pages are disabled for this process "
		       "(prctl PR_SET_THP_DISABLE)";
	return NULL;
}

/*
 * One byte touched in each 2 MiB: each is one huge page, unless this
 * process gets none or the kernel had no free 2 MiB (then skipped, saying
 * so).  What is measured is the growth of AnonHugePages over the touches:
 * the kernel may have merged the mapping with a neighbour of the same
 * flags (another such mapping), whose huge pages smaps counts with ours.
 */
static void test_huge_where_allowed(void **state)
{
	const size_t len = 4 * MiB;
	const char *why = no_thp_here();
	long fallbacks = thp_fault_fallbacks();
	uint8_t *p;
	int64_t before, huge;

	(void)state;
	if (why) {
		print_message("SKIP: %s\n", why);
		skip();
	}
	p = host_pages_map(len);
	assert_non_null(p);
	before = host_pages_huge_bytes(p, len);
	assert_true(before >= 0);
	p[0] = 1;
	p[2 * MiB] = 1;
	huge = host_pages_huge_bytes(p, len) - before;
	if (huge < (int64_t)len && thp_fault_fallbacks() > fallbacks) {
		host_pages_unmap(p, len);
		print_message("SKIP: the kernel had no free 2 MiB page "
			      "(thp_fault_fallback moved)\n");
		skip();
	}
	assert_int_equal(huge, len);
	host_pages_unmap(p, len);
}

/* madvise refused: the memory is there all the same, in 4 KiB pages
 * (THP in 'madvise' mode gives huge pages only to what asked). */
static void test_refused(void **state)
{
	const size_t len = 4 * MiB;
	uint8_t *p;

	(void)state;
	refuse_huge = true;
	p = host_pages_map(len);
	refuse_huge = false;
	assert_non_null(p);
	assert_true(is_aligned(p));
	memset(p, 0xa5, len);
	assert_int_equal(p[len - 1], 0xa5);
	if (strcmp(thp_mode(), "madvise") == 0)
		assert_int_equal(host_pages_huge_bytes(p, len), 0);
	host_pages_unmap(p, len);
}

/* Guest RAM is such a mapping: 2 MiB-aligned (KVM can then map it with
 * 2 MiB pages), and made all the same when the request is refused. */
static void test_guest_ram(void **state)
{
	struct guest_mem mem;
	uint8_t in[4] = { 1, 2, 3, 4 }, out[4];

	(void)state;
	assert_int_equal(guest_mem_init(&mem, 64 * MiB), 0);
	assert_true(is_aligned(mem.host));
	guest_mem_destroy(&mem);

	refuse_huge = true;
	assert_int_equal(guest_mem_init(&mem, 6 * MiB), 0);
	refuse_huge = false;
	assert_true(is_aligned(mem.host));
	assert_int_equal(guest_mem_write(&mem, mem.size - 4, in, 4), 0);
	assert_int_equal(guest_mem_read(&mem, mem.size - 4, out, 4), 0);
	assert_memory_equal(in, out, 4);
	guest_mem_destroy(&mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aligned),
		cmocka_unit_test(test_bad_len),
		cmocka_unit_test(test_huge_where_allowed),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_guest_ram),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
