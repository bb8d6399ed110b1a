/*
 * tests/unit/test_guest_printf.c - the guest libc's printf formatting, on
 * the host.
 *
 * The formatting engine (guest/libc/format.c) is plain freestanding C with
 * no system calls, so it runs here unchanged.  tests/tests.mk links every
 * test with the host library objects only, so the engine's source is
 * #included below: the test exercises exactly the code the guest runs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <string.h>

#include "guest/libc/format.c"

/* Format into a roomy buffer; check the text and the returned length. */
static void expect_format(const char *expected, const char *format, ...)
{
	char buf[256];
	va_list ap;
	int n;

	memset(buf, 'X', sizeof buf);
	va_start(ap, format);
	n = fmt_vsnprintf(buf, sizeof buf, format, ap);
	va_end(ap);
	assert_string_equal(buf, expected);
	assert_int_equal(n, (int)strlen(expected));
}

/* fmt_vsnprintf through a variadic wrapper, like snprintf. */
static int format_into(char *buf, size_t size, const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = fmt_vsnprintf(buf, size, format, ap);
	va_end(ap);
	return n;
}

static void test_plain_text_and_percent(void **state)
{
	(void)state;
	expect_format("", "");
	expect_format("Hello, world!\n", "Hello, world!\n");
	expect_format("100%", "100%%");
	expect_format("%%", "%%%%");
}

static void test_signed_conversions(void **state)
{
	(void)state;
	expect_format("42", "%d", 42);
	expect_format("-42", "%i", -42);
	expect_format("0", "%d", 0);
	expect_format("2147483647 -2147483648", "%d %d", INT_MAX, INT_MIN);
	expect_format("2 + 40 = 42, in hex 0x2a", "%d + %d = %d, in hex 0x%x",
		      2, 40, 42, 42);
}

