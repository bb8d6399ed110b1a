/*
 * tests/sanitizer/planted_bug.c - one deliberate bug per sanitizer, for
 * the test that shows a sanitizer report fails a test even when the test
 * itself ignores the program's exit status
 * (tests/integration/test_sanitizer_report.sh).
 *
 * Built with the same flags as build/san/vmscope.  Usage: planted_bug
 * heap|signed|leak|none.  Each bug exits 0 if the sanitizer misses it, so
 * only the sanitizer's report can show it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* volatile: the compiler must not see through the values and fold the
 * bugs away (or let UBSan's object-size check see the overflow before
 * AddressSanitizer does). */
static volatile size_t buf_size = 16;
static volatile int big = INT_MAX;
static void *volatile lost;

static int heap_overflow(void)
{
	char *buf = malloc(buf_size);

	if (!buf)
		return 1;
	memset(buf, 0, buf_size);
	((volatile char *)buf)[buf_size] = 1; /* ASan: heap-buffer-overflow */
	free(buf);
	return 0;
}

static int signed_overflow(void)
{
	int sum = big + 1;		/* UBSan: signed integer overflow */

	printf("%d\n", sum);
	return 0;
}

static int leak(void)
{
	lost = malloc(64);
	lost = NULL;			/* LeakSanitizer: 64 bytes lost */
	return 0;
}

int main(int argc, char **argv)
{
	const char *bug = argc > 1 ? argv[1] : "";

	if (!strcmp(bug, "heap"))
		return heap_overflow();
	if (!strcmp(bug, "signed"))
		return signed_overflow();
	if (!strcmp(bug, "leak"))
		return leak();
	if (!strcmp(bug, "none"))
		return 0;
	fprintf(stderr, "usage: planted_bug heap|signed|leak|none\n");
	return 2;
}
