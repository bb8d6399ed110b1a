/*
 * tests/unit/test_lesson_parse.c - the lesson file parser (core/lesson_parse.c):
 * a complete lesson read back field by field, and every way a file can be
 * wrong, each with its exact "file:line: why".
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/lesson.h"

#define HEADER "lesson t\ntitle T\nboot hello\nlimit 100 exits\n"

static bool cap_known(const char *name)
{
	return strcmp(name, "ring3_breakpoints") == 0;
}

static int boot_check(char *const *words, size_t count, char *err,
		      size_t errlen)
{
	if (count > 1 && strcmp(words[1], "--bad") == 0) {
		snprintf(err, errlen, "unknown option --bad");
		return -EINVAL;
	}
	return 0;
}

static const struct lesson_vocab vocab = {
	.cap_known = cap_known,
	.boot_check = boot_check,
};

static void expect_error(const char *text, const char *why)
{
	struct lesson l;
	char err[600];

	assert_int_equal(lesson_parse("x.lesson", text, &vocab, &l, err,
				      sizeof(err)), -EINVAL);
	assert_string_equal(err, why);
	assert_null(l.steps);
	assert_null(l.id);
}

static const char full[] =
	"# a comment\n"
	"lesson printf\n"
	"title From printf to the terminal\n"
	"requires backend=soft ring3_breakpoints\n"
	"boot hello --console irq --keys \"a b\\n\"\n"
	"limit 5000 exits 10 s\n"
	"\n"
	"step first-out\n"
	"  say The driver writes each byte with `out`.\n"
	"  highlight port-io\n"
	"  show exits\n"
	"  expect-never shutdown \"No triple fault\"\n"
	"  run-until io-out where io.port == 0x3f8 within 200 exits\n"
	"  expect io.data == 0x48 and exit.reason == IO \"The first byte is H\"\n"
	"  hint Look at the port number.\n"
	"  points 3\n"
	"step why\n"
	"  requires ring3_breakpoints\n"
	"  ask Why does each byte exit?\n"
	"  choice a The UART is emulated in user space\n"
	"  choice b The CPU is slow\n"
	"  answer a\n"
	"  explain vmscope's 16550 model handles it.\n"
	"  step-insn 4\n"
	"  step-exit\n"
	"  type hi\\n\n"
	"  pause\n"
	"  run-until layer tty\n";

static void test_full_lesson(void **state)
{
	const struct lesson_action *a;
	struct lesson l;
	char err[300];

	(void)state;
	assert_int_equal(lesson_parse("p.lesson", full, &vocab, &l, err,
				      sizeof(err)), 0);
	assert_string_equal(l.id, "printf");
	assert_string_equal(l.title, "From printf to the terminal");
	assert_int_equal(l.backend, LESSON_BACKEND_SOFT);
	assert_int_equal(l.ncaps, 1);
	assert_string_equal(l.caps[0], "ring3_breakpoints");
	assert_int_equal(l.nboot, 5);
	assert_string_equal(l.boot[0], "hello");
	assert_string_equal(l.boot[4], "a b\\n");
	assert_int_equal(l.limit.exits, 5000);
	assert_int_equal(l.limit.ms, 10000);
	assert_int_equal(l.nsteps, 2);
	assert_int_equal(lesson_total_points(&l), 4);

	assert_string_equal(l.steps[0].id, "first-out");
	assert_int_equal(l.steps[0].line, 8);
	assert_int_equal(l.steps[0].nactions, 6);
	assert_int_equal(l.steps[0].nhints, 1);
	a = l.steps[0].actions;
	assert_int_equal(a[0].kind, ACT_SAY);
	assert_string_equal(a[0].text, "The driver writes each byte with `out`.");
	assert_int_equal(a[1].kind, ACT_HIGHLIGHT);
	assert_int_equal(a[1].layer, FLOW_PORT_IO);
	assert_int_equal(a[2].kind, ACT_SHOW);
	assert_int_equal(a[3].kind, ACT_EXPECT_NEVER);
	assert_int_equal(a[3].event.kind, LEV_SHUTDOWN);
	assert_int_equal(a[4].kind, ACT_RUN_UNTIL);
	assert_int_equal(a[4].line, 13);
	assert_int_equal(a[4].event.kind, LEV_IO_OUT);
	assert_non_null(a[4].event.where);
	assert_int_equal(a[4].within.exits, 200);
	assert_int_equal(a[5].kind, ACT_EXPECT);
	assert_string_equal(a[5].text, "The first byte is H");

	a = l.steps[1].actions;
	assert_int_equal(l.steps[1].ncaps, 1);
	assert_string_equal(l.steps[1].caps[0], "ring3_breakpoints");
	assert_int_equal(l.steps[0].ncaps, 0);
	assert_int_equal(l.steps[1].nactions, 6);
	assert_int_equal(a[0].kind, ACT_ASK);
	assert_int_equal(a[0].ask->nchoices, 2);
	assert_int_equal(a[0].ask->answer, 0);
	assert_string_equal(a[0].ask->choices[1].text, "The CPU is slow");
	assert_string_equal(a[0].ask->explain, "vmscope's 16550 model handles it.");
	assert_int_equal(a[1].kind, ACT_STEP_INSN);
	assert_int_equal(a[1].count, 4);
	assert_int_equal(a[2].kind, ACT_STEP_EXIT);
	assert_int_equal(a[2].count, 1);
	assert_int_equal(a[3].kind, ACT_TYPE);
	assert_string_equal(a[3].text, "hi\\n");
	assert_int_equal(a[4].kind, ACT_PAUSE);
	assert_int_equal(a[5].event.kind, LEV_LAYER);
	assert_int_equal(a[5].event.layer, FLOW_TTY);
	assert_int_equal(a[5].within.exits, 0);
	lesson_free(&l);
}

static void test_header_errors(void **state)
{
	(void)state;
	expect_error("title T\n", "x.lesson:1: a lesson file starts with "
		     "`lesson <id>`");
	expect_error("", "x.lesson:1: a lesson file starts with `lesson <id>`");
	expect_error("# only\n\n", "x.lesson:2: a lesson file starts with "
		     "`lesson <id>`");
	expect_error("lesson t\nlesson u\n", "x.lesson:2: a second `lesson` line");
	expect_error("lesson t\nboot hello\nstep a\nsay x\n",
		     "x.lesson:4: the header has no `title` line");
	expect_error("lesson t\ntitle T\nstep a\n", "x.lesson:3: the header has "
		     "no `boot` line (which guest the lesson runs)");
	expect_error("lesson t\ntitle T\nboot hello\n",
		     "x.lesson:3: the lesson has no steps");
	expect_error("lesson t\nrequires backend=qemu\n", "x.lesson:2: "
		     "backend=qemu: the backends are kvm, soft and any");
	expect_error("lesson t\nrequires flying\n", "x.lesson:2: no host "
		     "capability 'flying' (`vmscope doctor` lists them)");
	expect_error("lesson t\nboot\n", "x.lesson:2: boot needs a guest: a "
		     "built-in name (hello, exits ...) or an ELF file");
	expect_error("lesson t\nboot hello --bad\n",
		     "x.lesson:2: boot: unknown option --bad");
	expect_error("lesson t\nboot hello --keys \"ab\n",
		     "x.lesson:2: a \" with no closing \"");
	expect_error("lesson t\nlimit 10\n",
		     "x.lesson:2: limit: 10 what? (exits, ms or s)");
	/* a bound whose nanoseconds wrap around a uint64_t: it became
	 * ~0.45 ms, or for s "what?"; one 2^63 ns or more ahead, which the
	 * machine's clock takes for past (it spun for ever under --clock
	 * insn) */
	expect_error("lesson t\nlimit 9223372036854775807 s\n",
		     "x.lesson:2: limit: 9223372036854775807 s is more than "
		     "vmscope can count (at most 9223372036 s)");
	expect_error("lesson t\nlimit 9223372037 s\n",
		     "x.lesson:2: limit: 9223372037 s is more than vmscope "
		     "can count (at most 9223372036 s)");
	expect_error("lesson t\nlimit 0 exits\n", "x.lesson:2: limit: a bound "
		     "of 0 stops before anything runs");
	expect_error("lesson t\nlimit\n", "x.lesson:2: limit needs a bound: "
		     "N exits, N ms or N s");
	expect_error(HEADER "step a\nsay x\ntitle U\n", "x.lesson:7: `title` "
		     "belongs in the header, before the first step");
	expect_error(HEADER "say x\n", "x.lesson:5: `say` belongs in a step: "
		     "start one with `step <id>`");
}

