/*
 * tests/unit/test_panel_cells.c - the Cells view's text
 * (tui/panel_cells.c): the header, a running control loop with its
 * injection delay (the newest and the p99 of a synthetic exit stream), a
 * pinned neighbour with no timer, a guest that ended (its average rate),
 * a paused one; the whole view in a grid with the selected cell lit and
 * the key bar; a grid too small for it, a message and "q quits".  From
 * models filled by hand: no VM runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "guest/abi/machine.h"
#include "tui/panel_cells.h"

#define US 1000ull

static struct tui_model models[4];   /* large: not on the stack */
static struct grid g;
static struct tui_cell cells[4] = {
	{ "rt", 1, NULL, &models[0] },
	{ "noise", 0, NULL, &models[1] },
	{ "hello", -1, NULL, &models[2] },
	{ "idle", -1, NULL, &models[3] },
};

/* rt: 100 ticks injected 30 us late, the newest 45 us, two 900 us (so
 * the 99th of the 100 is 900 us). */
static void fill(void)
{
	for (unsigned i = 0; i < 4; i++)
		model_init(&models[i], NULL);
	for (uint64_t k = 1; k <= 100; k++) {
		uint64_t late = k == 50 || k == 60 ? 900 * US
				: k == 100 ? 45 * US : 30 * US;
		struct exit_record e = {
			.reason = EXIT_IO, .resume_ns = k * 100 * US + late,
			.injected = { .valid = true, .irq = IRQ_TIMER,
				      .vector = 0x20, .due_ns = k * 100 * US },
		};

		cells_ticks_add(&models[0].ticks, &e);
	}
	models[0].snap.mode = VCPU_FLAT_OUT;
	models[0].exit_rate = 19950.4;
	models[1].snap.mode = VCPU_FLAT_OUT;
	models[1].exit_rate = 880213;
	models[2].snap.mode = VCPU_ENDED;
	models[2].snap.state = VM_EXITED;
	models[2].snap.exit_status = 3;
	models[2].snap.stats.total = 94;
	models[2].snap.run_ns = 2000000;      /* 47000 exits a second */
	models[3].snap.mode = VCPU_PAUSED;
}

static void test_lines(void **state)
{
	char line[160];

	(void)state;
	fill();
	panel_cells_line(cells, 4, 0, line, sizeof(line));
	assert_string_equal(line, "cell       state                      cpu        exits/s  latency now      p99");
	panel_cells_line(cells, 4, 1, line, sizeof(line));
	assert_string_equal(line, "rt         running                    1            19950        45 us   900 us");
	panel_cells_line(cells, 4, 2, line, sizeof(line));
	assert_string_equal(line, "noise      running                    0           880213            -        -");
	panel_cells_line(cells, 4, 3, line, sizeof(line));
	assert_string_equal(line, "hello      exited with status 3       none         47000            -        -");
	panel_cells_line(cells, 4, 4, line, sizeof(line));
	assert_string_equal(line, "idle       paused                     none             0            -        -");
}

/* Row y of the grid as text, trailing blanks dropped. */
static const char *row(int y)
{
	static char text[256];
	int n = g.w;

	memcpy(text, &g.ch[y * g.w], (size_t)g.w);
	while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\0'))
		n--;
	text[n] = '\0';
	return text;
}

static void test_view(void **state)
{
	(void)state;
	fill();
	assert_int_equal(grid_init(&g, 80, 10), 0);
	panel_cells_draw(&g, "cells/rt-noise.cell", cells, 4, 1);
	assert_string_equal(row(0), "Cells of cells/rt-noise.cell");
	assert_string_equal(row(1), "");
	assert_string_equal(row(2), "cell       state                      cpu        exits/s  latency now      p99");
	assert_string_equal(row(4), "noise      running                    0           880213            -        -");
	assert_int_equal(g.attr[4 * g.w], GA_SELECTED);
	assert_int_equal(g.attr[3 * g.w], GA_NORMAL);
	assert_string_equal(row(9), " Up/Down: a cell  Tab: into its panels (v: back here)  q: quit");
	assert_int_equal(g.attr[9 * g.w + 79], GA_BAR);
	grid_free(&g);
}

static void test_too_small(void **state)
{
	(void)state;
	fill();
	assert_int_equal(grid_init(&g, 79, 24), 0);
	panel_cells_draw(&g, "x.cell", cells, 4, 0);
	assert_string_equal(row(0), "terminal too small for the Cells view (need 80x9)");
	assert_string_equal(row(23), "q quits");
	grid_free(&g);
	assert_int_equal(grid_init(&g, 80, 8), 0);   /* one row short */
	panel_cells_draw(&g, "x.cell", cells, 4, 0);
	assert_string_equal(row(0), "terminal too small for the Cells view (need 80x9)");
	grid_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_view),
		cmocka_unit_test(test_too_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
