/*
 * tests/unit/test_lesson_cond.c - lesson conditions and events
 * (core/lesson_cond.c, core/lesson_field.c) evaluated against observations
 * built by hand: every field, the operators, and/or/not, the FAIL reasons,
 * and which events each kind of observation is; the field list of the
 * "no such field" messages, bounded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/lesson_cond.h"
#include "core/lesson_field.h"
#include "devices/virtio_net.h"

static struct exit_record out_exit, hlt_exit, mmio_exit, debug_exit;
static uint8_t out_data = 0x48;
static struct vcpu_regs regs = { .rax = 0x48, .rdx = 0x3f8, .rip = 0x10057d };

static uint64_t count_io_out(void *opaque, const struct lesson_event *ev)
{
	(void)opaque;
	return ev->kind == LEV_IO_OUT ? 9 : 0;
}

/* The exit of the first 'H': out dx, al at uart_putc+0x1c, ring 0. */
static struct lesson_obs out_obs(void)
{
	out_exit = (struct exit_record){
		.seq = 9, .reason = EXIT_IO, .rip = 0x10057d, .cpl = 0,
		.u.io = { .port = 0x3f8, .size = 1, .direction = IO_OUT,
			  .count = 1, .data = &out_data },
	};
	return (struct lesson_obs){
		.kind = OBS_EXIT, .exit = &out_exit, .regs = &regs,
		.sym = "uart_putc", .sym_offset = 0x1c,
		.stack = "user_start > main > printf > write | int 0x80 | trap > "
			 "syscall_entry > sys_write > tty_write > uart_putc",
		.hw = "IO_INSTRUCTION", .layers = 1u << FLOW_UART_DRIVER,
		.serial = "", .elapsed_us = 1500, .count = count_io_out,
		.round_trip_ns = 850, .round_trips = 9,
	};
}

/* Parse one condition, evaluate it at obs, and give the FAIL reason. */
static bool eval(const char *text, const struct lesson_obs *obs, char *why,
		 size_t whylen)
{
	struct lesson_lexer lx;
	struct lesson_cond *c;
	char err[300];
	bool r;

	lesson_lex_start(&lx, text);
	c = lesson_cond_parse(&lx, err, sizeof(err));
	if (!c)
		fail_msg("%s: %s", text, err);
	assert_int_equal(lx.tok.kind, TOK_END);
	why[0] = '\0';
	r = lesson_cond_eval(c, obs, why, whylen);
	lesson_cond_free(c);
	return r;
}

static void expect_true(const char *text, const struct lesson_obs *obs)
{
	char why[200];

	if (!eval(text, obs, why, sizeof(why)))
		fail_msg("%s is false: %s", text, why);
}

static void expect_false(const char *text, const struct lesson_obs *obs,
			 const char *reason)
{
	char why[200];

	assert_false(eval(text, obs, why, sizeof(why)));
	assert_string_equal(why, reason);
}

/* A card that received 1032 frames of 64 bytes on the zerocopy path. */
static bool zerocopy_card(void *opaque, struct virtio_net_counters *out)
{
	(void)opaque;
	*out = (struct virtio_net_counters){ .rx_packets = 1032,
		.bytes_placed = 78432, .kicks_eventfd = 33, .rx_dropped = 2 };
	return true;
}

/* net.*: the card's counters, asked of the machine; without a card they
 * do not apply (never 0). */
static void test_net_fields(void **state)
{
	struct lesson_obs obs = out_obs();

	(void)state;
	expect_false("net.bytes_copied == 0", &obs, "net.bytes_copied: the "
		     "machine has no network card (boot it with --net)");
	obs.net = zerocopy_card;
	expect_true("net.frames == 1032 and net.bytes_copied == 0 and "
		    "net.bytes_placed == 78432", &obs);
	expect_true("net.kicks == 0 and net.kicks_eventfd == 33 and "
		    "net.fallback == 0 and net.dropped == 2", &obs);
}

