/*
 * tests/unit/test_panel_interrupts.c - the Interrupts panel's text
 * (tui/panel_interrupts.c) as the text twin prints it, rendered from a
 * snapshot filled by hand (no VM runs): echo's first key in service, at
 * the full screen's width and in the 80x24 slot (32 columns, 13 rows)
 * with --net's line, where every row must fit; an input the guest
 * unmasked with no device; the chips in different modes; the backend's
 * chip; a chip being initialised in the 80x24 slot, and rows that still
 * do not fit; no machine yet; what changed since the stop before highlighted
 * (the grid's attributes, which the text twin does not print); the help
 * overlay's words for them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "guest/abi/machine.h"
#include "tests/unit/tui_support/panel_text.h"
#include "tui/grid.h"
#include "tui/panels.h"

static struct tui_model m;   /* large: not on the stack */

/* The panel at w x h as the text twin prints it (tui/text_twin.h). */
static const char *render(int w, int h)
{
	return panel_text(&m, PANEL_INTERRUPTS, w, h);
}

/* The teaching kernel's set-up (vectors 0x20 and 0x28, IRQ 0 and 1
 * unmasked) at the exit after IRQ 1 went in: the make code read, the
 * break code already waiting behind it. */
static void echo_first_key(bool net)
{
	struct vcpu_snapshot *s = &m.snap;

	model_init(&m, NULL);
	s->have_pic = true;
	s->pic.chip[0] = (struct pic_regs){ .irr = 0x02, .isr = 0x02,
					    .imr = 0xfc, .vector_base = 0x20 };
	s->pic.chip[1] = (struct pic_regs){ .imr = 0xff, .vector_base = 0x28 };
	s->pic.name[IRQ_TIMER] = "timer";
	s->pic.name[IRQ_KEYBOARD] = "keyboard";
	s->pic.name[IRQ_CASCADE] = "cascade";
	s->pic.name[IRQ_COM1] = "COM1";
	if (net)
		s->pic.name[IRQ_VIRTIO_NET] = "virtio-net";
	s->have_exit = true;
	s->exit.u.exit.injected = (struct exit_inject){ .valid = true,
		.irq = IRQ_KEYBOARD, .vector = 0x21 };
}

static void test_key_in_service(void **state)
{
	(void)state;
	echo_first_key(false);
	assert_string_equal(render(52, 16),
		"injected: IRQ 1 (keyboard) -> vector 0x21\n"
		"IRQ    vectors   IRR  ISR  IMR\n"
		"master 0x20-27  0x02 0x02 0xfc\n"
		"  0 timer          0    0    0\n"
		"  1 keyboard       1    1    0\n"
		"  2 cascade        0    0    1\n"
		"  4 COM1           0    0    1\n"
		"slave  0x28-2f  0x00 0x00 0xff\n"
		"others: no device, masked\n"
		"mode: edge, AEOI off, SMM off\n");
}

/* The 80x24 slot: 32 columns (the last one kept free), 13 rows, and
 * nothing left out with the network card's line too. */
static void test_fits_the_small_slot(void **state)
{
	(void)state;
	echo_first_key(true);
	assert_string_equal(render(32, 13),
		"injected: IRQ 1 (keyboard) ->\n"
		"vector 0x21\n"
		"IRQ    vectors   IRR  ISR  IMR\n"
		"master 0x20-27  0x02 0x02 0xfc\n"
		"  0 timer          0    0    0\n"
		"  1 keyboard       1    1    0\n"
		"  2 cascade        0    0    1\n"
		"  4 COM1           0    0    1\n"
		"  5 virtio-net     0    0    1\n"
		"slave  0x28-2f  0x00 0x00 0xff\n"
		"others: no device, masked\n"
		"mode: edge, AEOI off, SMM off\n");
}

/* An input with no device gets a row once the guest unmasks it or it
 * has a request: the slave's IR1 (IRQ 9) here, and the master's IR3. */
static void test_unmasked_input_listed(void **state)
{
	(void)state;
	echo_first_key(false);
	m.snap.have_exit = false;
	m.snap.pic.chip[0].imr = 0xf0;
	m.snap.pic.chip[1].irr = 0x02;
	assert_string_equal(render(52, 14),
		"injected: none\n"
		"IRQ    vectors   IRR  ISR  IMR\n"
		"master 0x20-27  0x02 0x02 0xf0\n"
		"  0 timer          0    0    0\n"
		"  1 keyboard       1    1    0\n"
		"  2 cascade        0    0    0\n"
		"  3 no device      0    0    0\n"
		"  4 COM1           0    0    1\n"
		"slave  0x28-2f  0x02 0x00 0xff\n"
		"  9 no device      1    0    1\n"
		"others: no device, masked\n"
		"mode: edge, AEOI off, SMM off\n");
}

