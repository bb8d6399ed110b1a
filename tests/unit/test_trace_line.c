/*
 * tests/unit/test_trace_line.c - the tracer's text line (cli/trace_line.c),
 * which the TUI's Exits panel prints too: exact columns, the header row
 * over them, the time column's units, a character only for the UART's
 * data register (not the divisor latch at the same port), 120 columns for the common line on every host; an access
 * of L2's page walk named as one; the columns
 * kept from one line to the next only for the same text and layout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/trace_line.h"
#include "core/nested.h"

struct line_fix {
	struct exit_record exit;
	struct exit_text text;
	uint8_t data[4];
	struct trace_line line;
	struct textbuf tb;
};

static struct line_fix fix;

/* An OUT of byte to port from uart_putc, hw_brief as the host says it;
 * COM1's data port named as the UART names it with DLAB clear. */
static const char *io_line(uint16_t port, uint8_t byte, bool out,
			   const char *hw_brief, uint64_t dt_ns)
{
	memset(&fix, 0, sizeof(fix));
	fix.exit.seq = 9;
	fix.exit.reason = EXIT_IO;
	fix.exit.u.io = (struct exit_io){ .port = port, .size = 1,
					  .direction = out ? IO_OUT : IO_IN,
					  .count = 1, .data = fix.data,
					  .text = port == 0x3f8 };
	fix.data[0] = byte;
	strcpy(fix.text.reason, "IO(2)");
	strcpy(fix.text.hw_brief, hw_brief);
	strcpy(fix.text.sym, "uart_putc+0x1c");
	strcpy(fix.text.insn, out ? "out dx, al" : "in al, dx");
	fix.line = (struct trace_line){ .exit = &fix.exit, .text = &fix.text,
					.dt_ns = dt_ns };
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	return fix.tb.buf;
}

static void test_line_on_each_host(void **state)
{
	(void)state;
	assert_string_equal(io_line(0x3f8, 'H', true, "IO_INSTRUCTION(30)",
				    2200),
	"     9    +2.2us L1 IO(2)    IO_INSTRUCTION(30)  uart_putc+0x1c     "
	"out dx, al  port=0x3f8 out size=1 data=0x48 'H'");
	assert_true(strlen(fix.tb.buf) <= 120);
	assert_string_equal(io_line(0x3f8, 'H', true, "IOIO(0x7b)", 2200),
	"     9    +2.2us L1 IO(2)    IOIO(0x7b)          uart_putc+0x1c     "
	"out dx, al  port=0x3f8 out size=1 data=0x48 'H'");
	assert_string_equal(io_line(0x3f8, 'H', true, "ring-0 emulated", 2200),
	"     9    +2.2us L1 IO(2)    ring-0 emulated     uart_putc+0x1c     "
	"out dx, al  port=0x3f8 out size=1 data=0x48 'H'");
}

/* An exit of L2's (--nested): its level, and the rule that decided; an
 * IN reflected to L1 has no data from L0. */
static void test_nested_lines(void **state)
{
	(void)state;
	memset(&fix, 0, sizeof(fix));
	io_line(0x3f8, 'H', true, "IO_INSTRUCTION(30)", 2200);
	fix.exit.level = 1;
	fix.exit.nest.verdict = NESTED_REFLECT;
	strcpy(fix.exit.nest.rule, "L1's I/O bitmap has port 0x3f8");
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_string_equal(fix.tb.buf,
	"     9    +2.2us L2 IO(2)    IO_INSTRUCTION(30)  uart_putc+0x1c     "
	"out dx, al  port=0x3f8 out size=1 data=0x48 'H'  \u2192 reflected to "
	"L1 (L1's I/O bitmap has port 0x3f8)");
	fix.exit.u.io.direction = IO_IN;
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_non_null(strstr(fix.tb.buf, "in size=1 data=(L1's)  \u2192 "
			       "reflected to L1 ("));
	fix.exit.nest.verdict = NESTED_L0_DEVICE;
	strcpy(fix.exit.nest.rule, "port 0xf4 is not in L1's I/O bitmap: "
	       "L0's device");
	fix.exit.u.io.port = 0xf4;
	fix.exit.u.io.text = false;   /* the exit port's byte, as named */
	fix.exit.u.io.direction = IO_OUT;
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_non_null(strstr(fix.tb.buf, " L2 IO(2) "));
	assert_non_null(strstr(fix.tb.buf, "port=0xf4 out size=1 data=0x48  "
			       "\u2192 handled in L0 (port 0xf4 is not in "
			       "L1's I/O bitmap: L0's device)"));
}

