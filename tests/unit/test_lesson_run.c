/*
 * tests/unit/test_lesson_run.c - the lesson engine (core/lesson_run.c,
 * core/lesson_watch.c) running real guests on the software CPU: what a step
 * sees at the exit it stopped at (the exact exit, payload, symbol, call
 * chain, layers, serial text, counts), and each way a step fails, with the
 * exact FAIL reason and the events before it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/guests.h"
#include "core/lesson_run.h"
#include "cpu/soft.h"
#include "tests/unit/support/elf_builder.h"

struct run {
	struct lesson lesson;
	struct vm vm;
	struct lesson_runner runner;
	int answer;                /* what ask() answers */
	unsigned said;             /* say lines shown */
	uint64_t last_seen;        /* the seq of the last exit shown */
	int highlighted;
};

static void ui_say(void *ctx, const char *text)
{
	struct run *r = ctx;

	(void)text;
	r->said++;
}

static void ui_highlight(void *ctx, int layer)
{
	((struct run *)ctx)->highlighted = layer;
}

static void ui_exit_seen(void *ctx, struct vm *vm,
			 const struct exit_record *exit)
{
	(void)vm;
	((struct run *)ctx)->last_seen = exit->seq;
}

static int ui_ask(void *ctx, const struct lesson_question *q)
{
	(void)q;
	return ((struct run *)ctx)->answer;
}

static const struct lesson_ui ui = {
	.say = ui_say, .highlight = ui_highlight, .ask = ui_ask,
	.exit_seen = ui_exit_seen,
};

/* Parse text and boot its guest (a built-in name, or the spin image). */
static void start(struct run *r, const char *text, const uint8_t *image,
		  size_t size)
{
	struct vm_config cfg = { .backend = &soft_backend_ops };
	char err[400];

	memset(r, 0, sizeof(*r));
	if (lesson_parse("t.lesson", text, NULL, &r->lesson, err, sizeof(err)))
		fail_msg("%s", err);
	if (!image) {
		const struct builtin_guest *g = guests_find(r->lesson.boot[0]);

		assert_non_null(g);
		image = g->image;
		size = (size_t)(g->image_end - g->image);
	}
	cfg.image = image;
	cfg.image_size = size;
	assert_int_equal(vm_create(&r->vm, &cfg, err, sizeof(err)), 0);
	assert_int_equal(lesson_runner_init(&r->runner, &r->lesson, &r->vm, &ui,
					    r), 0);
}

static void stop(struct run *r)
{
	lesson_runner_free(&r->runner);
	vm_destroy(&r->vm);
	lesson_free(&r->lesson);
}

static void expect_pass(struct run *r, size_t step)
{
	struct lesson_result res;

	lesson_run_step(&r->runner, step, &res);
	if (res.verdict != LESSON_PASS)
		fail_msg("step %s: line %u: %s\n%s", r->lesson.steps[step].id,
			 res.line, res.why, res.recent);
}

static void expect_fail(struct run *r, size_t step, unsigned line,
			const char *why, const char *recent)
{
	struct lesson_result res;

	lesson_run_step(&r->runner, step, &res);
	assert_int_equal(res.verdict, LESSON_FAIL);
	assert_string_equal(res.why, why);
	assert_int_equal(res.line, line);
	if (recent)
		assert_string_equal(res.recent, recent);
}

#define HELLO "lesson t\ntitle T\nboot hello\nlimit 500 exits\n"

/* hello: exits 1-7 set the UART up (uart_init), 8 reads LSR, 9 writes 'H'. */
static const char printf_lesson[] = HELLO
	"step first-out\n"
	"say The driver writes each byte with out.\n"
	"highlight port-io\n"
	"run-until io-out where io.port == 0x3f8 and sym == \"uart_putc\" "
	"within 200 exits\n"
	"expect exit.seq == 9 and exit.reason == IO \"the 9th exit\"\n"
	"expect io.data == 0x48 and io.size == 1 \"the first byte is H\"\n"
	"expect reg.rdx == 0x3f8 and reg.rax == 0x48 \"out dx, al\"\n"
	"expect stack ~ \"main > printf\" \"called from main's printf\"\n"
	"expect count(io-in where io.port == 0x3fd) == 1 \"one LSR read\"\n"
	"expect count(exit) == 9 \"nine exits so far\"\n"
	"expect serial.text == \"H\" \"H reached the host\"\n"
	"expect cpl == 0 and exit.hw == none \"ring 0, no VMX here\"\n"
	"expect exits.kvm_internal == 0 \"the soft CPU keeps no exit to itself\"\n"
	"step comma\n"
	"run-until serial where serial.byte == 0x2c within 100 exits\n"
	"expect serial.text == \"Hello,\" \"six bytes\"\n"
	"expect exit.seq == 19 \"the comma's out is exit 19\"\n"
	"step tty\n"
	"run-until layer tty within 10 exits\n"
	"expect exit.seq == 20 and io.port == 0x3fd \"the next LSR read\"\n"
	"step-exit 3\n"
	"expect exit.seq == 23 \"three exits on\"\n"
	"step break\n"
	"run-until break tty_write within 50 exits\n"
	"expect sym == \"tty_write\" and exit.reason == DEBUG \"at tty_write's entry\"\n"
	"expect stack ~ \"sys_write > tty_write$\" \"called by sys_write\"\n"
	"run-until io-out where io.port == 0x3f8 within 10 exits\n"
	"expect io.data == 0x32 and serial.text == \"Hello, world!\\n2\" "
	"\"the second printf's write: its first byte\"\n"
	"run-until break no_such_function within 5 exits\n"
	"step to-the-end\n"
	"run-until end\n"
	"expect serial.text == \"Hello, world!\\n2 + 40 = 42, in hex 0x2a\\n\" "
	"\"all of it\"\n";