static void test_unsigned_and_hex(void **state)
{
	(void)state;
	expect_format("4294967295", "%u", UINT_MAX);
	expect_format("0 0 0", "%u %x %X", 0u, 0u, 0u);
	expect_format("ff FF", "%x %X", 255u, 255u);
	expect_format("deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
}

static void test_length_modifiers(void **state)
{
	(void)state;
	expect_format("9223372036854775807", "%ld", LONG_MAX);
	expect_format("-9223372036854775808", "%ld", LONG_MIN);
	expect_format("-9223372036854775808", "%lld", (long long)INT64_MIN);
	expect_format("-9223372036854775808", "%lli", (long long)INT64_MIN);
	expect_format("18446744073709551615", "%lu", ULONG_MAX);
	expect_format("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	expect_format("ffffffffffffffff", "%lx", ULONG_MAX);
	expect_format("123456789ABCDEF0", "%llX", 0x123456789abcdef0ULL);
	/* Without l, only an int is taken: the next argument stays aligned. */
	expect_format("-1 7", "%d %ld", -1, 7L);
}

static void test_pointer(void **state)
{
	(void)state;
	expect_format("0x1234", "%p", (void *)0x1234);
	expect_format("0x0", "%p", (void *)0);
	expect_format("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	expect_format("    0x1234", "%10p", (void *)0x1234);
	expect_format("0x00001234", "%010p", (void *)0x1234);
	expect_format("0x1234    |", "%-10p|", (void *)0x1234);
}

static void test_strings_and_chars(void **state)
{
	(void)state;
	expect_format("hello", "%s", "hello");
	expect_format("(null)", "%s", (char *)NULL);
	expect_format("", "%s", "");
	expect_format("a", "%c", 'a');
	expect_format("x-y", "%c%c%c", 'x', '-', 'y');
	expect_format("   hi", "%5s", "hi");
	expect_format("hi   |", "%-5s|", "hi");
	expect_format("   hi", "%05s", "hi");      /* '0' pads numbers only */
	expect_format("  z", "%3c", 'z');
	expect_format("z  |", "%-3c|", 'z');
	expect_format("toolong", "%3s", "toolong"); /* a width never cuts */
}

static void test_width_and_flags(void **state)
{
	(void)state;
	expect_format("   42", "%5d", 42);
	expect_format("42   |", "%-5d|", 42);
	expect_format("00042", "%05d", 42);
	expect_format("-0042", "%05d", -42);
	expect_format("  -42", "%5d", -42);
	expect_format("-42  |", "%-5d|", -42);
	expect_format("42   |", "%-05d|", 42);    /* '-' wins over '0' */
	expect_format("42   |", "%0-5d|", 42);
	expect_format("0000002a", "%08x", 42u);
	expect_format("      2A", "%8X", 42u);
	expect_format("123456", "%3d", 123456);
	expect_format("00000000000000000042", "%020llu", 42ULL);
	expect_format("-0000000000000000001", "%020lld", -1LL);
}

static void test_width_is_bounded(void **state)
{
	(void)state;
	assert_int_equal(format_into(NULL, 0, "%99999999999d", 1), MAX_WIDTH);
}

static void test_unknown_conversion_copied(void **state)
{
	(void)state;
	expect_format("%q", "%q");
	expect_format("a %5q b", "a %5q b");
	expect_format("tail %", "tail %");
	expect_format("%l", "%l");
	expect_format("%lq 3", "%lq %d", 3);
}

static void test_snprintf_truncates(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'X', sizeof buf);
	assert_int_equal(format_into(buf, 5, "hello world"), 11);
	assert_string_equal(buf, "hell");
	assert_int_equal(buf[5], 'X');

	assert_int_equal(format_into(buf, 1, "abc"), 3);
	assert_string_equal(buf, "");

	memset(buf, 'X', sizeof buf);
	assert_int_equal(format_into(buf, 0, "abc"), 3);
	assert_int_equal(buf[0], 'X');

	assert_int_equal(format_into(buf, sizeof buf, "%d", -1234567), 8);
	assert_string_equal(buf, "-123456");

	assert_int_equal(format_into(buf, sizeof buf, "%s", "1234567"), 7);
	assert_string_equal(buf, "1234567");
}

/* A flush callback that appends the buffer to a string, as vfprintf's
 * callback hands it to write(). */
struct collector {
	char text[64];
	size_t len;
	int flushes;
};

static void collect(struct fmt_sink *sink)
{
	struct collector *c = sink->ctx;

	assert_int_equal(sink->used, sink->cap);   /* called only when full */
	memcpy(c->text + c->len, sink->buf, sink->used);
	c->len += sink->used;
	c->flushes++;
	sink->used = 0;
}

static void format_to_sink(struct fmt_sink *sink, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	fmt_format(sink, format, ap);
	va_end(ap);
}

static void test_sink_flushes_when_full(void **state)
{
	struct collector c = { .len = 0 };
	char buf[4];
	struct fmt_sink sink = {
		.buf = buf, .cap = sizeof buf, .flush = collect, .ctx = &c,
	};

	(void)state;
	format_to_sink(&sink, "abc%d%s", 12345, "xy");
	assert_int_equal(c.flushes, 2);
	assert_int_equal(sink.used, 2);      /* the rest waits for the caller */
	assert_int_equal(sink.total, 10);
	memcpy(c.text + c.len, buf, sink.used);
	c.text[c.len + sink.used] = '\0';
	assert_string_equal(c.text, "abc12345xy");
}

static void test_sink_fits_without_flush(void **state)
{
	struct collector c = { .len = 0 };
	char buf[32];
	struct fmt_sink sink = {
		.buf = buf, .cap = sizeof buf, .flush = collect, .ctx = &c,
	};

	(void)state;
	format_to_sink(&sink, "%d + %d = %d\n", 2, 40, 42);
	assert_int_equal(c.flushes, 0);      /* one write() per printf */
	assert_int_equal(sink.used, 12);
	assert_memory_equal(buf, "2 + 40 = 42\n", 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_and_percent),
		cmocka_unit_test(test_signed_conversions),
		cmocka_unit_test(test_unsigned_and_hex),
		cmocka_unit_test(test_length_modifiers),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_strings_and_chars),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_width_is_bounded),
		cmocka_unit_test(test_unknown_conversion_copied),
		cmocka_unit_test(test_snprintf_truncates),
		cmocka_unit_test(test_sink_flushes_when_full),
		cmocka_unit_test(test_sink_fits_without_flush),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
