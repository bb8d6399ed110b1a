/*
 * tests/unit/test_panel_nesting.c - the Nesting panel's text
 * (tui/panel_nesting.c): the rule of the last exit of L2's in the
 * tracer's words, what runs next, the shadow's counters under the trace
 * summary's names, and L1's control block beside L0's shadow with the
 * fields that differ marked - in a wide panel and in the 80x24 slot.
 * Rendered from a model filled by hand: no VM runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli/trace_line.h"
#include "tui/grid.h"
#include "tui/panels.h"

static struct tui_model m;   /* large: not on the stack */
static struct grid g;

/* Exit 173 (L2's OUT to 0x3f9, reflected) then exit 174 (L1's run
 * doorbell), as hello's run under the mini-hypervisor has them; L1 has
 * stepped L2's RIP past the OUT in its block, L0's copy still has the
 * OUT's address. */
static void stopped_after_reflection(void)
{
	struct nested_view *n = &m.snap.nest;
	struct log_entry *l2 = &m.log[0], *l1 = &m.log[1];

	model_init(&m, NULL);
	l2->exit.seq = 173;
	l2->exit.level = 1;
	l2->exit.reason = EXIT_IO;
	l2->exit.nest.verdict = NESTED_REFLECT;
	snprintf(l2->exit.nest.rule, sizeof(l2->exit.nest.rule),
		 "L1's I/O bitmap has port 0x3f9");
	snprintf(l2->text.hw, sizeof(l2->text.hw), "IO_INSTRUCTION(30)");
	l1->exit.seq = 174;
	m.logged = 2;
	n->on = true;
	n->depth = 1;
	n->have_block = true;
	n->block_gpa = 0x10d000;
	n->counters = (struct nested_counters){
		.runs = 2, .l2_exits = 1, .reflected = 1, .shadow_faults = 6,
		.pages_mapped = 6, .shadow_reused = 1,
	};
	n->shadow.gpr[4] = 0x106010;
	n->shadow.rip = 0x10074f;
	n->shadow.rflags = 0x46;
	n->shadow.cr3 = 0x10000;
	n->shadow.intercepts = 0xb;
	n->shadow.nested_root = 0x110000;
	n->shadow.exit_reason = 30;
	n->shadow.exit_qualification = 0x3f90000;
	n->shadow.exit_insn_len = 1;
	n->l1 = n->shadow;
	n->l1.rip = 0x100750;
}

/* The panel drawn at w x h, as its rows (trailing blanks cut). */
static const char *render(int w, int h)
{
	static char text[8192];
	struct view v;
	size_t pos = 0;

	grid_free(&g);
	assert_int_equal(grid_init(&g, w, h), 0);
	v = grid_view(&g);
	panel_nesting(&m, &v);
	for (int y = 0; y < h; y++) {
		int n = w;

		while (n > 0 && g.ch[(size_t)y * w + n - 1] == ' ')
			n--;
		memcpy(text + pos, &g.ch[(size_t)y * w], (size_t)n);
		pos += (size_t)n;
		text[pos++] = '\n';
	}
	text[pos] = '\0';
	return text;
}

/* The attribute of the row that starts with name. */
static uint8_t row_attr(const char *name)
{
	for (int y = 0; y < g.h; y++)
		if (strncmp(&g.ch[(size_t)y * g.w], name, strlen(name)) == 0 &&
		    g.ch[(size_t)y * g.w + strlen(name)] == ' ')
			return g.attr[(size_t)y * g.w];
	fail_msg("no row %s", name);
	return 0;
}

static void test_wide_panel(void **state)
{
	(void)state;
	stopped_after_reflection();
	assert_string_equal(render(60, 20),
		"exit 173 L2 IO_INSTRUCTION(30): reflected to L1 (L1's I/O\n"
		"bitmap has port 0x3f9)\n"
		"next: L1 runs; L2 waits for L1's run doorbell\n"
		"shadow_faults 6  pages_mapped 6  shadow_reused 1\n"
		"shadow_rebuilt 0  invalidates 0  pages_dropped 0\n"
		"runs 2  l2_exits 1  reflected 1  handled_l0 0\n"
		"block at L1-physical 0x10d000: 1 field differs (*)\n"
		"field (hex)         L1 wrote       L0's shadow\n"
		"rax                 0              0\n"
		"rsp                 106010         106010\n"
		"rip                 100750         10074f *\n"
		"cr3                 10000          10000\n"
		"nested_root         110000         110000\n"
		"exit_reason         1e             1e\n"
		"exit_qualification  3f90000        3f90000\n"
		"exit_insn_len       1              1\n"
		"\n\n\n\n");
	assert_int_equal(row_attr("rip"), GA_CHANGED);
	assert_int_equal(row_attr("rax"), GA_NORMAL);
	assert_int_equal(row_attr("exit"), GA_LEVEL2);
}

/* A field the table leaves out while both sides agree shows when they
 * differ: L1 answered an IN in RBX's place, say. */
static void test_hidden_field_shows_when_it_differs(void **state)
{
	(void)state;
	stopped_after_reflection();
	assert_null(strstr(render(60, 30), "\nrbx "));
	m.snap.nest.l1.gpr[3] = 0x60;
	assert_non_null(strstr(render(60, 30), "block at L1-physical 0x10d000: "
			       "2 fields differ (*)\n"));
	assert_non_null(strstr(render(60, 30),
			       "\nrbx                 60             0 *\n"));
	assert_int_equal(row_attr("rbx"), GA_CHANGED);
}

/* The rule is the tracer's words for the same exit: what its payload
 * ends with after the arrow. */