static void test_step_errors(void **state)
{
	(void)state;
	expect_error(HEADER "frobnicate\n",
		     "x.lesson:5: unknown keyword 'frobnicate'");
	expect_error(HEADER "step a\nsay x\nstep a\nsay y\n",
		     "x.lesson:7: step id 'a' is already used at line 5");
	expect_error(HEADER "step Big\n", "x.lesson:5: step id 'Big': use a-z, "
		     "0-9 and - (ids are how progress and grades find a step)");
	expect_error(HEADER "step\n", "x.lesson:5: step needs an id (a-z, 0-9, -)");
	expect_error(HEADER "step a\nstep b\nsay x\n",
		     "x.lesson:5: step 'a' does nothing");
	expect_error(HEADER "step a\nsay\n",
		     "x.lesson:6: say needs some text after it");
	expect_error(HEADER "step a\nhighlight disk\n", "x.lesson:6: highlight: "
		     "no layer 'disk' (boot user libc int80 kernel tty "
		     "uart-driver port-io vm-exit kvm-run dispatch uart-model "
		     "host-terminal)");
	expect_error(HEADER "step a\nshow regs\n", "x.lesson:6: show: no panel "
		     "'regs' (flow cpu exits console stats lesson)");
	expect_error(HEADER "step a\npause now\n",
		     "x.lesson:6: pause takes nothing after it");
	expect_error(HEADER "step a\nstep-exit 0\n",
		     "x.lesson:6: step-exit takes a count of 1 or more");
	expect_error(HEADER "step a\nstep-insn\n", "x.lesson:6: step-insn needs "
		     "`requires backend=soft` (or kvm with the capability it "
		     "needs): single-stepping is not the same on every host");
	expect_error(HEADER "step a\ntype ab\\q\n", "x.lesson:6: type: at "
		     "character 3: unknown escape (\\n \\r \\t \\b \\e \\\\ "
		     "\\xHH \\w)");
	expect_error(HEADER "step a\nrequires backend=soft\n", "x.lesson:6: a "
		     "step cannot change the backend: requires backend= belongs "
		     "in the header");
	expect_error(HEADER "step a\nrequires flying\n", "x.lesson:6: no host "
		     "capability 'flying' (`vmscope doctor` lists them)");
	expect_error("lesson t\ntitle T\nboot hello\nstep a\nstep-exit 5\n",
		     "x.lesson:5: step-exit has no bound: add a `limit` line in "
		     "the header");
	expect_error(HEADER "step a\nrun-until hlt\nexpect-never shutdown \"m\"\n"
		     "step b\nsay x\n", "x.lesson:7: expect-never watches the "
		     "runs after it, and its step runs nothing after this line: "
		     "put it before a run-until or step-exit");
	expect_error(HEADER "step a\nexpect-never shutdown \"m\"\n",
		     "x.lesson:6: expect-never watches the runs after it, and its "
		     "step runs nothing after this line: put it before a "
		     "run-until or step-exit");
	expect_error(HEADER "step a\nask Why?\nchoice h Help\n", "x.lesson:7: "
		     "choice id 'h': use a-z, 0-9 and -, and not h or q (a student "
		     "types h for a hint, q to give up)");
	expect_error(HEADER "step a\nask Why?\nchoice B Big\n", "x.lesson:7: "
		     "choice id 'B': use a-z, 0-9 and -, and not h or q (a student "
		     "types h for a hint, q to give up)");
	expect_error(HEADER "step a\nexpect count(io-out where count(hlt) > 1) "
		     "== 1 \"m\"\n", "x.lesson:6: expect: a count() inside a "
		     "count()'s where is not counted: write two expect lines");
	expect_error(HEADER "step a\npoints lots\n",
		     "x.lesson:6: points takes a number from 0 to 1000");
	expect_error(HEADER "step a\nsay took {elapsed_ms}\n", "x.lesson:6: "
		     "say: '{elapsed_ms}' names no field (exit.reason exit.hw "
		     "exit.seq exit.level nest.verdict nest.rule io.port io.data "
		     "io.size io.dir io.count mmio.gpa "
		     "mmio.data mmio.len mmio.dir rip sym cpl stack inject.irq "
		     "inject.vector reg.rax..reg.r15 reg.rip reg.rflags "
		     "serial.text serial.byte exits.kvm_internal exits.round_trip_ns elapsed_us "
		     "host.kvm net.frames net.bytes_copied net.bytes_placed "
		     "net.kicks net.kicks_eventfd net.fallback net.dropped)");
	/* count() is a condition's: a say line's list does not offer it */
	expect_error(HEADER "step a\nsay {count(exit)} exits\n", "x.lesson:6: "
		     "say: '{count(exit)}' names no field (exit.reason exit.hw "
		     "exit.seq exit.level nest.verdict nest.rule io.port io.data "
		     "io.size io.dir io.count mmio.gpa "
		     "mmio.data mmio.len mmio.dir rip sym cpl stack inject.irq "
		     "inject.vector reg.rax..reg.r15 reg.rip reg.rflags "
		     "serial.text serial.byte exits.kvm_internal exits.round_trip_ns elapsed_us "
		     "host.kvm net.frames net.bytes_copied net.bytes_placed "
		     "net.kicks net.kicks_eventfd net.fallback net.dropped)");
	expect_error(HEADER "step a\nsay took {elapsed_us\n", "x.lesson:6: "
		     "say: a { with no }: {FIELD} shows a field, {{ a brace");
}

