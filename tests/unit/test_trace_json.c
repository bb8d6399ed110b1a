/*
 * tests/unit/test_trace_json.c - `trace --json`'s line per exit
 * (cli/trace_json.c): every key in its place for an I/O, an MMIO and an
 * L2 exit with an injection, the 8259s (--pic), a reset and a call
 * chain; strings escaped; and a line longer than the buffer it is built in written whole, never
 * cut (a guest's symbol names are as long as its ELF makes them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/trace_json.h"
#include "core/nested.h"

static struct exit_record exit_rec;
static struct exit_text text;
static struct trace_line line;
static char *out;

/* The line trace_line_print_json() writes for exit_rec. */
static const char *json_line(void)
{
	size_t len;
	FILE *f;

	free(out);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	trace_line_print_json(&line, f);
	assert_int_equal(fclose(f), 0);
	return out;
}

/* uart_putc's OUT of 'H', exit 9, 2.2 us after the one before. */
static int setup(void **state)
{
	static uint8_t data[1] = { 'H' };

	(void)state;
	memset(&exit_rec, 0, sizeof(exit_rec));
	exit_rec.seq = 9;
	exit_rec.t_ns = 31743562813009ULL;
	exit_rec.handle_ns = 512;
	exit_rec.reason = EXIT_IO;
	exit_rec.rip = 0x10081c;
	exit_rec.u.io = (struct exit_io){ .port = 0x3f8, .size = 1,
					  .direction = IO_OUT, .count = 1,
					  .data = data };
	memset(&text, 0, sizeof(text));
	strcpy(text.hw_brief, "IO_INSTRUCTION(30)");
	strcpy(text.sym, "uart_putc+0x1c");
	strcpy(text.insn, "out dx, al");
	line = (struct trace_line){ .exit = &exit_rec, .text = &text,
				    .dt_ns = 2200 };
	return 0;
}

static void test_io_line(void **state)
{
	(void)state;
	assert_string_equal(json_line(),
		"{\"seq\":9,\"t_ns\":31743562813009,\"dt_ns\":2200,"
		"\"handle_ns\":512,\"level\":1,\"reason\":\"IO\","
		"\"reason_num\":2,\"hw_reason\":\"IO_INSTRUCTION(30)\","
		"\"rip\":1050652,\"cpl\":0,\"sym\":\"uart_putc+0x1c\","
		"\"insn\":\"out dx, al\",\"io\":{\"port\":1016,\"size\":1,"
		"\"dir\":\"out\",\"data\":72,\"count\":1}}\n");
}

static void test_mmio_line(void **state)
{
	(void)state;
	exit_rec.reason = EXIT_MMIO;
	exit_rec.cpl = 3;
	exit_rec.u.mmio = (struct exit_mmio){ .gpa = 0xd0000000, .len = 4,
		.data = { 0x78, 0x56, 0x34, 0x12 } };
	assert_string_equal(json_line(),
		"{\"seq\":9,\"t_ns\":31743562813009,\"dt_ns\":2200,"
		"\"handle_ns\":512,\"level\":1,\"reason\":\"MMIO\","
		"\"reason_num\":6,\"hw_reason\":\"IO_INSTRUCTION(30)\","
		"\"rip\":1050652,\"cpl\":3,\"sym\":\"uart_putc+0x1c\","
		"\"insn\":\"out dx, al\",\"mmio\":{\"gpa\":3489660928,"
		"\"len\":4,\"dir\":\"in\",\"data\":305419896}}\n");
}

/* An L2 exit reflected to L1, after an injection, that reset the
 * machine, with its chain: quotes, backslashes and control bytes
 * escaped, bytes past ASCII as they are. */