static void test_rule_is_the_tracers(void **state)
{
	struct textbuf tb;
	const char *arrow;

	(void)state;
	stopped_after_reflection();
	textbuf_reset(&tb);
	trace_line_payload(&m.log[0].exit, &tb);
	arrow = strstr(tb.buf, "\u2192 ");
	assert_non_null(arrow);
	assert_string_equal(arrow + strlen("\u2192 "),
			    "reflected to L1 (L1's I/O bitmap has port 0x3f9)");
	assert_non_null(strstr(render(200, 20), "exit 173 L2 "
			       "IO_INSTRUCTION(30): reflected to L1 (L1's I/O "
			       "bitmap has port 0x3f9)\n"));
}

/* An exit of L3's (--nested 2: the guest of the hypervisor L1 runs) is
 * labelled L3, as the tracer labels it. */
static void test_l3_exit_labelled(void **state)
{
	(void)state;
	stopped_after_reflection();
	m.log[0].exit.level = 2;
	assert_non_null(strstr(render(200, 20), "exit 173 L3 "
			       "IO_INSTRUCTION(30): reflected to L1 (L1's I/O "
			       "bitmap has port 0x3f9)\n"));
}

/* --nested 2: L3's runs and exits have counters of their own beside
 * L2's, and the panel names the level that runs next. */
static void test_l3_counters_and_next(void **state)
{
	struct nested_view *n = &m.snap.nest;
	const char *t;

	(void)state;
	stopped_after_reflection();
	n->depth = 2;
	n->counters.l3_runs = 3;
	n->counters.l3_exits = 4;
	n->counters.l3_reflected = 3;
	n->counters.l3_handled_l0 = 1;
	t = render(200, 20);
	assert_non_null(strstr(t, "\nnext: L1 runs; L2 and L3 wait for L1's "
			       "run doorbell\n"));
	assert_non_null(strstr(t, "\nruns 2  l2_exits 1  reflected 1  "
			       "handled_l0 0  l3_runs 3  l3_exits 4  "
			       "l3_reflected 3  l3_handled_l0 1\n"));
	n->l2_active = true;
	n->run_level = 2;
	assert_non_null(strstr(render(200, 20), "\nnext: L3 runs, from L0's "
			       "shadow of the block\n"));
	n->run_level = 1;
	assert_non_null(strstr(render(200, 20), "\nnext: L2 runs, from L0's "
			       "shadow of the block\n"));
}

/* The 80x24 screen's slot: 34 columns.  Nothing in the last column (a
 * word cut there would show), the marked row still marked. */
static void test_slot_panel(void **state)
{
	const char *t;

	(void)state;
	stopped_after_reflection();
	t = render(32, 22);
	for (int y = 0; y < 22; y++)
		assert_true(g.ch[(size_t)y * 32 + 31] == ' ' ||
			    g.ch[(size_t)y * 32 + 31] == GRID_MORE);
	assert_non_null(strstr(t, "\nshadow_faults 6  pages_mapped 6\n"
			       "shadow_reused 1\nshadow_rebuilt 0  invalidates 0\n"));
	assert_non_null(strstr(t, "\nfield (hex)  L1 wrote L0 shadow\n"));
	assert_non_null(strstr(t, "\nrip          100750   10074f *\n"));
	assert_int_equal(row_attr("rip"), GA_CHANGED);
}

static void test_before_any_run(void **state)
{
	(void)state;
	model_init(&m, NULL);
	m.snap.nest.on = true;
	m.snap.nest.depth = 1;
	assert_string_equal(render(60, 8),
		"No exit of L2's yet: L0 decides each, handled in L0 or\n"
		"reflected to L1.\n"
		"next: L1 runs; it has not rung the run doorbell yet\n"
		"shadow_faults 0  pages_mapped 0  shadow_reused 0\n"
		"shadow_rebuilt 0  invalidates 0  pages_dropped 0\n"
		"runs 0  l2_exits 0  reflected 0  handled_l0 0\n"
		"\n\n");
	m.snap.nest.depth = 2;
	assert_string_equal(render(60, 8),
		"No exit of L2's or L3's yet: L0 decides each, handled in L0\n"
		"or reflected to L1.\n"
		"next: L1 runs; it has not rung the run doorbell yet\n"
		"shadow_faults 0  pages_mapped 0  shadow_reused 0\n"
		"shadow_rebuilt 0  invalidates 0  pages_dropped 0\n"
		"runs 0  l2_exits 0  reflected 0  handled_l0 0  l3_runs 0\n"
		"l3_exits 0  l3_reflected 0  l3_handled_l0 0\n"
		"\n");
	m.snap.nest.on = false;
	assert_string_equal(render(60, 2),
		"nesting is off (--nested 1 runs the guest as L2)\n\n");
}

/* The table knows every byte of the block after its header, once: a
 * field added to guest/abi/nested.h shows in the panel when it differs. */
static void test_every_field_named(void **state)
{
	uint8_t seen[sizeof(struct nested_block)] = { 0 };
	size_t header = offsetof(struct nested_block, gpr);

	(void)state;
	for (size_t i = 0; i < nested_field_count; i++)
		for (size_t b = 0; b < nested_fields[i].size; b++)
			seen[nested_fields[i].offset + b]++;
	for (size_t b = 0; b < sizeof(seen); b++)
		assert_int_equal(seen[b], b < header ? 0 : 1);
}

static int teardown(void **state)
{
	(void)state;
	grid_free(&g);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wide_panel),
		cmocka_unit_test(test_hidden_field_shows_when_it_differs),
		cmocka_unit_test(test_rule_is_the_tracers),
		cmocka_unit_test(test_l3_exit_labelled),
		cmocka_unit_test(test_l3_counters_and_next),
		cmocka_unit_test(test_slot_panel),
		cmocka_unit_test(test_before_any_run),
		cmocka_unit_test(test_every_field_named),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