/* A step may boot a machine of its own, first thing in the step. */
static void test_step_boot(void **state)
{
	static const char text[] = HEADER
		"step a\nboot cpuloops --backend soft\nrun-until hlt\n"
		"say {elapsed_us} us on {host.kvm}, {{ and }\n"
		"step b\nrun-until end\n";
	struct lesson l;
	char err[300];

	(void)state;
	assert_int_equal(lesson_parse("x.lesson", text, &vocab, &l, err,
				      sizeof(err)), 0);
	assert_int_equal(l.steps[0].nboot, 3);
	assert_string_equal(l.steps[0].boot[0], "cpuloops");
	assert_string_equal(l.steps[0].boot[2], "soft");
	assert_int_equal(l.steps[0].nactions, 2);
	assert_int_equal(l.steps[1].nboot, 0);
	assert_null(l.steps[1].boot);
	assert_int_equal(l.nboot, 1);
	lesson_free(&l);
	expect_error(HEADER "step a\nboot hello\nboot exits\nsay x\n",
		     "x.lesson:7: a second `boot` in step 'a'");
	expect_error(HEADER "step a\nsay x\nboot exits\n", "x.lesson:7: boot "
		     "comes first in its step: the step's actions run on the "
		     "machine it boots");
	expect_error(HEADER "step a\nboot hello --bad\nsay x\n",
		     "x.lesson:6: boot: unknown option --bad");
	expect_error(HEADER "step a\nboot\nsay x\n", "x.lesson:6: boot needs "
		     "a guest: a built-in name (hello, exits ...) or an ELF file");
}

