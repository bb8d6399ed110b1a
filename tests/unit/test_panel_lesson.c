/*
 * tests/unit/test_panel_lesson.c - the Lesson panel (tui/panel_lesson.c)
 * from a lesson state filled by hand: the heading with the score, the
 * question with its numbered choices, a failed step's reason and last
 * events, and on a panel too short for everything, the verdict and the key
 * that goes on kept in sight while the narration is cut from the top, and
 * the machine a step with a `boot` of its own boots.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tui/grid.h"
#include "tui/panels.h"

static struct tui_model m;   /* large: not on the stack */
static struct lesson lesson;

static const char text[] =
	"lesson t\n"
	"title T\n"
	"boot hello\n"
	"limit 10 exits\n"
	"step one\n"
	"  say Watch the UART.\n"
	"  run-until io-out\n"
	"  hint Read the port column.\n"
	"step two\n"
	"  ask Why?\n"
	"  choice a Because\n"
	"  choice b Why not\n"
	"  answer a\n"
	"  points 2\n";

static int setup(void **state)
{
	static const struct lesson_vocab any_words;   /* nothing checked */
	char err[200];

	(void)state;
	assert_int_equal(lesson_parse("t.lesson", text, &any_words, &lesson,
				      err, sizeof(err)), 0);
	model_init(&m, NULL);
	m.lesson_on = true;
	m.lesson.lesson = &lesson;
	m.lesson.layer = -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lesson_free(&lesson);
	return 0;
}

/* The panel at w x h, as one string of its rows. */
static const char *render(int w, int h)
{
	static char out[8192];
	struct grid g;
	struct view v;
	size_t pos = 0;

	assert_int_equal(grid_init(&g, w, h), 0);
	v = grid_view(&g);
	panel_lesson(&m, &v);
	for (int y = 0; y < h; y++) {
		memcpy(out + pos, &g.ch[(size_t)y * w], (size_t)w);
		pos += (size_t)w;
		out[pos++] = '\n';
	}
	out[pos] = '\0';
	grid_free(&g);
	return out;
}

static void test_question_numbered(void **state)
{
	const char *s;

	(void)state;
	m.lesson.step = 1;
	m.lesson.phase = LESSON_ASKING;
	m.lesson.question = lesson.steps[1].actions[0].ask;
	m.lesson.grade = (struct lesson_grade){ .earned = 1, .possible = 1 };
	snprintf(m.lesson.feedback, sizeof(m.lesson.feedback),
		 "Not 'b'. Try again.");
	s = render(60, 12);
	assert_non_null(strstr(s, "Step 2 of 2  Score: 1/1"));
	assert_non_null(strstr(s, "\ntwo "));
	assert_non_null(strstr(s, "Why?"));
	assert_non_null(strstr(s, "  1. a) Because"));
	assert_non_null(strstr(s, "  2. b) Why not"));
	assert_non_null(strstr(s, "Not 'b'. Try again."));
	assert_non_null(strstr(s, "a: answer (the choice's letter or number)"));
}

static void test_failure_with_events(void **state)
{
	const char *s;

	(void)state;
	memset(&m.lesson.result, 0, sizeof(m.lesson.result));
	m.lesson.step = 0;
	m.lesson.question = NULL;
	m.lesson.phase = LESSON_FAILED;
	m.lesson.hints_shown = 1;
	m.lesson.result.line = 7;
	snprintf(m.lesson.result.why, sizeof(m.lesson.result.why), "port");
	snprintf(m.lesson.result.recent, sizeof(m.lesson.result.recent),
		 "    exit 1 IO(2) at uart_init+0xf\n"
		 "    exit 2 IO(2) at uart_init+0x1c\n");
	s = render(60, 14);
	assert_non_null(strstr(s, "Hint 1: Read the port column."));
	assert_non_null(strstr(s, "== step one == FAIL: line 7: port"));
	assert_non_null(strstr(s, "    exit 1 IO(2) at uart_init+0xf"));
	assert_non_null(strstr(s, "    exit 2 IO(2) at uart_init+0x1c"));
	assert_non_null(strstr(s, "r: retry the step from a fresh boot"));
}

