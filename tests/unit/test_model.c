/*
 * tests/unit/test_model.c - how often the UI asks the vCPU thread for a
 * snapshot (tui/model.c): each one costs the vCPU thread registers, code
 * bytes and the backend's counters, and a wake-up of the waiting thread,
 * so while the guest runs the model asks only when the snapshot it holds
 * is 10 ms old - never at every update - and not at all while the guest
 * is paused or has ended (the stop publishes one itself); which paused
 * snapshot is a new stop.  A model filled
 * by hand: no VM runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui/model.h"

#define MS 1000000ULL

static struct tui_model m;   /* large: not on the stack */

static void test_running_asks_every_10_ms(void **state)
{
	(void)state;
	m.snap.mode = VCPU_FLAT_OUT;
	m.snap.t_ns = 1000 * MS;
	assert_false(model_wants_snapshot(&m, 1000 * MS));
	assert_false(model_wants_snapshot(&m, 1000 * MS + 10 * MS - 1));
	assert_true(model_wants_snapshot(&m, 1000 * MS + 10 * MS));
	m.snap.mode = VCPU_ANIMATED;
	assert_false(model_wants_snapshot(&m, 1000 * MS + 1));
	assert_true(model_wants_snapshot(&m, 1000 * MS + 30 * MS));
}

static void test_stopped_never_asks(void **state)
{
	(void)state;
	m.snap.t_ns = 0;
	m.snap.mode = VCPU_PAUSED;
	assert_false(model_wants_snapshot(&m, 5000 * MS));
	m.snap.mode = VCPU_ENDED;
	assert_false(model_wants_snapshot(&m, 5000 * MS));
}

/* A stop is new when its registers or its 8259s moved: only the chip
 * moves between two pauses in `jmp $` while the PIT raises IRR (the
 * registers alone missed it, and the Interrupts panel went on comparing
 * with the stop before the last). */
static void test_new_stop_by_regs_or_pic(void **state)
{
	(void)state;
	memset(&m, 0, sizeof(m));
	m.snap.have_pic = true;
	m.snap.regs.rip = m.stop_regs.rip = 0x100000;
	assert_false(model_is_new_stop(&m));
	m.snap.pic.chip[0].irr = 0x01;
	assert_true(model_is_new_stop(&m));
	m.stop_pic[0].irr = 0x01;
	assert_false(model_is_new_stop(&m));
	m.snap.regs.rip = 0x100002;
	assert_true(model_is_new_stop(&m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_stop_by_regs_or_pic),
		cmocka_unit_test(test_running_asks_every_10_ms),
		cmocka_unit_test(test_stopped_never_asks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
