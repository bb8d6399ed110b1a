/*
 * tests/unit/test_trace_console.c - the guest's console beside the trace
 * on one terminal (cli/trace_console.c): a line the guest leaves open (a
 * shell's "$ ") is shown with its end in one write, so no trace line -
 * written to the same terminal by another thread - can land between the
 * prompt and its newline.  stderr is a SOCK_SEQPACKET socket here, which
 * keeps each write(2) a record of its own: one read, one write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/trace_console.h"

struct fixture {
	int saved_stderr;
	int reader;
	struct trace_console console;
};

static int setup(void **state)
{
	static struct fixture f;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		return -1;
	f.saved_stderr = dup(2);
	dup2(sv[1], 2);
	close(sv[1]);
	f.reader = sv[0];
	if (trace_console_open(&f.console, NULL, NULL))
		return -1;
	f.console.by_line = true;   /* as with stdout on the same terminal */
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	trace_console_close(&f->console);
	dup2(f->saved_stderr, 2);
	close(f->saved_stderr);
	close(f->reader);
	return 0;
}

static void type_bytes(struct fixture *f, const char *s)
{
	while (*s)
		trace_console_byte(&f->console, (uint8_t)*s++);
}

/* The next write on "stderr", whole. */
static size_t next_write(struct fixture *f, char *buf, size_t len)
{
	ssize_t n = recv(f->reader, buf, len, MSG_DONTWAIT);

	return n < 0 ? 0 : (size_t)n;
}

static void test_prompt_and_end_one_write(void **state)
{
	struct fixture *f = *state;
	char buf[64];

	type_bytes(f, "$ ");
	assert_int_equal(next_write(f, buf, sizeof(buf)), 0);   /* held */
	trace_console_end_line(&f->console);
	assert_int_equal(next_write(f, buf, sizeof(buf)), 3);
	assert_memory_equal(buf, "$ \n", 3);
	assert_int_equal(next_write(f, buf, sizeof(buf)), 0);
}

static void test_whole_line_one_write(void **state)
{
	struct fixture *f = *state;
	char buf[64];

	type_bytes(f, "Hello\n");
	assert_int_equal(next_write(f, buf, sizeof(buf)), 6);
	assert_memory_equal(buf, "Hello\n", 6);
	trace_console_end_line(&f->console);   /* nothing open: nothing */
	assert_int_equal(next_write(f, buf, sizeof(buf)), 0);
}

/* A full buffer with no newline: shown as a line of its own, ended, in
 * one write; the next byte starts a new held line. */
static void test_full_line_one_write(void **state)
{
	struct fixture *f = *state;
	char buf[TRACE_CONSOLE_LINE + 8];

	for (int i = 0; i < TRACE_CONSOLE_LINE; i++)
		trace_console_byte(&f->console, 'x');
	assert_int_equal(next_write(f, buf, sizeof(buf)),
			 TRACE_CONSOLE_LINE + 1);
	assert_int_equal(buf[TRACE_CONSOLE_LINE - 1], 'x');
	assert_int_equal(buf[TRACE_CONSOLE_LINE], '\n');
	type_bytes(f, "y");
	assert_int_equal(next_write(f, buf, sizeof(buf)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_prompt_and_end_one_write,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_whole_line_one_write,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_line_one_write,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
