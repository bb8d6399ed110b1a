/*
 * tests/unit/test_pic_text.c - the 8259s in words (cli/pic_text.c), the
 * fields `vmscope trace --pic` prints and the TUI's Interrupts panel
 * shows: a chip's line with its requests and services named, an input
 * with no device, the mode words (the ELCR's mix, an ICW awaited), and
 * which changes count as something new to show.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cli/pic_text.h"
#include "guest/abi/machine.h"

static struct vm_pic_state echo_state(void)
{
	struct vm_pic_state s = { .chip = {
		{ .irr = 0x03, .isr = 0x02, .imr = 0xfc, .vector_base = 0x20 },
		{ .irr = 0x02, .imr = 0xff, .vector_base = 0x28 } } };

	s.name[IRQ_TIMER] = "timer";
	s.name[IRQ_KEYBOARD] = "keyboard";
	s.name[IRQ_CASCADE] = "cascade";
	return s;
}

static const char *chip_line(const struct vm_pic_state *s, unsigned chip)
{
	static struct textbuf tb;

	textbuf_reset(&tb);
	pic_text_chip(s, chip, &tb);
	return tb.buf;
}

static void test_chip_lines(void **state)
{
	struct vm_pic_state s = echo_state();

	(void)state;
	assert_string_equal(chip_line(&s, 0),
		"master base 0x20 irr 0x03 (timer, keyboard) isr 0x02 "
		"(keyboard) imr 0xfc  edge, AEOI off, SMM off");
	assert_string_equal(chip_line(&s, 1),
		"slave  base 0x28 irr 0x02 (IRQ 9) isr 0x00 imr 0xff  edge, "
		"AEOI off, SMM off");
}

static void test_modes(void **state)
{
	struct vm_pic_state s = echo_state();

	(void)state;
	s.chip[0] = (struct pic_regs){ .level = 0xff, .auto_eoi = true,
				       .special_mask = true, .next_icw = 2 };
	s.chip[1].level = 0x81;
	assert_string_equal(chip_line(&s, 0),
		"master base 0x00 irr 0x00 isr 0x00 imr 0x00  level, AEOI on, "
		"SMM on, ICW2 next");
	assert_string_equal(chip_line(&s, 1),
		"slave  base 0x28 irr 0x02 (IRQ 9) isr 0x00 imr 0xff  level "
		"on IRQ 8 15, AEOI off, SMM off");
}

/* Every field the line prints counts; INT alone does not (it follows
 * IRR, IMR and ISR). */
static void test_same(void **state)
{
	struct vm_pic_state a = echo_state(), b = echo_state();

	(void)state;
	assert_true(pic_text_same(&a.chip[0], &b.chip[0]));
	b.chip[0].int_out = true;
	assert_true(pic_text_same(&a.chip[0], &b.chip[0]));
	b.chip[0].next_icw = 4;
	assert_false(pic_text_same(&a.chip[0], &b.chip[0]));
	b = echo_state();
	b.chip[0].level = 1;
	assert_false(pic_text_same(&a.chip[0], &b.chip[0]));
	b = echo_state();
	b.chip[0].isr = 0;
	assert_false(pic_text_same(&a.chip[0], &b.chip[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chip_lines),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