/* Chips in different modes get a row each: AEOI and special mask on the
 * master, the ELCR's mix of edge and level on the slave, one waiting for
 * its ICW3. */
static void test_modes_differ(void **state)
{
	(void)state;
	echo_first_key(false);
	m.snap.pic.chip[0].auto_eoi = true;
	m.snap.pic.chip[0].special_mask = true;
	m.snap.pic.chip[1].level = 0x0a;
	m.snap.pic.chip[1].next_icw = 3;
	assert_string_equal(strstr(render(52, 16), "others"),
		"others: no device, masked\n"
		"master: edge, AEOI on, SMM on\n"
		"slave: level on IRQ 9 11, AEOI off, SMM off, ICW3\n"
		"next\n");
}

static void test_backend_chip(void **state)
{
	(void)state;
	echo_first_key(false);
	m.snap.pic.in_backend = true;
	assert_string_equal(render(52, 5),
		"injected: by the backend's chip, unseen (--irqchip\n"
		"kernel)\n"
		"IRQ    vectors   IRR  ISR  IMR\n"
		"master 0x20-27  0x02 0x02 0xfc\n"
		"+5 rows: needs a taller view\n");
}

/* A chip being initialised (ICW1 clears the IMR): the unmasked inputs
 * with no device share a row per chip, so the slave and the mode row
 * still fit the 80x24 slot with --net.  A row each pushed them out. */
static void test_initialising_fits_the_slot(void **state)
{
	(void)state;
	echo_first_key(true);
	m.snap.have_exit = false;
	m.snap.pic.chip[0] = (struct pic_regs){ .vector_base = 0x20 };
	m.snap.pic.chip[1] = (struct pic_regs){ .vector_base = 0x28 };
	assert_string_equal(render(32, 13),
		"injected: none\n"
		"IRQ    vectors   IRR  ISR  IMR\n"
		"master 0x20-27  0x00 0x00 0x00\n"
		"  0 timer          0    0    0\n"
		"  1 keyboard       0    0    0\n"
		"  2 cascade        0    0    0\n"
		"3,6,7 no device    0    0    0\n"
		"  4 COM1           0    0    0\n"
		"  5 virtio-net     0    0    0\n"
		"slave  0x28-2f  0x00 0x00 0x00\n"
		"8-15 no device     0    0    0\n"
		"mode: edge, AEOI off, SMM off\n");
}

/* Rows that still do not fit (a request on every input) are counted on
 * the last row that fits; the mode row keeps its place. */
static void test_rows_past_the_slot_counted(void **state)
{
	(void)state;
	echo_first_key(true);
	m.snap.have_exit = false;
	m.snap.pic.chip[0].irr = 0xff;
	m.snap.pic.chip[1].irr = 0xff;
	assert_string_equal(render(32, 13),
		"injected: none\n"
		"IRQ    vectors   IRR  ISR  IMR\n"
		"master 0x20-27  0xff 0x02 0xfc\n"
		"  0 timer          1    0    0\n"
		"  1 keyboard       1    1    0\n"
		"  2 cascade        1    0    1\n"
		"  3 no device      1    0    1\n"
		"  4 COM1           1    0    1\n"
		"  5 virtio-net     1    0    1\n"
		"  6 no device      1    0    1\n"
		"  7 no device      1    0    1\n"
		"+9 rows: needs a taller view\n"
		"mode: edge, AEOI off, SMM off\n");
}

/* Inputs sharing a row are listed as runs: two in a row are not a range,
 * and a list too long for the name column is cut and marked. */
static void test_shared_row_lists(void **state)
{
	const char *text;

	(void)state;
	echo_first_key(false);
	m.snap.have_exit = false;
	m.snap.pic.chip[0].imr = 0x98;   /* 5 and 6 unmasked, no device */
	m.snap.pic.chip[1].imr = 0xaa;   /* 8, 10, 12, 14 */
	text = render(52, 16);
	assert_non_null(strstr(text, "\n5,6 no device      0    0    0\n"));
	assert_non_null(strstr(text, "\n8,10,12,14 no    > 0    0    0\n"));
}

/* The panel drawn into g at w x h, for its attributes. */
static struct grid g;

static void draw(int w, int h)
{
	struct view v;

	grid_free(&g);
	assert_int_equal(grid_init(&g, w, h), 0);
	v = grid_view(&g);
	panel_interrupts(&m, &v);
}

