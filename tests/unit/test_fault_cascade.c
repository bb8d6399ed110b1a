/*
 * tests/unit/test_fault_cascade.c - the software CPU's instruction budget
 * bounds a cascade of faults.
 *
 * A guest whose #UD handler is itself a UD2 retires no instruction: each
 * delivery pushes a frame and runs into the next fault.  softcpu_run()'s
 * budget counts every delivery as an instruction, so the run stops after
 * max_insns deliveries with EXIT_INTR instead of running on until the
 * stack runs out (thousands of deliveries, then a triple fault; with an
 * IST stack, forever).  The fuzz target tests/fuzz/fuzz_softcpu.c relies
 * on it to keep every input short.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

#define VEC_UD 6
#define BUDGET 10

static void test_cascade_ends_at_budget(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t ud2[] = { 0x0f, 0x0b };   /* ud2 */
	struct softcpu_counters before, after;

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_HANDLERS + 16 * VEC_UD, ud2, sizeof(ud2));
	scpu_load(f, SCPU_CODE, ud2, sizeof(ud2));
	softcpu_get_counters(f->cpu, &before);
	assert_int_equal(softcpu_run(f->cpu, &f->exit, BUDGET), 0);
	softcpu_get_counters(f->cpu, &after);
	assert_int_equal(f->exit.reason, EXIT_INTR);
	assert_int_equal(after.exceptions - before.exceptions, BUDGET);
	assert_int_equal(after.instructions - before.instructions, 0);
	assert_int_equal(f->exit.rip, SCPU_HANDLERS + 16 * VEC_UD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cascade_ends_at_budget,
						scpu_setup, scpu_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
