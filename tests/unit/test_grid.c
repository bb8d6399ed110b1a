/*
 * tests/unit/test_grid.c - the text grid (tui/grid.c) never cuts a word
 * without saying so: text stops before a view's last column, a line that
 * does not fit ends after its last whole word with GRID_MORE in that
 * column, and wrapping breaks between words and counts its rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui/grid.h"

static struct grid g;

static int setup(void **state)
{
	(void)state;
	return grid_init(&g, 20, 4);
}

static int teardown(void **state)
{
	(void)state;
	grid_free(&g);
	return 0;
}

/* Row y of the grid as a string, trailing blanks kept. */
static const char *row(int y)
{
	static char buf[64];

	memcpy(buf, &g.ch[(size_t)y * g.w], (size_t)g.w);
	buf[g.w] = '\0';
	return buf;
}

static void test_fits(void **state)
{
	struct view v = grid_view(&g);

	(void)state;
	grid_clear(&g);
	/* 19 columns of text fit a 20-column view */
	assert_int_equal(view_put(&v, 0, 0, GA_NORMAL, "nineteen columns ok"), 19);
	assert_string_equal(row(0), "nineteen columns ok ");
}

static void test_cut_after_a_word(void **state)
{
	struct view v = grid_view(&g);

	(void)state;
	grid_clear(&g);
	assert_int_equal(view_put(&v, 0, 0, GA_NORMAL,
				  "exactly twenty chars"), 14);
	assert_memory_equal(row(0), "exactly twenty      ", 19);
	assert_int_equal(g.ch[19], GRID_MORE);
	/* from a column: the room is what is left of the view */
	grid_clear(&g);
	view_put(&v, 10, 1, GA_NORMAL, "abc defghijk");
	assert_memory_equal(row(1), "          abc       ", 19);
	assert_int_equal(g.ch[g.w + 19], GRID_MORE);
}

/* The nesting rule's arrow (UTF-8, 3 bytes) takes one cell: a line as
 * wide as the view in columns fits, and the cells after it line up. */
static void test_arrow_one_cell(void **state)
{
	struct view v = grid_view(&g);

	(void)state;
	grid_clear(&g);
	/* 19 cells, 21 bytes: it fits */
	assert_int_equal(view_put(&v, 0, 0, GA_NORMAL,
				  "port=0xf4 \u2192 handled"), 19);
	assert_memory_equal(row(0), "port=0xf4 ", 10);
	assert_int_equal(g.ch[10], GRID_ARROW);
	assert_memory_equal(row(0) + 11, " handled ", 9);
	/* cut after a word, counted in cells */
	grid_clear(&g);
	assert_int_equal(view_put(&v, 0, 0, GA_NORMAL,
				  "\u2192 reflected to L1 (rule)"), 17);
	assert_int_equal(g.ch[0], GRID_ARROW);
	assert_memory_equal(row(0) + 1, " reflected to L1  ", 18);
	assert_int_equal(g.ch[19], GRID_MORE);
}

static void test_long_word(void **state)
{
	struct view v = grid_view(&g);

	(void)state;
	grid_clear(&g);
	/* a word wider than the view is cut where it must, and marked */
	view_put(&v, 0, 0, GA_NORMAL, "0123456789012345678901234");
	assert_memory_equal(row(0), "0123456789012345678", 19);
	assert_int_equal(g.ch[19], GRID_MORE);
}

static void test_wrap(void **state)
{
	struct view v = grid_view(&g);
	const char *text = "the guest executed a port I/O instruction";

	(void)state;
	grid_clear(&g);
	assert_int_equal(view_wrap_rows(20, text), 3);
	assert_int_equal(view_wrap(&v, 0, 4, GA_NORMAL, text), 3);
	assert_string_equal(row(0), "the guest executed  ");
	assert_string_equal(row(1), "a port I/O          ");
	assert_string_equal(row(2), "instruction         ");
}

static void test_paras_scroll(void **state)
{
	struct view v = view_sub(&(struct view){ &g, 0, 0, 20, 4 }, 0, 0, 20, 2);
	const struct para p[] = {
		{ "one two three four five", GA_NORMAL },   /* 2 rows */
		{ "", GA_NORMAL },
		{ "six", GA_BOLD },
	};

	(void)state;
	grid_clear(&g);
	/* four rows in all; skipping two shows the empty one and "six" */
	assert_int_equal(view_paras(&v, p, 3, 2), 4);
	assert_string_equal(row(0), "                    ");
	assert_string_equal(row(1), "six                 ");
	assert_string_equal(row(2), "                    ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_after_a_word, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_arrow_one_cell, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_long_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paras_scroll, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
