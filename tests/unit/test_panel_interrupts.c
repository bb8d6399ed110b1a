/*
 * tests/unit/test_panel_interrupts.c - the Interrupts panel's text
 * (tui/panel_interrupts.c), rendered from a snapshot filled by hand (no
 * VM runs): echo's first key in service, at the full screen's width and
 * in the 80x24 slot (32 columns, 13 rows) with --net's line, where every
 * row must fit; an input the guest unmasked with no device; the chips in
 * different modes; the backend's chip; no machine yet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "guest/abi/machine.h"
#include "tui/grid.h"
#include "tui/panels.h"

static struct tui_model m;   /* large: not on the stack */

/* The panel at w x h, its rows with trailing blanks cut, one per line. */
static const char *render(int w, int h)
{
	static char text[4096];
	struct grid g;
	struct view v;
	size_t pos = 0;

	assert_int_equal(grid_init(&g, w, h), 0);
	v = grid_view(&g);
	panel_interrupts(&m, &v);
	for (int y = 0; y < h; y++) {
		const char *row = &g.ch[(size_t)y * w];
		int n = w;

		while (n > 0 && row[n - 1] == ' ')
			n--;
		memcpy(text + pos, row, (size_t)n);
		pos += (size_t)n;
		text[pos++] = '\n';
	}
	text[pos] = '\0';
	grid_free(&g);
	return text;
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
		"mode: edge, AEOI off, SMM off\n"
		"\n\n\n\n\n\n");
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
		"mode: edge, AEOI off, SMM off\n"
		"\n");
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
		"mode: edge, AEOI off, SMM off\n"
		"\n\n");
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
		"next\n"
		"\n\n\n\n");
}

static void test_backend_chip(void **state)
{
	(void)state;
	echo_first_key(false);
	m.snap.pic.in_backend = true;
	assert_string_equal(render(52, 4),
		"injected: by the backend's chip, unseen (--irqchip\n"
		"kernel)\n"
		"IRQ    vectors   IRR  ISR  IMR\n"
		"master 0x20-27  0x02 0x02 0xfc\n");
}

static void test_no_machine(void **state)
{
	(void)state;
	model_init(&m, NULL);
	assert_string_equal(render(40, 2), "No machine yet.\n\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_in_service),
		cmocka_unit_test(test_fits_the_small_slot),
		cmocka_unit_test(test_unmasked_input_listed),
		cmocka_unit_test(test_modes_differ),
		cmocka_unit_test(test_backend_chip),
		cmocka_unit_test(test_no_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
