/*
 * tests/unit/test_stopcond.c - the levels of the `b` breakpoints
 * (tui/stopcond.c): `L1:`, `L2:`, `L3:` before a function or an address name
 * the level whose code it is, are written back the same way, and a
 * breakpoint stops only its own level's DEBUG exits; anything else with a
 * level in front is refused, and a breakpoint without one is L1's, as
 * before.  A reason named as the hardware names it stops at KVM's reason
 * for it, each of the names where it may be one of two (an MMIO exit is
 * EPT_VIOLATION or EPT_MISCONFIG on VMX).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui/stopcond.h"

static struct stop_cond parsed(const char *text)
{
	struct stop_cond c;
	char err[160];

	assert_int_equal(stop_cond_parse(text, &c, err, sizeof(err)), 0);
	return c;
}

static void refused(const char *text, const char *why)
{
	struct stop_cond c;
	char err[160];

	assert_int_equal(stop_cond_parse(text, &c, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, why);
	assert_int_equal(c.kind, STOP_NONE);
}

static void test_levels_parsed_and_written_back(void **state)
{
	struct stop_cond c;
	char buf[64];

	(void)state;
	c = parsed("L2:printf");
	assert_int_equal(c.kind, STOP_FUNC);
	assert_string_equal(c.func, "printf");
	assert_int_equal(c.level, 1);
	assert_true(c.level_named);
	assert_string_equal(stop_cond_format(&c, buf, sizeof(buf)), "L2:printf");

	c = parsed("l2:*0x400190");
	assert_int_equal(c.kind, STOP_ADDR);
	assert_int_equal(c.addr, 0x400190);
	assert_int_equal(c.level, 1);
	assert_string_equal(stop_cond_format(&c, buf, sizeof(buf)),
			    "L2:*0x400190");

	c = parsed("L1:func:start_program");
	assert_int_equal(c.kind, STOP_FUNC);
	assert_int_equal(c.level, 0);
	assert_string_equal(stop_cond_format(&c, buf, sizeof(buf)),
			    "L1:start_program");

	c = parsed("L3:uart_putc");   /* --nested 2: hello runs as L3 */
	assert_int_equal(c.level, 2);
	assert_string_equal(stop_cond_format(&c, buf, sizeof(buf)),
			    "L3:uart_putc");

	c = parsed("L2:addr:0x10");
	assert_int_equal(c.kind, STOP_ADDR);
	assert_string_equal(stop_cond_format(&c, buf, sizeof(buf)), "L2:*0x10");

	/* no level: L1's (the guest vmscope runs), written as before */
	c = parsed("sys_write");
	assert_int_equal(c.level, 0);
	assert_false(c.level_named);
	assert_string_equal(stop_cond_format(&c, buf, sizeof(buf)), "sys_write");
}

static void test_a_level_goes_before_code_only(void **state)
{
	(void)state;
	refused("L2:io:0x3f8", "'L2:io:0x3f8': use exit, exits:N, reason:NAME, "
		"io:PORT[=DATA], a function, *ADDR (L2: before them: L2's "
		"code) or end");
	refused("L2:", "'L2:': use exit, exits:N, reason:NAME, io:PORT[=DATA], "
		"a function, *ADDR (L2: before them: L2's code) or end");
	refused("L4:printf", "'L4:printf': use exit, exits:N, reason:NAME, "
		"io:PORT[=DATA], a function, *ADDR (L2: before them: L2's "
		"code) or end");
}

static void test_a_breakpoint_stops_its_own_level(void **state)
{
	struct stop_cond l2 = parsed("L2:*0x400190"), l1 = parsed("*0x400190");
	struct exit_record e = { .reason = EXIT_DEBUG, .rip = 0x400190 };

	(void)state;
	e.level = 1;   /* L2's code */
	assert_true(stop_cond_match(&l2, &e));
	assert_false(stop_cond_match(&l1, &e));
	e.level = 0;   /* L1's code at the same address */
	assert_false(stop_cond_match(&l2, &e));
	assert_true(stop_cond_match(&l1, &e));
	e.reason = EXIT_IO;   /* not a stop at an instruction */
	assert_false(stop_cond_match(&l1, &e));
}

static void test_list_names_each_level(void **state)
{
	struct stop_cond c[3];
	char buf[160];

	(void)state;
	c[0] = parsed("L2:printf");
	c[1] = parsed("L1:*0x10161f");
	c[2] = parsed("io:0x3f8");
	assert_string_equal(stop_cond_list(c, 3, buf, sizeof(buf)),
			    "1 L2:printf, 2 L1:*0x10161f, 3 io:0x3f8");
}

static void test_hardware_reason_names(void **state)
{
	static const struct { const char *name; uint32_t reason; } map[] = {
		{ "EPT_VIOLATION", EXIT_MMIO }, { "ept_misconfig", EXIT_MMIO },
		{ "reason:NPF", EXIT_MMIO }, { "IO_INSTRUCTION", EXIT_IO },
		{ "EXTERNAL_INTERRUPT", EXIT_INTR }, { "INTR", EXIT_INTR },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		struct stop_cond c = parsed(map[i].name);

		assert_int_equal(c.kind, STOP_REASON);
		assert_int_equal(c.reason, map[i].reason);
	}
	/* "or none" names no exit */
	assert_int_not_equal(parsed("none").kind, STOP_REASON);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels_parsed_and_written_back),
		cmocka_unit_test(test_a_level_goes_before_code_only),
		cmocka_unit_test(test_a_breakpoint_stops_its_own_level),
		cmocka_unit_test(test_list_names_each_level),
		cmocka_unit_test(test_hardware_reason_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
