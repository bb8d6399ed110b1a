/*
 * tests/integration/clock_count.c - an LD_PRELOAD library that counts a
 * process's reads of CLOCK_MONOTONIC (the clock vmscope times exits with,
 * core/clock.h) and writes "clock_reads N" to the file named by
 * CLOCK_COUNT_OUT when the process ends.  test_clock_reads.sh runs the
 * tracer with it to count the reads per exit.
 *
 * It stands in for libc's clock_gettime() and calls the real one (through
 * the vDSO, as before); every thread's reads are counted.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static atomic_ulong reads;

int clock_gettime(clockid_t id, struct timespec *ts)
{
	static int (*real)(clockid_t, struct timespec *);

	if (!real)
		real = (int (*)(clockid_t, struct timespec *))
			dlsym(RTLD_NEXT, "clock_gettime");
	if (id == CLOCK_MONOTONIC)
		atomic_fetch_add_explicit(&reads, 1, memory_order_relaxed);
	return real(id, ts);
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("CLOCK_COUNT_OUT");
	FILE *f = path ? fopen(path, "w") : NULL;

	if (!f)
		return;
	fprintf(f, "clock_reads %lu\n", atomic_load(&reads));
	fclose(f);
}