static enum grid_attr attr_at(int x, int y)
{
	return g.attr[(size_t)y * g.w + x];
}

/* Columns of the registers: the chip row's hex, an input row's bit. */
static const int hex_x[3] = { 16, 21, 26 };
static const int bit_x[3] = { 19, 24, 29 };

/* From the stop before (IRQ 1 requested, not yet in service) to echo's
 * first key in service: ISR's bit 1 and the master's ISR highlighted,
 * nothing else. */
static void test_changes_highlighted(void **state)
{
	(void)state;
	echo_first_key(false);
	m.have_prev_pic = true;
	m.prev_pic[0] = m.snap.pic.chip[0];
	m.prev_pic[0].isr = 0x00;
	m.prev_pic[1] = m.snap.pic.chip[1];
	draw(52, 16);
	assert_int_equal(attr_at(hex_x[0], 2), GA_BOLD);      /* IRR 0x02 */
	assert_int_equal(attr_at(hex_x[1], 2), GA_CHANGED);   /* ISR 0x02 */
	assert_int_equal(attr_at(hex_x[2], 2), GA_BOLD);      /* IMR 0xfc */
	assert_int_equal(attr_at(bit_x[0], 4), GA_BOLD);      /* IRR 1 */
	assert_int_equal(attr_at(bit_x[1], 4), GA_CHANGED);   /* ISR 1 */
	assert_int_equal(attr_at(bit_x[2], 4), GA_NORMAL);    /* IMR 0 */
	for (int i = 0; i < 3; i++) {
		assert_int_not_equal(attr_at(bit_x[i], 3), GA_CHANGED);
		assert_int_not_equal(attr_at(hex_x[i], 7), GA_CHANGED);
	}
}

/* A bit that went from 1 to 0 is highlighted too (the EOI's ISR). */
static void test_cleared_bit_highlighted(void **state)
{
	(void)state;
	echo_first_key(false);
	m.have_prev_pic = true;
	m.prev_pic[0] = m.snap.pic.chip[0];
	m.prev_pic[1] = m.snap.pic.chip[1];
	m.snap.pic.chip[0].isr = 0x00;
	draw(52, 16);
	assert_int_equal(attr_at(hex_x[1], 2), GA_CHANGED);   /* ISR 0x00 */
	assert_int_equal(attr_at(bit_x[1], 4), GA_CHANGED);   /* ISR 0 */
	assert_int_equal(g.ch[4 * 52 + bit_x[1]], '0');
}

/* No stop before (the first stop, or after a restart): nothing is
 * highlighted. */
static void test_first_stop_nothing_highlighted(void **state)
{
	(void)state;
	echo_first_key(false);
	draw(52, 16);
	for (size_t i = 0; i < (size_t)g.w * g.h; i++)
		assert_int_not_equal(g.attr[i], GA_CHANGED);
}

/* The help overlay says what the panel's words mean (tui/help.c). */
static void test_help_explains_the_words(void **state)
{
	struct view v;
	char *text;

	(void)state;
	grid_free(&g);
	assert_int_equal(grid_init(&g, 2000, 60), 0);
	v = grid_view(&g);
	help_render(&v, 0);
	text = strndup(g.ch, (size_t)g.w * g.h);
	assert_non_null(text);
	assert_non_null(strstr(text, "IRR holds the requests waiting, ISR the "
				"ones in service"));
	assert_non_null(strstr(text, "AEOI: automatic end of interrupt"));
	assert_non_null(strstr(text, "SMM: special mask mode"));
	free(text);
}

static void test_no_machine(void **state)
{
	(void)state;
	model_init(&m, NULL);
	assert_string_equal(render(40, 2), "No machine yet.\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_in_service),
		cmocka_unit_test(test_fits_the_small_slot),
		cmocka_unit_test(test_unmasked_input_listed),
		cmocka_unit_test(test_modes_differ),
		cmocka_unit_test(test_backend_chip),
		cmocka_unit_test(test_initialising_fits_the_slot),
		cmocka_unit_test(test_rows_past_the_slot_counted),
		cmocka_unit_test(test_shared_row_lists),
		cmocka_unit_test(test_changes_highlighted),
		cmocka_unit_test(test_cleared_bit_highlighted),
		cmocka_unit_test(test_first_stop_nothing_highlighted),
		cmocka_unit_test(test_help_explains_the_words),
		cmocka_unit_test(test_no_machine),
	};

	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	panel_text_free();
	grid_free(&g);
	return failed;
}
