/*
 * tests/unit/test_lesson_run.c - the lesson engine (core/lesson_run.c,
 * core/lesson_watch.c) running real guests on the software CPU: what a step
 * sees at the exit it stopped at (the exact exit, payload, symbol, call
 * chain, layers, serial text, counts), and each way a step fails, with the
 * exact FAIL reason and the events before it; keys typed mid-lesson and
 * single instructions stepped.
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
	char said_text[600];       /* every line said, each ending in \n */
	uint64_t last_seen;        /* the seq of the last exit shown */
	uint64_t trips, trip_ns;   /* the exits shown, their round trips */
	int highlighted;
};

static void ui_say(void *ctx, const char *text)
{
	struct run *r = ctx;

	size_t n = strlen(r->said_text);

	r->said++;
	snprintf(r->said_text + n, sizeof(r->said_text) - n, "%s\n", text);
}

static void ui_highlight(void *ctx, int layer)
{
	((struct run *)ctx)->highlighted = layer;
}

static void ui_exit_seen(void *ctx, struct vm *vm,
			 const struct exit_record *exit)
{
	struct run *r = ctx;

	(void)vm;
	r->last_seen = exit->seq;
	r->trips++;
	r->trip_ns += exit->t_ns - exit->resume_ns + exit->handle_ns;
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

/* Parse text and boot its guest (a built-in name, or the spin image) on
 * this clock. */
static void start_clocked(struct run *r, const char *text,
			  const uint8_t *image, size_t size,
			  enum vm_clock_source clock)
{
	struct vm_config cfg = { .backend = &soft_backend_ops, .clock = clock };
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

static void start(struct run *r, const char *text, const uint8_t *image,
		  size_t size)
{
	start_clocked(r, text, image, size, VM_CLOCK_HOST);
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

/* A say line shows fields as they are when it is said. */
static void test_say_fields(void **state)
{
	static const char text[] = HELLO
		"step a\n"
		"say before the run: {exit.seq}\n"
		"run-until io-out where io.port == 0x3f8 and sym == \"uart_putc\" "
		"within 200 exits\n"
		"say exit {exit.seq} at {sym}, port {io.port}, on {host.kvm}: "
		"{mmio.gpa} {{braces}\n"
		"say {serial.text}{stack}\n";
	struct run r;

	(void)state;
	start(&r, text, NULL, 0);
	expect_pass(&r, 0);
	assert_string_equal(r.said_text,
		"before the run: (exit.seq: no exit yet)\n"
		"exit 9 at uart_putc, port 1016, on none: (mmio.gpa: the exit "
		"is IO(2), not MMIO) {braces}\n"
		"Huser_start > main > printf > vfprintf > write | int 0x80 | "
		"trap > syscall_entry > sys_write > tty_write > uart_putc\n");
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

/*
 * Under --clock insn the bound is the machine's time: the run ends
 * exactly 5 ms of it (5,000,000 instructions) after the step began,
 * whatever the host's load - a guest spinning without exits, and one
 * waiting in HLT for keys a person might type (unmasks IRQ 1, sti, hlt),
 * whose wait jumps to the bound instead of sleeping on the host.  (The
 * host's alarm ended them after 5 ms of the host's: at whatever count the
 * spin had reached, and in the HLT a few instructions in.)
 */
static void test_time_bound_insn_clock(void **state)
{
	static const char text[] = "lesson t\ntitle T\nboot spin\n"
		"step spin\nrun-until io-in within 5 ms\n";
	static const uint8_t halts[] = {
		0xb0, 0xfd, 0xe6, 0x21,         /* mov al, 0xfd; out 0x21, al */
		0xfb,                           /* sti */
		0xf4,                           /* 1: hlt */
		0xeb, 0xfd,                     /* jmp 1b */
	};
	struct test_elf img;
	struct run r;
	uint64_t t0;

	(void)state;
	for (int halting = 0; halting < 2; halting++) {
		test_elf_build(&img);
		img.text[0] = 0xeb;        /* jmp . */
		img.text[1] = 0xfe;
		if (halting)
			memcpy(img.text, halts, sizeof(halts));
		start_clocked(&r, text, (const uint8_t *)&img, sizeof(img),
			      VM_CLOCK_INSN);
		r.vm.keys_live = true;
		t0 = vm_now_ns(&r.vm);
		expect_fail(&r, 0, 5, "run-until io-in: not reached within "
			    "its time bound", NULL);
		assert_int_equal(vm_now_ns(&r.vm) - t0, 5000000);
		assert_int_equal(r.vm.state, VM_RUNNING);
		stop(&r);
	}
}

/*
 * A guest that writes 'a', a NUL, 'b', then 1 MiB + 64 KiB with `rep
 * outsb` (a byte per exit, as on KVM, from its data page: 16 bytes
 * 0xa0..0xaf, then zeros), then '!', and ends with status 0.  Its run to
 * the '!' needs over a million exits: a bound of its own.
 */
static const uint8_t chatty_code[] = {
	0x66, 0xba, 0xf8, 0x03,             /* mov dx, 0x3f8 */
	0xb0, 0x61, 0xee,                   /* mov al, 'a'; out dx, al */
	0x30, 0xc0, 0xee,                   /* xor al, al; out dx, al */
	0xb0, 0x62, 0xee,                   /* mov al, 'b'; out dx, al */
	0xbb, 0x10, 0x01, 0x00, 0x00,       /* mov ebx, 0x110 (pages) */
	0xbe, 0x00, 0x10, 0x10, 0x00,       /* 1: mov esi, 0x101000 */
	0xb9, 0x00, 0x10, 0x00, 0x00,       /* mov ecx, 0x1000 */
	0xf3, 0x6e,                         /* rep outsb */
	0xff, 0xcb, 0x75, 0xf0,             /* dec ebx; jnz 1b */
	0xb0, 0x21, 0xee,                   /* mov al, '!'; out dx, al */
	0x30, 0xc0, 0xe6, 0xf4,             /* xor al, al; out 0xf4, al */
	0xf4,                               /* hlt */
};

#define CHATTY_BYTES (3 + 0x110000 + 1)

/* serial.text holds every byte, a NUL too; past 1 MiB the serial events
 * go on, and serial.text keeps a bounded window of the last bytes. */
static void test_serial_bytes_and_window(void **state)
{
	static const char text[] = "lesson t\ntitle T\nboot chatty\n"
		"limit 1000 exits\n"
		"step nul\n"
		"run-until serial where serial.byte == 0x62\n"
		"expect serial.text == \"a\\x00b\" \"a NUL mid-text\"\n"
		"expect count(serial) == 3 \"three bytes\"\n"
		"step past-1-mib\n"
		"run-until serial where serial.byte == 0x21 within 1200000 exits\n"
		"expect count(serial) == 0x110001 \"every byte an event\"\n"
		"expect serial.text ~ \"[^!]!$\" \"the text ends with the last bytes\"\n"
		"expect not serial.text ~ \"^a\" \"the first bytes left the window\"\n"
		"step end\n"
		"run-until end\n";
	struct lesson_watch *w;
	struct test_elf img;
	struct run r;

	(void)state;
	test_elf_build(&img);
	memcpy(img.text, chatty_code, sizeof(chatty_code));
	start(&r, text, (const uint8_t *)&img, sizeof(img));
	w = &r.runner.watch;
	expect_pass(&r, 0);
	expect_pass(&r, 1);
	assert_int_equal(w->serial_dropped + w->serial_len, CHATTY_BYTES);
	assert_true(w->serial_len <= (1u << 20) && w->serial_len >= (1u << 19));
	assert_true(w->serial_cap <= (1u << 20) + 4096);
	assert_memory_equal(w->serial + w->serial_len - 2, "\0!", 2);
	expect_pass(&r, 2);
	assert_int_equal(r.vm.state, VM_EXITED);
	stop(&r);
}

/*
 * exits.round_trip_ns: the mean, over the step's exits, of the time from
 * vmscope's call into the backend to the exit, plus vmscope's handling -
 * exactly what the exit records say, none of the lesson's own time.  No
 * exit yet in a step: it does not apply, and a say line says why.
 */
static void test_round_trip(void **state)
{
	static const char text[] = "lesson t\ntitle T\nboot portloop\n"
		"limit 2000 exits\n"
		"step loop\n"
		"say {exits.round_trip_ns}\n"
		"run-until io-out where io.port == 0x80 within 20 exits\n"
		"step thousand\n"
		"step-exit 1000\n"
		"expect count(io-out where io.port == 0x80) == 1000 \"a loop\"\n"
		"expect exits.round_trip_ns > 0 \"measured\"\n";
	const struct lesson_obs *obs;
	struct run r;

	(void)state;
	start(&r, text, NULL, 0);
	expect_pass(&r, 0);
	assert_string_equal(r.said_text, "(exits.round_trip_ns: no exit in "
			    "this step yet)\n");
	r.trips = r.trip_ns = 0;
	expect_pass(&r, 1);
	obs = &r.runner.watch.now.obs;
	assert_int_equal(r.trips, 1000);
	assert_int_equal(obs->round_trips, 1000);
	assert_int_equal(obs->round_trip_ns, r.trip_ns / 1000);
	stop(&r);
}

/* `type`: keys for the guest's keyboard, mid-lesson; echo takes them. */
static void test_type(void **state)
{
	static const char text[] = "lesson t\ntitle T\nboot echo\n"
		"limit 400 exits\n"
		"step waits\n"
		"run-until hlt within 200 exits\n"
		"expect sym == \"tty_read\" \"echo waits for a key\"\n"
		"step keys\n"
		"type ok\\n\\x04\n"
		"run-until end\n"
		"expect serial.text == \"ok\\nok\\n\" \"echoed, then printed back\"\n"
		"expect count(inject where inject.irq == 1) >= 6 \"a make and "
		"a break code a key\"\n";
	struct run r;

	(void)state;
	start(&r, text, NULL, 0);
	expect_pass(&r, 0);
	expect_pass(&r, 1);
	assert_int_equal(r.vm.state, VM_EXITED);
	stop(&r);
}

/* `step-insn N`: N instructions, each a DEBUG exit; then the guest runs
 * on unstepped. */
static void test_step_insn(void **state)
{
	static const char text[] = "lesson t\ntitle T\nrequires backend=soft\n"
		"boot hello\nlimit 400 exits\n"
		"step to-the-h\n"
		"run-until io-out where io.port == 0x3f8 and sym == \"uart_putc\" "
		"within 50 exits\n"
		"step three\n"
		"step-insn 3\n"
		"expect count(exit where exit.reason == DEBUG) == 3 \"three "
		"DEBUG exits\"\n"
		"expect count(exit where exit.reason != DEBUG) == 0 \"none of "
		"the guest's own\"\n"
		"expect exit.seq == 12 and sym == \"tty_write\" \"back in "
		"tty_write\"\n"
		"step on\n"
		"run-until end\n"
		"expect count(exit where exit.reason == DEBUG) == 0 \"no longer "
		"stepped\"\n";
	struct run r;

	(void)state;
	start(&r, text, NULL, 0);
	expect_pass(&r, 0);
	expect_pass(&r, 1);
	assert_int_equal(r.last_seen, 12);
	expect_pass(&r, 2);
	stop(&r);
}

/* A failure's last events number a stop as trace does: the 2nd stop after
 * the guest's exit 9 is "exit 9.2", not its raw count 11.  Exit 9 leaves
 * RIP at its OUT (uart_putc+0x1c); the first step finishes the OUT and
 * stops after it, as KVM's single step does (complete_fast_pio_out), the
 * second after the POP. */
static void test_stop_numbers(void **state)
{
	static const char text[] = "lesson t\ntitle T\nrequires backend=soft\n"
		"boot hello\nlimit 400 exits\n"
		"step to-the-h\n"
		"run-until io-out where io.port == 0x3f8 and sym == \"uart_putc\" "
		"within 50 exits\n"
		"step two\n"
		"step-insn 2\n"
		"expect exit.seq == 0 \"never so\"\n";
	struct run r;

	(void)state;
	start(&r, text, NULL, 0);
	expect_pass(&r, 0);
	expect_fail(&r, 1, 10, "never so: exit.seq is 0xb (11)",
		    "    exit 9.1 DEBUG(4) at uart_putc+0x1d\n"
		    "    exit 9.2 DEBUG(4) at uart_putc+0x1e\n");
	stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printf_path),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_time_bound),
		cmocka_unit_test(test_time_bound_insn_clock),
		cmocka_unit_test(test_say_fields),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_type),
		cmocka_unit_test(test_step_insn),
		cmocka_unit_test(test_stop_numbers),
		cmocka_unit_test(test_serial_bytes_and_window),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
