/*
 * tests/unit/test_regex_size.c - the compiled-size estimate of a regex
 * (core/regex_size.c): atoms, groups, alternatives, every duplication, and
 * the saturation that keeps repeats of repeats from overflowing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/regex_size.h"

static void test_atoms_and_groups(void **state)
{
	(void)state;
	assert_int_equal(regex_size(""), 0);
	assert_int_equal(regex_size("main > printf"), 13);
	assert_int_equal(regex_size("\\(x\\)"), 3);          /* escaped */
	assert_int_equal(regex_size("[]a-z[:digit:]]x"), 2);  /* one bracket */
	assert_int_equal(regex_size("(ab)(c)"), 3);
	assert_int_equal(regex_size("ab|cd"), 4);
}

static void test_duplications(void **state)
{
	(void)state;
	assert_int_equal(regex_size("a*"), 4);
	assert_int_equal(regex_size("xa+"), 5);
	assert_int_equal(regex_size("a?b"), 3);
	assert_int_equal(regex_size("a{5}"), 5);
	assert_int_equal(regex_size("a{2,7}"), 7);
	assert_int_equal(regex_size("a{4,}"), 5);
	assert_int_equal(regex_size("a{,3}"), 3);  /* glibc's {0,3} */
	assert_int_equal(regex_size("a{,}"), 1);
	assert_int_equal(regex_size("(ab){3}c"), 7);
	assert_int_equal(regex_size("((a{10}){10})"), 100);
	assert_int_equal(regex_size("a{x}"), 4);   /* no interval: literal */
}

static void test_saturates(void **state)
{
	(void)state;
	/* a duplication right after another: too big at once (glibc took
	 * minutes on a fuzzer's "a?????++++++++") */
	assert_int_equal(regex_size("a+?"), REGEX_SIZE_MAX + 1);
	assert_int_equal(regex_size("a?{2}"), REGEX_SIZE_MAX + 1);
	assert_int_equal(regex_size("(a+)?"), 8);
	/* ten groups of '+' deep took glibc 0.4 s, thirteen minutes */
	assert_int_equal(regex_size("((((((((((a?)+)+)+)+)+)+)+)+)+)+"),
			 REGEX_SIZE_MAX + 1);
	assert_int_equal(regex_size("((((((a?)+)+)+)+)+)+"), 8192);
	assert_int_equal(regex_size("(a{100}){100}"), REGEX_SIZE_MAX);
	assert_int_equal(regex_size("((a{100}){100}){100}"), REGEX_SIZE_MAX + 1);
	assert_int_equal(regex_size("y++++++++++++++++++++++++++++++++++++++++"
				    "++++++++++++++++++++++++"), REGEX_SIZE_MAX + 1);
	assert_int_equal(regex_size("((a{,100}){,100}){,100}"),
			 REGEX_SIZE_MAX + 1);
	assert_int_equal(regex_size("a{99999999999999999999999}"),
			 REGEX_SIZE_MAX + 1);
	assert_int_equal(regex_size("(((((((((((((((((((((((((((((((((((((((("
				    "((((((((((((((((((((((((a"), REGEX_SIZE_MAX + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_atoms_and_groups),
		cmocka_unit_test(test_duplications),
		cmocka_unit_test(test_saturates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