/* 30x7: the long narration gives way, the heading and the end stay. */
static void test_short_panel_keeps_the_end(void **state)
{
	const char *s;

	(void)state;
	m.lesson.step = 0;
	m.lesson.phase = LESSON_PASSED;
	m.lesson.hints_shown = 0;
	m.lesson.grade = (struct lesson_grade){ .earned = 1, .possible = 1 };
	snprintf(m.lesson.narration, sizeof(m.lesson.narration), "%s",
		 "first words of a long narration that goes on and on, "
		 "row after row, more than the panel has rows for, to its "
		 "very last words");
	s = render(30, 7);
	assert_non_null(strstr(s, "Step 1 of 2  Score: 1/1"));
	assert_null(strstr(s, "first words"));
	assert_non_null(strstr(s, "== step one == OK"));
	assert_non_null(strstr(s, "n or Space: the next step"));
}

static void test_last_step_says_the_score(void **state)
{
	const char *s;

	(void)state;
	m.lesson.narration[0] = '\0';
	m.lesson.step = 1;
	m.lesson.phase = LESSON_PASSED;
	m.lesson.grade = (struct lesson_grade){ .earned = 3, .possible = 3 };
	s = render(60, 10);
	assert_non_null(strstr(s, "== step two == OK"));
	assert_non_null(strstr(s, "Lesson done: Score: 3/3.  q quits"));
}

/* A step with a `boot` of its own says which machine n boots, above its
 * narration, before it runs and after; a boot line longer than the panel's
 * buffer is cut, never written past it. */
static void test_own_boot(void **state)
{
	static const char own[] =
		"lesson o\n"
		"title O\n"
		"boot hello\n"
		"limit 10 exits\n"
		"step own\n"
		"  boot hello --backend soft\n"
		"  say On the software CPU.\n"
		"step long\n"
		"  boot echo --keys \"0123456789012345678901234567890123456789"
		"0123456789012345678901234567890123456789012345678901234567890123"
		"4567890123456789012345678901234567890123456789012345678901234567"
		"8901234567890123456789\"\n"
		"  say Typed.\n";
	static const struct lesson_vocab any_words;
	struct lesson l;
	char err[200];
	const char *s;

	(void)state;
	assert_int_equal(lesson_parse("o.lesson", own, &any_words, &l, err,
				      sizeof(err)), 0);
	m.lesson.lesson = &l;
	m.lesson.step = 0;
	m.lesson.phase = LESSON_READY;
	m.lesson.grade = (struct lesson_grade){ 0 };
	m.lesson.narration[0] = '\0';
	s = render(60, 5);
	assert_string_equal(s,
		"Step 1 of 2  Score: 0/0                                     \n"
		"own                                                         \n"
		"A machine of its own: boot hello --backend soft             \n"
		"n or Space: run step own                                    \n"
		"                                                            \n");
	m.lesson.phase = LESSON_PASSED;
	m.lesson.grade = (struct lesson_grade){ .earned = 1, .possible = 1 };
	snprintf(m.lesson.narration, sizeof(m.lesson.narration),
		 "On the software CPU.");
	s = render(60, 8);
	assert_string_equal(s,
		"Step 1 of 2  Score: 1/1                                     \n"
		"own                                                         \n"
		"A machine of its own: boot hello --backend soft             \n"
		"On the software CPU.                                        \n"
		"                                                            \n"
		"== step own == OK                                           \n"
		"n or Space: the next step (long)                            \n"
		"                                                            \n");
	m.lesson.step = 1;
	m.lesson.phase = LESSON_READY;
	m.lesson.narration[0] = '\0';
	s = render(250, 4);
	assert_non_null(strstr(s, "A machine of its own: boot echo --keys "
			       "0123456789"));
	assert_non_null(strstr(s, "n or Space: run step long"));
	m.lesson.lesson = &lesson;
	m.lesson.step = 0;
	lesson_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_question_numbered),
		cmocka_unit_test(test_failure_with_events),
		cmocka_unit_test(test_short_panel_keeps_the_end),
		cmocka_unit_test(test_last_step_says_the_score),
		cmocka_unit_test(test_own_boot),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
