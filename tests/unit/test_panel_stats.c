/*
 * tests/unit/test_panel_stats.c - the Stats panel's text
 * (tui/panel_stats.c) as the text twin prints it, from a snapshot filled
 * by hand (no VM runs): the exits guest's three reasons in the full
 * screen's 6 rows, where the last reason row names the ones that have no
 * row of their own (it showed IO and HLT of 678 exits and nothing of the
 * 2 MMIO exits); every reason with a row where they fit; the 80x24 slot
 * with more reasons than rows; reasons outside the table ("other", as the
 * trace's summary counts them); and KVM's counters taking every row: the
 * reasons keep one, the counters' rows left out are counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/tui_support/panel_text.h"
#include "tui/grid.h"
#include "tui/panels.h"

static struct tui_model m;   /* large: not on the stack */

/* The panel at w x h as the text twin prints it (tui/text_twin.h). */
static const char *render(int w, int h)
{
	return panel_text(&m, PANEL_STATS, w, h);
}

static void add(uint32_t reason, int count, uint64_t ns)
{
	for (int i = 0; i < count; i++)
		exit_stats_add(&m.snap.stats, reason, ns);
}

static void counter(const char *name, uint64_t value)
{
	struct vcpu_snapshot *s = &m.snap;

	snprintf(s->counters[s->ncounters].name,
		 sizeof(s->counters[0].name), "%s", name);
	s->counters[s->ncounters++].value = value;
}

/* The exits guest's run to its end on the software CPU. */
static void exits_guest(void)
{
	struct vcpu_snapshot *s = &m.snap;

	model_init(&m, NULL);
	s->backend = "soft";
	exit_stats_init(&s->stats);
	add(EXIT_IO, 675, 200);
	add(EXIT_HLT, 1, 700);
	add(EXIT_MMIO, 2, 300);
	counter("exceptions", 0);
	counter("software_interrupts", 0);
	counter("interrupts", 0);
	counter("chip_interrupts", 0);
	s->unclaimed_mmio = (struct bus_unclaimed){ .reads = 1, .writes = 1,
		.first = { 0xd0000000 }, .nfirst = 1 };
}

/* 120x40: the Stats panel's 6 rows. */
static void test_full_screen_names_the_rest(void **state)
{
	(void)state;
	exits_guest();
	assert_string_equal(render(52, 6),
		"678 exits  0/s  avg 0.2us\n"
		"  IO(2)               675  avg     0.2us\n"
		"  +2 reasons: HLT(5) 1, MMIO(6) 2\n"
		"layer stops 0  lost events 0\n"
		"IDT: 0 exceptions, 0 INT n, 0 interrupts\n"
		"unclaimed MMIO: 1 read, 1 write (0xd0000000)\n");
}

static void test_every_reason_a_row_when_they_fit(void **state)
{
	(void)state;
	exits_guest();
	assert_string_equal(render(52, 7),
		"678 exits  0/s  avg 0.2us\n"
		"  IO(2)               675  avg     0.2us\n"
		"  HLT(5)                1  avg     0.7us\n"
		"  MMIO(6)               2  avg     0.3us\n"
		"layer stops 0  lost events 0\n"
		"IDT: 0 exceptions, 0 INT n, 0 interrupts\n"
		"unclaimed MMIO: 1 read, 1 write (0xd0000000)\n");
}

/* The 80x24 slot (32 columns, 13 rows) after a run with layer stops, a
 * key's interrupt window and a kick, and a reason outside the table: the
 * row of the rest stops after its last whole entry, its count says how
 * many there are.  The first row wraps rather than losing "vmscope's",
 * and IRQ_WINDOW_OPEN(7), wider than the name's column, takes room from
 * the count's but keeps a blank before it (it read "IRQ_WINDOW_OPEN(7)250");
 * its average is past the slot's edge, which the grid marks. */
static void test_slot_counts_the_rest(void **state)
{
	(void)state;
	exits_guest();
	add(EXIT_DEBUG, 40, 1000);
	add(EXIT_IRQ_WINDOW_OPEN, 250, 100);
	add(EXIT_SHUTDOWN, 1, 100);
	add(EXIT_INTR, 2, 100);
	add(9999, 1, 100);
	m.snap.breakpoint_hits = 40;
	assert_string_equal(render(32, 13),
		"932 exits and 40 stops of\n"
		"vmscope's  0/s  avg 0.2us\n"
		"  IO(2)          675    0.2us\n"
		"  DEBUG(4)        40    1.0us\n"
		"  HLT(5)           1    0.7us\n"
		"  MMIO(6)          2    0.3us\n"
		"  IRQ_WINDOW_OPEN(7) 250       >\n"
		"  +3 reasons: SHUTDOWN(8) 1,   >\n"
		"layer stops 40  lost events 0\n"
		"IDT: 0 exceptions, 0 INT n, 0\n"
		"interrupts\n"
		"unclaimed MMIO: 1 read, 1 write\n"
		"(0xd0000000)\n");
}

static void test_other_reasons_listed(void **state)
{
	(void)state;
	exits_guest();
	add(9999, 1, 100);
	assert_string_equal(render(52, 8),
		"679 exits  0/s  avg 0.2us\n"
		"  IO(2)               675  avg     0.2us\n"
		"  HLT(5)                1  avg     0.7us\n"
		"  MMIO(6)               2  avg     0.3us\n"
		"  other                 1  avg     0.1us\n"
		"layer stops 0  lost events 0\n"
		"IDT: 0 exceptions, 0 INT n, 0 interrupts\n"
		"unclaimed MMIO: 1 read, 1 write (0xd0000000)\n");
}

/* KVM's counters at 120x40 would take all 5 rows below the first: the
 * reasons keep one, and the counters' last row counts what is left out. */
static void test_counters_do_not_hide_the_reasons(void **state)
{
	(void)state;
	exits_guest();
	m.snap.backend = "kvm";
	m.snap.ncounters = 0;
	counter("exits", 2000);
	counter("insn_emulation", 12);
	assert_string_equal(render(52, 6),
		"678 exits  0/s  avg 0.2us\n"
		"  +3 reasons: IO(2) 675, HLT(5) 1, MMIO(6) 2\n"
		"layer stops 0  lost events 0\n"
		"kvm: 2000 exits in all, 678 reached vmscope, 1322\n"
		"handled in the kernel\n"
		"+2 rows: needs a taller view\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_screen_names_the_rest),
		cmocka_unit_test(test_every_reason_a_row_when_they_fit),
		cmocka_unit_test(test_slot_counts_the_rest),
		cmocka_unit_test(test_other_reasons_listed),
		cmocka_unit_test(test_counters_do_not_hide_the_reasons),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	panel_text_free();
	return failed;
}