/* A shadow fault's payload (exit->nest, as cpu/soft_nested.c fills it). */
#define SHADOW "  \u2192 handled in L0 (shadow fault, L1 maps it)"

static const char *npf_payload(uint64_t gpa, uint64_t qualification)
{
	memset(&fix, 0, sizeof(fix));
	fix.exit.level = 1;
	fix.exit.reason = EXIT_UNKNOWN;
	fix.exit.nest.l2_reason = NESTED_EXIT_NPF;
	fix.exit.nest.gpa = gpa;
	fix.exit.nest.qualification = qualification;
	fix.exit.nest.verdict = NESTED_L0_HANDLES;
	strcpy(fix.exit.nest.rule, "shadow fault, L1 maps it");
	textbuf_reset(&fix.tb);
	trace_line_payload(&fix.exit, &fix.tb);
	return fix.tb.buf;
}

/* L2's first instruction at _start: its fetch needs L2's page walk, each
 * table page a shadow fault of its own.  The walk's accesses (VMX's bit 7
 * without bit 8) are named as such - they were shown as the writes of
 * `mov rsp, imm`, which touches no memory - the fetch itself as a fetch;
 * without bits 7 and 8 (the KVM way) the access as KVM said it. */
static void test_page_walk_named(void **state)
{
	(void)state;
	assert_string_equal(npf_payload(0x10000, NESTED_NPF_WRITE |
					NESTED_NPF_LINEAR),
			    "gpa=0x10000 page-table write" SHADOW);
	assert_string_equal(npf_payload(0x100000, NESTED_NPF_FETCH |
					 NESTED_NPF_LINEAR |
					 NESTED_NPF_TRANSLATED),
			    "gpa=0x100000 fetch" SHADOW);
	assert_string_equal(npf_payload(0x106038, NESTED_NPF_WRITE |
					 NESTED_NPF_LINEAR |
					 NESTED_NPF_TRANSLATED),
			    "gpa=0x106038 write" SHADOW);
	assert_string_equal(npf_payload(0x1bfffd8, NESTED_NPF_READ),
			    "gpa=0x1bfffd8 read" SHADOW);
}

/* The header row names the columns right above them. */
static void test_header_row(void **state)
{
	struct textbuf head;
	const char *line = io_line(0x3f8, 'H', true, "IOIO(0x7b)", 2200);

	(void)state;
	trace_line_header(&trace_columns_all, &head);
	assert_string_equal(head.buf,
	"   seq     since L  reason   hardware            RIP                "
	"instruction payload");
	assert_int_equal(strstr(head.buf, "reason") - head.buf,
			 strstr(line, "IO(2)") - line);
	assert_int_equal(strstr(head.buf, "hardware") - head.buf,
			 strstr(line, "IOIO") - line);
	assert_int_equal(strstr(head.buf, "RIP") - head.buf,
			 strstr(line, "uart_putc") - line);
	assert_int_equal(strstr(head.buf, "instruction") - head.buf,
			 strstr(line, "out dx") - line);
	assert_int_equal(strstr(head.buf, "payload") - head.buf,
			 strstr(line, "port=") - line);
	assert_int_equal(strstr(head.buf, "since") + 5 - head.buf,
			 strstr(line, "us ") + 2 - line);
}

/* us below a millisecond, ms below a second, then s: the sequence and
 * the time never touch, however long the gap. */
static void test_time_units(void **state)
{
	(void)state;
	assert_memory_equal(io_line(0x3f8, 'H', true, "-", 999900),
			    "     9  +999.9us L1 ", 20);
	assert_memory_equal(io_line(0x3f8, 'H', true, "-", 150000000),
			    "     9  +150.0ms L1 ", 20);
	assert_memory_equal(io_line(0x3f8, 'H', true, "-", 59994276900ULL),
			    "     9    +59.9s L1 ", 20);
	assert_memory_equal(io_line(0x3f8, 'H', true, "-",
				    123456789000000ULL),
			    "     9 +123456.7s L1 ", 21);
	fix.exit.seq = 1234567;
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_memory_equal(fix.tb.buf, "1234567 +123456.7s L1 ", 22);
}