static void test_exit_fields(void **state)
{
	struct lesson_obs obs = out_obs();

	(void)state;
	expect_true("exit.reason == IO", &obs);
	expect_true("exit.reason == 2", &obs);
	expect_true("exit.seq == 9", &obs);
	expect_true("exit.hw == IO_INSTRUCTION", &obs);
	expect_true("io.port == 0x3f8 and io.data == 0x48", &obs);
	expect_true("io.dir == out and io.size == 1 and io.count == 1", &obs);
	expect_true("rip == 0x10057d and cpl == 0", &obs);
	expect_true("sym == \"uart_putc\"", &obs);
	expect_true("stack ~ \"main > printf\"", &obs);
	expect_true("reg.rax == 0x48 and reg.rdx == 1016 and reg.rip >= 0x100000",
		    &obs);
	expect_true("count(io-out) == 9 and count(hlt) == 0", &obs);
	expect_true("elapsed_us < 2000", &obs);
	expect_true("exits.round_trip_ns == 850", &obs);
	expect_false("io.port == 0x3fd", &obs, "io.port is 0x3f8 (1016)");
	expect_false("exit.reason == MMIO", &obs, "exit.reason is 0x2 (2)");
	expect_false("sym != \"uart_putc\"", &obs, "sym is \"uart_putc\"");
	expect_false("stack ~ \"^main\"", &obs, "stack is \"user_start > main > "
		     "printf > write | int 0x80 | trap > syscall_entry > sys_write"
		     " > tty_write > uart_...\"");
	expect_false("reg.rax > 0x48", &obs, "reg.rax is 0x48 (72)");
	expect_false("count(io-out) < 9", &obs, "count(io-out) is 0x9 (9)");
}

/* A field the exit does not have is false with the reason, never 0. */
static void test_fields_that_do_not_apply(void **state)
{
	struct lesson_obs obs = out_obs();
	struct lesson_obs none = { .kind = OBS_END, .sym = "", .serial = "" };

	(void)state;
	hlt_exit = (struct exit_record){ .seq = 3, .reason = EXIT_HLT };
	obs.exit = &hlt_exit;
	expect_false("io.port == 0", &obs,
		     "io.port: the exit is HLT(5), not IO");
	expect_false("mmio.gpa != 1", &obs,
		     "mmio.gpa: the exit is HLT(5), not MMIO");
	expect_false("inject.irq == 1", &obs, "inject.irq: no interrupt was "
		     "injected before this exit");
	expect_false("serial.byte == 0", &obs,
		     "serial.byte: not a serial event");
	expect_false("rip == 0", &none, "rip: no exit yet");
	expect_false("exits.round_trip_ns >= 0", &none, "exits.round_trip_ns: "
		     "no exit in this step yet");
	expect_false("reg.rbx == 0", &none, "reg.rbx: no registers yet");
	/* not: a comparison that does not apply stays so, never true */
	expect_false("not io.port == 0", &obs,
		     "io.port: the exit is HLT(5), not IO");
	expect_false("not io.port == 0x3f8 and exit.reason == HLT", &obs,
		     "io.port: the exit is HLT(5), not IO");
	expect_true("io.port == 0x3f8 or exit.reason == HLT", &obs);
	expect_true("not (io.port == 0x3f8 and exit.reason == IO) or cpl == 0",
		    &obs);
	expect_false("not exit.reason == HLT", &obs,
		     "the condition after 'not' holds");
}

static void test_operators_and_logic(void **state)
{
	struct lesson_obs obs = out_obs();

	(void)state;
	expect_true("io.port != 0x3fd", &obs);
	expect_true("io.port > 0x3f7 and io.port < 0x3f9", &obs);
	expect_true("io.port >= 0x3f8 and io.port <= 0x3f8", &obs);
	expect_true("io.port == 1 or io.port == 0x3f8", &obs);
	expect_true("(io.port == 1 or io.port == 0x3f8) and not cpl == 3", &obs);
	expect_false("io.port == 1 and io.port == 0x3f8", &obs,
		     "io.port is 0x3f8 (1016)");
	expect_false("io.port == 1 or io.port == 2", &obs,
		     "io.port is 0x3f8 (1016)");
}