static void test_run_until_errors(void **state)
{
	(void)state;
	expect_error("lesson t\ntitle T\nboot hello\nstep a\nrun-until hlt\n",
		     "x.lesson:5: run-until has no bound: add `within N exits` "
		     "(or ms, s), or a `limit` line in the header");
	expect_error(HEADER "step a\nrun-until lunch\n", "x.lesson:6: run-until: "
		     "no event 'lunch' (exit io-out io-in mmio-read mmio-write "
		     "hlt shutdown inject serial layer break end)");
	expect_error(HEADER "step a\nrun-until hlt within 5\n",
		     "x.lesson:6: within: 5 what? (exits, ms or s)");
	expect_error(HEADER "step a\nrun-until end within 9223372036855 ms\n",
		     "x.lesson:6: within: 9223372036855 ms is more than "
		     "vmscope can count (at most 9223372036854 ms)");
	expect_error(HEADER "step a\nrun-until hlt soon\n",
		     "x.lesson:6: unexpected 'soon' at the end of the line");
	expect_error(HEADER "step a\nrun-until layer disk\n", "x.lesson:6: "
		     "run-until: no layer 'disk' (layers: boot user libc int80 kernel "
		     "tty uart-driver port-io vm-exit kvm-run dispatch uart-model "
		     "host-terminal)");
	expect_error(HEADER "step a\nrun-until break\n", "x.lesson:6: run-until: "
		     "break needs a function name, not 'end of line'");
	expect_error(HEADER "step a\nrun-until exit where\n", "x.lesson:6: "
		     "run-until: a condition is missing (e.g. io.port == 0x3f8)");
}

