/*
 * tests/unit/test_output.c - cli/output.c's buffer for an output that
 * never waits: a trace into a file leaves in writes of 64 KiB, not of
 * stdio's 4 KiB, while into a pipe its reader still gets each 4 KiB as
 * soon as it is written.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/output.h"

#define WRITTEN 20000   /* well past 4 KiB, well short of 64 KiB */

static void write_some(FILE *f)
{
	static char line[WRITTEN];

	memset(line, 'x', sizeof(line));
	assert_int_equal(fwrite(line, 1, sizeof(line), f), sizeof(line));
}

/* Into a file nothing has left the buffer yet; all of it after a flush. */
static void test_file_buffered_64k(void **state)
{
	char path[] = "/tmp/test_output.XXXXXX";
	int fd = mkstemp(path);
	struct output o = { .what = "the trace", .where = path };
	struct stat st;

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	o.f = fdopen(fd, "w");
	assert_non_null(o.f);
	output_buffer_large(&o);
	write_some(o.f);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(output_finish(&o, "trace", true), 0);
}

/* A pipe keeps stdio's own buffer: most of it is readable at once. */
static void test_pipe_unchanged(void **state)
{
	struct output o = { .what = "the trace", .where = "a pipe" };
	int fds[2], readable = 0;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	o.f = fdopen(fds[1], "w");
	assert_non_null(o.f);
	output_buffer_large(&o);
	write_some(o.f);
	assert_int_equal(ioctl(fds[0], FIONREAD, &readable), 0);
	assert_true(readable >= WRITTEN - 4096);
	assert_int_equal(output_finish(&o, "trace", true), 0);
	close(fds[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe_unchanged),
		cmocka_unit_test(test_file_buffered_64k),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