static void test_mmio_inject_serial(void **state)
{
	struct lesson_obs obs = out_obs();

	(void)state;
	mmio_exit = (struct exit_record){
		.reason = EXIT_MMIO,
		.u.mmio = { .gpa = 0xd0000000, .len = 4, .is_write = true,
			    .data = { 0x78, 0x56, 0x34, 0x12 } },
		.injected = { .valid = true, .irq = 1, .vector = 0x21 },
	};
	obs.exit = &mmio_exit;
	expect_true("mmio.gpa == 0xd0000000 and mmio.len == 4", &obs);
	expect_true("mmio.data == 0x12345678 and mmio.dir == write", &obs);
	expect_true("inject.irq == 1 and inject.vector == 0x21", &obs);
	obs.kind = OBS_SERIAL;
	obs.byte = 'H';
	obs.serial = "Hello";
	obs.serial_len = 5;
	expect_true("serial.byte == 0x48 and serial.text ~ \"^Hel\"", &obs);
	expect_true("serial.text == \"Hello\"", &obs);
}

/* serial.text holds every byte the guest wrote: a NUL is one more byte,
 * for ==, for ~ and in the FAIL reason, which stays one line. */
static void test_serial_text_bytes(void **state)
{
	struct lesson_obs obs = out_obs();
	struct lesson_lexer lx;
	char err[300];

	(void)state;
	obs.serial = "ab\0cd\n";
	obs.serial_len = 6;
	expect_true("serial.text == \"ab\\x00cd\\n\"", &obs);
	expect_true("serial.text != \"ab\"", &obs);
	expect_true("serial.text ~ \"^ab\" and serial.text ~ \"cd\\n$\"", &obs);
	expect_false("serial.text == \"ab\"", &obs,
		     "serial.text is \"ab\\x00cd\\n\"");
	expect_false("serial.text ~ \"^ab$\"", &obs,
		     "serial.text is \"ab\\x00cd\\n\"");
	expect_true("serial.text == \"\\x41\\x7a\" or serial.text ~ \"d\"", &obs);
	/* host.kvm: what the machine runs on; none when nobody said */
	expect_false("host.kvm == pvm", &obs, "host.kvm is \"none\"");
	obs.host_kvm = "pvm";
	expect_true("host.kvm == pvm and host.kvm ~ \"^(vmx|svm|pvm)$\"", &obs);
	obs.serial_len = 2;
	expect_true("serial.text == \"ab\"", &obs);
	/* A regex is a C string: a NUL in it is refused, as is a bad \x. */
	lesson_lex_start(&lx, "serial.text ~ \"a\\x00\"");
	assert_null(lesson_cond_parse(&lx, err, sizeof(err)));
	assert_string_equal(err, "a regex cannot hold a NUL byte (\\x00)");
	lesson_lex_start(&lx, "serial.text == \"\\x4\"");
	assert_null(lesson_cond_parse(&lx, err, sizeof(err)));
	assert_string_equal(err, "an unknown escape in a string (\\n \\t \\r "
			    "\\\\ \\\" \\xHH)");
}

static bool matches(const char *text, const struct lesson_obs *obs)
{
	struct lesson_event ev;
	struct lesson_lexer lx;
	char err[300];
	bool r;

	lesson_lex_start(&lx, text);
	if (lesson_event_parse(&lx, &ev, err, sizeof(err)))
		fail_msg("%s: %s", text, err);
	r = lesson_event_matches(&ev, obs);
	lesson_event_clear(&ev);
	return r;
}