static void test_everything(void **state)
{
	struct symbol main_sym = { .name = "main" };
	struct symbol odd = { .name = "a\"b\\c\n\x1f\xc3\xa9" };
	struct vm_pic_state pic = { .chip = {
		{ .isr = 0x10, .imr = 0xec, .vector_base = 0x20 },
		{ .irr = 1, .imr = 0xff, .vector_base = 0x28, .level = 0x0a,
		  .auto_eoi = true, .special_mask = true, .next_icw = 3 } } };

	(void)state;
	exit_rec.level = 1;
	exit_rec.nest.l2_reason = NESTED_EXIT_NPF;
	exit_rec.nest.verdict = NESTED_REFLECT;
	exit_rec.nest.gpa = 0x5000;
	strcpy(exit_rec.nest.rule, "L1's nested page table has no entry");
	exit_rec.injected = (struct exit_inject){ .valid = true, .irq = 4,
						  .vector = 0x24 };
	line.pic = &pic;
	line.pic_chips = 2;
	line.reset = true;
	line.has_stack = true;
	line.stack.count = 3;
	line.stack.frames[2] = (struct unwind_frame){ .sym = &main_sym };
	line.stack.frames[1] = (struct unwind_frame){ .pc = 0x4010a0 };
	line.stack.frames[0] = (struct unwind_frame){ .sym = &odd };
	assert_string_equal(json_line(),
		"{\"seq\":9,\"t_ns\":31743562813009,\"dt_ns\":2200,"
		"\"handle_ns\":512,\"level\":2,\"reason\":\"IO\","
		"\"reason_num\":2,\"hw_reason\":\"IO_INSTRUCTION(30)\","
		"\"rip\":1050652,\"cpl\":0,\"sym\":\"uart_putc+0x1c\","
		"\"insn\":\"out dx, al\",\"io\":{\"port\":1016,\"size\":1,"
		"\"dir\":\"out\",\"data\":72,\"count\":1},"
		"\"nested\":{\"l2_reason\":48,"
		"\"l2_reason_name\":\"EPT_VIOLATION(48)\","
		"\"verdict\":\"reflected to L1\","
		"\"rule\":\"L1's nested page table has no entry\","
		"\"gpa\":20480},\"inject\":{\"irq\":4,\"vector\":36},"
		"\"pic\":{\"master\":{\"base\":32,\"irr\":0,\"isr\":16,"
		"\"imr\":236,\"level\":0,\"auto_eoi\":false,"
		"\"special_mask\":false,\"next_icw\":0},"
		"\"slave\":{\"base\":40,\"irr\":1,\"isr\":0,\"imr\":255,"
		"\"level\":10,\"auto_eoi\":true,\"special_mask\":true,"
		"\"next_icw\":3}},"
		"\"reset\":true,\"stack\":[\"main\",\"0x4010a0\","
		"\"a\\\"b\\\\c\\u000a\\u001f\xc3\xa9\"]}\n");
}

/* Symbols of 3000 bytes, one with a quote every 7: the line is some
 * 10 KB, five times the buffer, and arrives whole. */
static void test_long_line_whole(void **state)
{
	static char plain[3001], quoted[3001];
	struct symbol a = { .name = plain }, b = { .name = quoted };
	char *want, *p;

	(void)state;
	memset(plain, 'p', 3000);
	for (size_t i = 0; i < 3000; i++)
		quoted[i] = i % 7 ? 'q' : '"';
	line.has_stack = true;
	line.stack.count = 3;
	line.stack.frames[0] = (struct unwind_frame){ .sym = &a };
	line.stack.frames[1] = (struct unwind_frame){ .sym = &b };
	line.stack.frames[2] = (struct unwind_frame){ .sym = &a };
	p = want = malloc(20000);
	assert_non_null(want);
	p += sprintf(p, "{\"seq\":9,\"t_ns\":31743562813009,\"dt_ns\":2200,"
		     "\"handle_ns\":512,\"level\":1,\"reason\":\"IO\","
		     "\"reason_num\":2,\"hw_reason\":\"IO_INSTRUCTION(30)\","
		     "\"rip\":1050652,\"cpl\":0,\"sym\":\"uart_putc+0x1c\","
		     "\"insn\":\"out dx, al\",\"io\":{\"port\":1016,"
		     "\"size\":1,\"dir\":\"out\",\"data\":72,\"count\":1},"
		     "\"stack\":[\"%s\",\"", plain);
	for (size_t i = 0; i < 3000; i++)
		p = stpcpy(p, i % 7 ? "q" : "\\\"");
	sprintf(p, "\",\"%s\"]}\n", plain);
	assert_true(strlen(want) > 4 * TEXTBUF_SIZE);
	assert_string_equal(json_line(), want);
	free(want);
}

/* The summary's strings go through the same escaping. */
static void test_string(void **state)
{
	size_t len;
	FILE *f;

	(void)state;
	free(out);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	trace_json_string(f, "stopped by \"SIGTERM\"\t\\");
	assert_int_equal(fclose(f), 0);
	assert_string_equal(out, "\"stopped by \\\"SIGTERM\\\"\\u0009\\\\\"");
}

static int teardown(void **state)
{
	(void)state;
	free(out);
	out = NULL;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_io_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmio_line, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_everything, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_long_line_whole, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_string, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
