/*
 * tests/unit/test_panel_exits.c - the selected exit's detail
 * (tui/panel_exits.c): the exit in full and what its reason means, and on
 * a PVM host what PVM's words mean - "hardware: none (PVM: ...)" and, in
 * the stack, "int 0x80 (#UD, emulated)" - where they show, not only in
 * docs/.  Rendered from a model filled by hand: no VM runs.
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

/* The call chain the vCPU thread noted at the exit (tui/vcpu_chains.h),
 * across the system call's trap boundary, labelled trap. */
static void note_stack(const char *trap)
{
	struct log_entry *e = &m.log[0];

	snprintf(e->note.stack, sizeof(e->note.stack), "user_start > main > "
		 "printf > write | %s | trap > sys_write > uart_putc", trap);
}

/* One OUT to the UART at exit 9, on the given host, stopped at it; the
 * stack as the vCPU thread unwinds it, across the emulated int 0x80. */
static void one_exit(enum host_flavour flavour, const char *hw)
{
	struct log_entry *e = &m.log[0];

	model_init(&m, NULL);
	e->exit.seq = 9;
	e->exit.reason = EXIT_IO;
	e->exit.u.io = (struct exit_io){ .port = 0x3f8, .size = 1,
					 .direction = IO_OUT, .count = 1,
					 .data = e->io_data };
	e->io_data[0] = 'H';
	snprintf(e->text.reason, sizeof(e->text.reason), "IO(2)");
	snprintf(e->text.hw, sizeof(e->text.hw), "%s", hw);
	snprintf(e->text.sym, sizeof(e->text.sym), "uart_putc+0x1c");
	snprintf(e->text.insn, sizeof(e->text.insn), "out dx, al");
	e->have_note = true;
	e->note.num = (struct exit_number){ 9, 0 };
	note_stack("int 0x80 (#UD, emulated)");
	m.logged = 1;
	m.snap.flavour = flavour;
	m.snap.have_exit = true;
	m.snap.exit.u.exit = e->exit;
}

/* The detail at width w, all of it, as one string of its rows. */
static const char *detail(int w)
{
	static char text[16384];
	struct grid g;
	struct view v;
	size_t pos = 0;
	int rows;

	assert_int_equal(grid_init(&g, w, 60), 0);
	v = grid_view(&g);
	rows = panel_exits_detail(&m, &v, 0);
	assert_true(rows < 60);
	for (int y = 0; y < rows; y++) {
		memcpy(text + pos, &g.ch[(size_t)y * w], (size_t)w);
		pos += (size_t)w;
		text[pos++] = '\n';
	}
	text[pos] = '\0';
	grid_free(&g);
	return text;
}

static void test_pvm_words_explained(void **state)
{
	const char *d;

	(void)state;
	one_exit(HOST_PVM, "none (PVM: ring-0 insn emulated)");
	d = detail(100);
	assert_non_null(strstr(d, "exit 9: IO(2)  hardware: none (PVM: ring-0 "
			       "insn emulated)"));
	assert_non_null(strstr(d, "this host's KVM is PVM, which runs the "));
	assert_non_null(strstr(d, "(#UD) instead. The kernel's #UD handler"));
}

static void test_hardware_host_says_nothing_of_pvm(void **state)
{
	const char *d;

	(void)state;
	one_exit(HOST_VMX, "IO_INSTRUCTION(30)");
	note_stack("int 0x80");
	d = detail(100);
	assert_non_null(strstr(d, "hardware: IO_INSTRUCTION(30)"));
	assert_null(strstr(d, "PVM"));
	assert_null(strstr(d, "#UD"));
}

static void test_narrow_detail_wraps(void **state)
{
	const char *d;

	(void)state;
	one_exit(HOST_PVM, "none (PVM: ring-0 insn emulated)");
	/* 40 columns: every row keeps its last column free, no word cut */
	d = detail(40);
	for (const char *r = d; *r; r += 41)
		assert_int_equal(r[39], ' ');
	assert_non_null(strstr(d, "int 0x80 (#UD,"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pvm_words_explained),
		cmocka_unit_test(test_hardware_host_says_nothing_of_pvm),
		cmocka_unit_test(test_narrow_detail_wraps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