static void test_condition_errors(void **state)
{
	(void)state;
	expect_error(HEADER "step a\nexpect io.prot == 1 \"m\"\n", "x.lesson:6: "
		     "expect: no field 'io.prot' (fields: exit.reason exit.hw "
		     "exit.seq exit.level nest.verdict nest.rule io.port io.data "
		     "io.size io.dir io.count mmio.gpa "
		     "mmio.data mmio.len mmio.dir rip sym cpl stack inject.irq "
		     "inject.vector reg.rax..reg.r15 reg.rip reg.rflags "
		     "serial.text serial.byte exits.kvm_internal exits.round_trip_ns elapsed_us "
		     "host.kvm net.frames net.bytes_copied net.bytes_placed "
		     "net.kicks net.kicks_eventfd net.fallback net.dropped "
		     "count(EVENT))");
	expect_error(HEADER "step a\nexpect reg.xmm0 == 1 \"m\"\n",
		     "x.lesson:6: expect: no field 'reg.xmm0' (fields: exit.reason "
		     "exit.hw exit.seq exit.level nest.verdict nest.rule io.port "
		     "io.data io.size io.dir io.count "
		     "mmio.gpa mmio.data mmio.len mmio.dir rip sym cpl stack "
		     "inject.irq inject.vector reg.rax..reg.r15 reg.rip reg.rflags "
		     "serial.text serial.byte exits.kvm_internal exits.round_trip_ns elapsed_us "
		     "host.kvm net.frames net.bytes_copied net.bytes_placed "
		     "net.kicks net.kicks_eventfd net.fallback net.dropped "
		     "count(EVENT))");
	expect_error(HEADER "step a\nexpect serial.text ~ \"(\" \"m\"\n",
		     "x.lesson:6: expect: the regex \"(\" does not compile: "
		     "Unmatched ( or \\(");
	/* a bare word longer than the value's buffer: refused, never read
	 * past it (it was copied at its full length from a 256-byte one) */
	{
		char text[700], word[301];

		memset(word, 'x', sizeof(word) - 1);
		word[sizeof(word) - 1] = '\0';
		snprintf(text, sizeof(text), HEADER "step a\nexpect host.kvm == "
			 "%s \"m\"\n", word);
		expect_error(text, "x.lesson:6: expect: a word too long (255 "
			     "characters at most)");
	}
	/* repeats of repeats: glibc's regcomp() took minutes (a fuzzer's) */
	expect_error(HEADER "step a\nexpect stack ~ \"y++++++++++++++++++++"
		     "++++++++++\" \"m\"\n",
		     "x.lesson:6: expect: the regex \"y++++++++++++++++++++"
		     "++++++++++\" is too big: it would compile to over 10000 "
		     "pieces (repeats of repeats multiply; a duplication right "
		     "after another, as in a+?, is undefined in POSIX regexes)");
	expect_error(HEADER "step a\nexpect sym ~ \"((a{30}){30}){30}\" \"m\"\n",
		     "x.lesson:6: expect: the regex \"((a{30}){30}){30}\" is "
		     "too big: it would compile to over 10000 pieces (repeats of "
		     "repeats multiply; a duplication right after another, as in "
		     "a+?, is undefined in POSIX regexes)");
	expect_error(HEADER "step a\nexpect io.port == 1\n", "x.lesson:6: expect "
		     "needs a \"message\" at the end: what the student is told "
		     "when it fails");
	expect_error(HEADER "step a\nexpect io.port = 1 \"m\"\n", "x.lesson:6: "
		     "expect: a comparison needs == != < <= > >= or ~ after the "
		     "field, not '='");
	expect_error(HEADER "step a\nexpect exit.reason == IOO \"m\"\n",
		     "x.lesson:6: expect: exit.reason takes a number or one of "
		     "KVM's reason names: IO, MMIO, HLT, SHUTDOWN, DEBUG ..., not "
		     "'IOO'");
	expect_error(HEADER "step a\nexpect io.dir == up \"m\"\n", "x.lesson:6: "
		     "expect: io.dir takes a number or one of in or out, not 'up'");
	expect_error(HEADER "step a\nexpect sym < 3 \"m\"\n",
		     "x.lesson:6: expect: sym is text: use ==, != or ~");
	expect_error(HEADER "step a\nexpect io.port ~ \"3f8\" \"m\"\n",
		     "x.lesson:6: expect: io.port is a number: ~ matches text only");
	expect_error(HEADER "step a\nexpect io.port == 5x \"m\"\n", "x.lesson:6: "
		     "expect: '5x': not a number (decimal, or hex as 0x3f8)");
	expect_error(HEADER "step a\nexpect io.port == 99999999999999999999 \"m\"\n",
		     "x.lesson:6: expect: '99999999999999999999': number out of "
		     "range (64 bits at most)");
	expect_error(HEADER "step a\nexpect (io.port == 1 \"m\"\n",
		     "x.lesson:6: expect: '(' has no closing ')'");
	expect_error(HEADER "step a\nexpect count io-out > 1 \"m\"\n",
		     "x.lesson:6: expect: count needs an event in parentheses: "
		     "count(io-out)");
	expect_error(HEADER "step a\nexpect count(io-out > 1 \"m\"\n",
		     "x.lesson:6: expect: count( has no closing ')'");
	expect_error(HEADER "step a\nexpect io.port == \"x \"m\"\n",
		     "x.lesson:6: expect: io.port takes a number, not '\"x \"'");
	expect_error(HEADER "step a\nexpect sym == \"main\n",
		     "x.lesson:6: expect: a string with no closing \"");
	expect_error(HEADER "step a\nexpect sym == \"a\\q\" \"m\"\n",
		     "x.lesson:6: expect: an unknown escape in a string (\\n "
		     "\\t \\r \\\\ \\\" \\xHH)");
	expect_error(HEADER "step a\nexpect sym == \"\\x0g\" \"m\"\n",
		     "x.lesson:6: expect: an unknown escape in a string (\\n "
		     "\\t \\r \\\\ \\\" \\xHH)");
	expect_error(HEADER "step a\nexpect sym == \"a\" \"m\\x00\"\n",
		     "x.lesson:6: expect: a message cannot hold a NUL byte (\\x00)");
	expect_error(HEADER "step a\nexpect count(break main) == 1 \"m\"\n",
		     "x.lesson:6: expect: count(break ...) would count nothing: "
		     "only run-until sets a breakpoint");
	expect_error(HEADER "step a\nexpect-never break main \"m\"\n",
		     "x.lesson:6: expect-never break would never fire: only "
		     "run-until sets a breakpoint");
	expect_error(HEADER "step a\nexpect-never shutdown\n", "x.lesson:6: "
		     "expect-never needs a \"message\" at the end: what the "
		     "student is told when it fails");
}

