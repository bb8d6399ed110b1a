/*
 * tests/unit/test_cells_console.c - a cell's console (core/cells_console.c):
 * whole lines labelled with the cell's name, a line longer than the
 * buffer cut into labelled pieces, an unfinished last line written by
 * the flush, "none" dropping the bytes but counting them, a FILE getting
 * them raw.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/cells_console.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void send(struct cells_console *c, const char *text)
{
	while (*text)
		cells_console_byte(c, (uint8_t)*text++);
}

/* What went to the console's fd, which the test pointed at a file. */
static void expect_file(const char *path, const char *want)
{
	char got[1024] = "";
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	got[fread(got, 1, sizeof(got) - 1, f)] = '\0';
	fclose(f);
	assert_string_equal(got, want);
}

static void test_labelled_lines(void **state)
{
	char path[] = "/tmp/test_cells_console-XXXXXX";
	int fd = mkstemp(path);
	struct cells_console c;
	char longline[CELLS_CONSOLE_LINE + 11], want[600];

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(cells_console_open(&c, "stdout", "rt", &lock), 0);
	c.fd = fd;   /* stdout's lines, into the file */
	send(&c, "tick 1\ntick 2\nno newline");
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	cells_console_flush(&c);
	send(&c, longline);
	send(&c, "\n");
	assert_int_equal(c.bytes, 14 + 10 + sizeof(longline) - 1 + 1);
	snprintf(want, sizeof(want), "[rt] tick 1\n[rt] tick 2\n[rt] no newline\n"
		 "[rt] %.*s\n[rt] xxxxxxxxxx\n", CELLS_CONSOLE_LINE, longline);
	expect_file(path, want);
	close(fd);
	unlink(path);
}

static void test_none_and_file(void **state)
{
	char path[] = "/tmp/test_cells_console-XXXXXX";
	struct cells_console c;

	(void)state;
	close(mkstemp(path));
	assert_int_equal(cells_console_open(&c, "none", "n", &lock), 0);
	send(&c, "dropped\n");
	assert_int_equal(c.bytes, 8);
	assert_int_equal(cells_console_close(&c), 0);

	assert_int_equal(cells_console_open(&c, path, "f", &lock), 0);
	send(&c, "raw\nlast");
	assert_int_equal(cells_console_close(&c), 0);
	expect_file(path, "raw\nlast");
	unlink(path);
	assert_int_equal(cells_console_open(&c, "/nonexistent/dir/file", "f",
					    &lock), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labelled_lines),
		cmocka_unit_test(test_none_and_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