static void test_events(void **state)
{
	struct lesson_obs obs = out_obs();
	struct lesson_obs serial = { .kind = OBS_SERIAL, .byte = 'H',
				     .sym = "", .serial = "H", .serial_len = 1 };
	struct lesson_obs end = { .kind = OBS_END, .sym = "", .serial = "" };

	(void)state;
	assert_true(matches("exit", &obs));
	assert_true(matches("io-out", &obs));
	assert_true(matches("io-out where io.port == 0x3f8", &obs));
	assert_false(matches("io-out where io.port == 0x3fd", &obs));
	assert_false(matches("io-in", &obs));
	assert_false(matches("hlt", &obs));
	assert_true(matches("layer uart-driver", &obs));
	assert_false(matches("layer tty", &obs));
	assert_false(matches("inject", &obs));
	assert_false(matches("serial", &obs));
	assert_true(matches("serial", &serial));
	assert_true(matches("serial where serial.byte == 0x48", &serial));
	assert_false(matches("exit", &serial));
	assert_true(matches("end", &end));
	assert_false(matches("end", &obs));

	debug_exit = (struct exit_record){ .reason = EXIT_DEBUG };
	obs.exit = &debug_exit;
	obs.sym = "sys_write";
	obs.sym_offset = 0;
	assert_true(matches("break sys_write", &obs));
	assert_false(matches("break tty_write", &obs));
	obs.sym_offset = 4;
	assert_false(matches("break sys_write", &obs));
	hlt_exit = (struct exit_record){ .reason = EXIT_HLT };
	obs.exit = &hlt_exit;
	assert_true(matches("hlt", &obs));
	mmio_exit.u.mmio.is_write = false;
	obs.exit = &mmio_exit;
	assert_true(matches("mmio-read", &obs));
	assert_false(matches("mmio-write", &obs));
	assert_true(matches("inject where inject.irq == 1", &obs));
}

/*
 * The field list of the "no such field" messages: every name fits the
 * buffer its callers give (LESSON_FIELD_LIST_MAX); a say line's lacks
 * count(EVENT); and into any smaller buffer - each exactly its size, on
 * the heap, where AddressSanitizer sees a byte written past it - the list
 * is a NUL-terminated start of the whole, cut after a whole name with
 * " ...".
 */
static void test_field_list_bounded(void **state)
{
	char all[LESSON_FIELD_LIST_MAX], say[LESSON_FIELD_LIST_MAX], *buf;
	size_t full;

	(void)state;
	lesson_field_list(FIELDS_IN_CONDITIONS, all, sizeof(all));
	lesson_field_list(FIELDS_IN_SAY, say, sizeof(say));
	full = strlen(all);
	assert_true(full + 1 < sizeof(all));   /* never cut where used */
	assert_string_equal(all + full - strlen(" net.dropped count(EVENT)"),
			    " net.dropped count(EVENT)");
	assert_int_equal(strlen(say), full - strlen(" count(EVENT)"));
	assert_memory_equal(say, all, strlen(say));
	assert_null(strstr(say, "count("));
	assert_ptr_equal(lesson_field_list(FIELDS_IN_SAY, all, 0), all);
	for (size_t len = 1; len <= full + 1; len++) {
		size_t got, kept;

		buf = test_malloc(len);
		lesson_field_list(FIELDS_IN_CONDITIONS, buf, len);
		got = strlen(buf);
		assert_true(got < len);
		if (len == full + 1) {
			assert_string_equal(buf, all);
		} else if (len < 4) {
			assert_string_equal(buf, "");
		} else {
			/* a whole name or none, then the mark */
			assert_true(got >= 3);
			assert_string_equal(buf + got - 3, "...");
			kept = got > 3 ? got - 4 : 0;
			assert_memory_equal(buf, all, kept);
			assert_true(all[kept] == ' ' || kept == 0);
		}
		test_free(buf);
	}
	buf = test_malloc(20);
	assert_string_equal(lesson_field_list(FIELDS_IN_SAY, buf, 20),
			    "exit.reason ...");
	test_free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_fields),
		cmocka_unit_test(test_net_fields),
		cmocka_unit_test(test_field_list_bounded),
		cmocka_unit_test(test_fields_that_do_not_apply),
		cmocka_unit_test(test_operators_and_logic),
		cmocka_unit_test(test_mmio_inject_serial),
		cmocka_unit_test(test_serial_text_bytes),
		cmocka_unit_test(test_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