static void test_question_errors(void **state)
{
	(void)state;
	expect_error(HEADER "step a\nask Why?\nchoice a A\nchoice b B\nsay x\n",
		     "x.lesson:6: this question has no `answer` line");
	expect_error(HEADER "step a\nask Why?\nchoice a A\nchoice b B\n",
		     "x.lesson:6: this question has no `answer` line");
	expect_error(HEADER "step a\nsay x\nchoice a A\n",
		     "x.lesson:7: choice belongs right after an `ask` line");
	expect_error(HEADER "step a\nask Why?\nchoice a A\nanswer a\n",
		     "x.lesson:8: a question needs two choices or more before "
		     "its answer");
	expect_error(HEADER "step a\nask Why?\nchoice a A\nchoice b B\nanswer c\n",
		     "x.lesson:9: answer 'c' is none of the choices");
	expect_error(HEADER "step a\nask Why?\nchoice a A\nchoice a B\n",
		     "x.lesson:8: choice 'a' is listed twice");
	expect_error(HEADER "step a\nask Why?\nchoice a\n", "x.lesson:7: choice "
		     "needs an id and a text: choice a The UART");
	expect_error(HEADER "step a\nask Why?\nchoice a A\nchoice b B\nanswer a\n"
		     "choice c C\n", "x.lesson:10: a choice after the answer: "
		     "list every choice first");
}