static void test_printf_path(void **state)
{
	struct run r;

	(void)state;
	start(&r, printf_lesson, NULL, 0);
	expect_pass(&r, 0);
	assert_int_equal(r.said, 1);
	assert_int_equal(r.last_seen, 9);
	assert_int_equal(r.highlighted, FLOW_PORT_IO);
	assert_true(r.runner.watch.now.obs.layers & (1u << FLOW_UART_DRIVER));
	assert_true(r.runner.watch.now.obs.layers & (1u << FLOW_HOST_TERMINAL));
	expect_pass(&r, 1);
	expect_pass(&r, 2);
	expect_fail(&r, 3, 33, "run-until break no_such_function: the guest has "
		    "no function no_such_function", NULL);
	expect_pass(&r, 4);
	assert_int_equal(r.vm.state, VM_EXITED);
	stop(&r);
}

static void test_failures(void **state)
{
	static const char text[] = HELLO
		"step wrong-byte\n"
		"run-until io-out where io.port == 0x3f8 and sym == \"uart_putc\" "
		"within 200 exits\n"
		"expect io.data == 0x65 \"the first byte is e\"\n"
		"step wrong-field\n"
		"expect mmio.gpa == 0 \"an MMIO exit\"\n"
		"step bound\n"
		"run-until hlt within 4 exits\n"
		"step never\n"
		"expect-never io-out where io.data == 0x6c \"no l\"\n"
		"run-until end\n"
		"step finish\n"
		"run-until end\n"
		"step after-end\n"
		"step-exit\n"
		"step question\n"
		"ask Why?\n"
		"choice a Because\n"
		"choice b Why not\n"
		"answer a\n";
	struct run r;

	(void)state;
	start(&r, text, NULL, 0);
	expect_fail(&r, 0, 7, "the first byte is e: io.data is 0x48 (72)", NULL);
	expect_fail(&r, 1, 9, "an MMIO exit: mmio.gpa: the exit is IO(2), not "
		    "MMIO", "");
	expect_fail(&r, 2, 11, "run-until hlt: not reached within its exit bound",
		    "    exit 11 IO(2) at uart_putc+0x1c\n"
		    "    serial byte 0x65 'e'\n"
		    "    exit 12 IO(2) at uart_putc+0x10\n"
		    "    exit 13 IO(2) at uart_putc+0x1c\n"
		    "    serial byte 0x6c 'l'\n");
	expect_fail(&r, 3, 13, "no l (it happened: exit 15 IO(2) at "
		    "uart_putc+0x1c)", NULL);
	expect_pass(&r, 4);
	expect_fail(&r, 5, 18, "step-exit 1: the guest's run ended first (guest "
		    "exited with status 0)", "    the run ended: guest exited "
		    "with status 0\n");
	r.answer = 1;
	expect_fail(&r, 6, 20, "\"Why?\": answered b, which is not right", NULL);
	r.answer = -1;
	expect_fail(&r, 6, 20, "\"Why?\": not answered", NULL);
	r.answer = 0;
	expect_pass(&r, 6);
	stop(&r);
}

/* A guest that spins without an exit ends a run at its time bound. */
static void test_time_bound(void **state)
{
	static const char text[] = "lesson t\ntitle T\nboot spin\n"
		"step spin\nrun-until exit within 50 ms\n";
	struct test_elf img;
	struct run r;

	(void)state;
	test_elf_build(&img);
	img.text[0] = 0xeb;        /* jmp . */
	img.text[1] = 0xfe;
	start(&r, text, (const uint8_t *)&img, sizeof(img));
	expect_fail(&r, 0, 5, "run-until exit: not reached within its time "
		    "bound", NULL);
	assert_int_equal(r.vm.state, VM_RUNNING);
	stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printf_path),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_time_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