/* A character only where the port carries text: the UART's THR and RBR. */
static void test_characters_only_for_text(void **state)
{
	(void)state;
	assert_non_null(strstr(io_line(0x3fd, 0x60, false, "-", 0),
			       "port=0x3fd in size=1 data=0x60"));
	assert_null(strchr(fix.tb.buf, '`'));
	assert_non_null(strstr(io_line(0x60, 0x61, false, "-", 0),
			       "port=0x60 in size=1 data=0x61"));
	assert_null(strchr(fix.tb.buf, '\''));
	assert_non_null(strstr(io_line(0x3f8, 'a', false, "-", 0),
			       "port=0x3f8 in size=1 data=0x61 'a'"));
	assert_non_null(strstr(io_line(0x3f8, '\r', true, "-", 0),
			       "data=0xd '\\r'"));
}

/*
 * With LCR.DLAB set port 0x3f8 is the divisor latch: its 0x30 is a
 * number, not '0'.  An exit of L2's reflected to L1 reaches L1's own
 * model: the nesting stage decides text from L2's LCR as L0 saw it
 * (core/nested_run.c), and the line follows what it decided.
 */
static void test_divisor_latch_is_no_text(void **state)
{
	(void)state;
	io_line(0x3f8, 0x30, true, "-", 0);
	fix.exit.u.io.reg = "DLL";
	fix.exit.u.io.text = false;
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_non_null(strstr(fix.tb.buf, "port=0x3f8 out size=1 data=0x30"));
	assert_null(strchr(fix.tb.buf, '\''));
	fix.exit.nest.verdict = NESTED_REFLECT;
	fix.exit.u.io.reg = NULL;
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_non_null(strstr(fix.tb.buf, "data=0x30  "));
	assert_null(strstr(fix.tb.buf, "'0'"));
	fix.exit.u.io.text = true;
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_non_null(strstr(fix.tb.buf, "data=0x30 '0'"));
}

/* A byte as a character: the two line ends escaped, other control bytes
 * none (the Flow's host terminal row then gives the number). */
static void test_char_names(void **state)
{
	char buf[8];

	(void)state;
	assert_true(trace_char('\n', buf, sizeof(buf)));
	assert_string_equal(buf, "'\\n'");
	assert_true(trace_char('\r', buf, sizeof(buf)));
	assert_string_equal(buf, "'\\r'");
	assert_true(trace_char('H', buf, sizeof(buf)));
	assert_string_equal(buf, "'H'");
	assert_false(trace_char(0x1b, buf, sizeof(buf)));
	assert_string_equal(buf, "");
	assert_false(trace_char(0x7f, buf, sizeof(buf)));
}

/*
 * The columns from the reason to the instruction are kept from one line
 * to the next with the same cached text (exit_text.id) and layout: a
 * new text, a refilled one (a new id), another layout and a text made by
 * hand (id 0) each get their own columns, never the kept ones.
 */
static void test_kept_columns(void **state)
{
	static const struct trace_columns narrow = { .sym_width = 12,
						     .insn_width = 8 };
	const char *all = "     9    +2.2us L1 IO(2)    -                   "
			  "uart_putc+0x1c     out dx, al  port=0x3f8 out "
			  "size=1 data=0x48 'H'";

	(void)state;
	io_line(0x3f8, 'H', true, "-", 2200);
	fix.text.id = 1000001;
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_string_equal(fix.tb.buf, all);
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_string_equal(fix.tb.buf, all);
	trace_line_text(&fix.line, &narrow, &fix.tb);
	assert_string_equal(fix.tb.buf, "     9 IO(2)    uart_putc+0x1c out dx, "
			    "al port=0x3f8 out size=1 data=0x48 'H'");
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_string_equal(fix.tb.buf, all);
	strcpy(fix.text.sym, "uart_getc+0x4");
	strcpy(fix.text.insn, "in al, dx");
	fix.text.id = 1000002;
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_non_null(strstr(fix.tb.buf, " uart_getc+0x4      in al, dx   "));
	strcpy(fix.text.sym, "by_hand");
	fix.text.id = 0;
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_non_null(strstr(fix.tb.buf, " by_hand            in al, dx   "));
	strcpy(fix.text.sym, "by_hand_too");
	trace_line_text(&fix.line, &trace_columns_all, &fix.tb);
	assert_non_null(strstr(fix.tb.buf, " by_hand_too        in al, dx   "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_on_each_host),
		cmocka_unit_test(test_nested_lines),
		cmocka_unit_test(test_page_walk_named),
		cmocka_unit_test(test_header_row),
		cmocka_unit_test(test_time_units),
		cmocka_unit_test(test_characters_only_for_text),
		cmocka_unit_test(test_divisor_latch_is_no_text),
		cmocka_unit_test(test_char_names),
		cmocka_unit_test(test_kept_columns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
