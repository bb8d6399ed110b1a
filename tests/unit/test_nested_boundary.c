/*
 * tests/unit/test_nested_boundary.c - the exits L0 makes between two
 * instructions of L2's (core/nested_boundary.c): which one is due at a
 * boundary with a given blocking, in VMX's priority - the NMI window
 * (held by blocking by NMI and by MOV SS, not by STI's), then an
 * interrupt for L1 that L1 intercepts (held by STI's and MOV SS's
 * shadows, not by RFLAGS.IF) - neither while an event waits for its
 * delivery, and the record of the exit made.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/nested.h"

#define STI    NESTED_BLOCK_BY_STI
#define MOV_SS NESTED_BLOCK_BY_MOV_SS
#define NMI    NESTED_BLOCK_BY_NMI

static struct nested_l0 l0(uint32_t intercepts, int l1_irq)
{
	struct nested_l0 n;

	memset(&n, 0, sizeof(n));
	n.controls.intercepts = intercepts;
	n.l1_irq = l1_irq;
	return n;
}

static void test_nmi_window(void **state)
{
	struct nested_l0 n = l0(NESTED_INTERCEPT_NMI_WINDOW, -1);

	(void)state;
	assert_true(nested_boundary_wanted(&n));
	assert_int_equal(nested_boundary_exit(&n, 0), NESTED_EXIT_NMI_WINDOW);
	assert_int_equal(nested_boundary_exit(&n, STI), NESTED_EXIT_NMI_WINDOW);
	assert_int_equal(nested_boundary_exit(&n, MOV_SS), NESTED_EXIT_NONE);
	assert_int_equal(nested_boundary_exit(&n, NMI), NESTED_EXIT_NONE);
	assert_int_equal(nested_boundary_exit(&n, NESTED_HELD_BY_EVENT),
			 NESTED_EXIT_NONE);
	n.controls.intercepts = 0;
	assert_false(nested_boundary_wanted(&n));
	assert_int_equal(nested_boundary_exit(&n, 0), NESTED_EXIT_NONE);
}

static void test_l1_interrupt(void **state)
{
	struct nested_l0 n = l0(NESTED_INTERCEPT_EXTINT, 4);

	(void)state;
	assert_true(nested_boundary_wanted(&n));
	assert_int_equal(nested_boundary_exit(&n, 0), NESTED_EXIT_EXTINT);
	assert_int_equal(nested_boundary_exit(&n, NMI), NESTED_EXIT_EXTINT);
	assert_int_equal(nested_boundary_exit(&n, STI), NESTED_EXIT_NONE);
	assert_int_equal(nested_boundary_exit(&n, MOV_SS), NESTED_EXIT_NONE);
	assert_int_equal(nested_boundary_exit(&n, NESTED_HELD_BY_EVENT),
			 NESTED_EXIT_NONE);
	n.l1_irq = -1;                  /* nothing waits for L1 */
	assert_false(nested_boundary_wanted(&n));
	n = l0(0, 4);                   /* L1 does not intercept them */
	assert_false(nested_boundary_wanted(&n));
	assert_int_equal(nested_boundary_exit(&n, 0), NESTED_EXIT_NONE);
}

/* Both due: the NMI window first; held, the interrupt where its own
 * blocking allows it. */
static void test_priority(void **state)
{
	struct nested_l0 n = l0(NESTED_INTERCEPT_NMI_WINDOW |
				NESTED_INTERCEPT_EXTINT, 3);

	(void)state;
	assert_int_equal(nested_boundary_exit(&n, 0), NESTED_EXIT_NMI_WINDOW);
	assert_int_equal(nested_boundary_exit(&n, NMI), NESTED_EXIT_EXTINT);
	assert_int_equal(nested_boundary_exit(&n, STI), NESTED_EXIT_NMI_WINDOW);
	assert_int_equal(nested_boundary_exit(&n, MOV_SS), NESTED_EXIT_NONE);
}

static void test_record(void **state)
{
	struct nested_l0 n = l0(NESTED_INTERCEPT_EXTINT, 4);
	struct exit_record exit;

	(void)state;
	memset(&exit, 0xff, sizeof(exit));
	n.l2_regs.rip = 0x1800005;
	n.l2_sregs.cs.dpl = 0;
	assert_false(nested_make_boundary_exit(&n, &exit, STI));
	assert_true(nested_make_boundary_exit(&n, &exit, 0));
	assert_int_equal(exit.reason, EXIT_UNKNOWN);
	assert_int_equal(exit.hw_reason, NESTED_EXIT_EXTINT);
	assert_int_equal(exit.nest.l2_reason, NESTED_EXIT_EXTINT);
	assert_int_equal(exit.nest.irq, 4);
	assert_int_equal(exit.nest.intr_info, 0);
	assert_int_equal(exit.rip, 0x1800005);
	assert_int_equal(exit.insn_len, 0);
	n.controls.intercepts = NESTED_INTERCEPT_NMI_WINDOW;
	assert_true(nested_make_boundary_exit(&n, &exit, STI));
	assert_int_equal(exit.nest.l2_reason, NESTED_EXIT_NMI_WINDOW);
	assert_int_equal(exit.nest.irq, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nmi_window),
		cmocka_unit_test(test_l1_interrupt),
		cmocka_unit_test(test_priority),
		cmocka_unit_test(test_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