/* The longest time bounds the runner can count are taken whole. */
static void test_longest_bounds(void **state)
{
	struct lesson l;
	char err[300];

	(void)state;
	assert_int_equal(lesson_parse("x.lesson", "lesson t\ntitle T\n"
				      "boot hello\nlimit 9223372036 s\n"
				      "step a\nrun-until end within "
				      "9223372036854 ms\n", &vocab, &l, err,
				      sizeof(err)), 0);
	assert_int_equal(l.limit.ms, 9223372036000ULL);
	assert_int_equal(l.steps[0].actions[0].within.ms, 9223372036854ULL);
	lesson_free(&l);
}

static void test_limits_of_the_file(void **state)
{
	char *long_line = malloc(1200);
	char path[] = "/tmp/vmscope-lesson-XXXXXX";
	struct lesson l;
	char err[300];
	int fd;

	(void)state;
	assert_non_null(long_line);
	memset(long_line, 'a', 1100);
	memcpy(long_line, "say ", 4);
	long_line[1100] = '\0';
	expect_error(long_line, "x.lesson:1: a line longer than 1000 characters");
	free(long_line);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "lesson a\n\0", 10), 10);
	close(fd);
	assert_int_equal(lesson_load(path, &vocab, &l, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, ": holds a NUL byte: not a text file"));
	unlink(path);
	assert_int_equal(lesson_load(path, &vocab, &l, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, ": No such file or directory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_lesson),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_step_errors),
		cmocka_unit_test(test_step_boot),
		cmocka_unit_test(test_run_until_errors),
		cmocka_unit_test(test_condition_errors),
		cmocka_unit_test(test_question_errors),
		cmocka_unit_test(test_longest_bounds),
		cmocka_unit_test(test_limits_of_the_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
