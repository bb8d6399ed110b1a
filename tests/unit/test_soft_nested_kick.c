/*
 * tests/unit/test_soft_nested_kick.c - the software CPU's kicks with the
 * nesting stage's two CPU contexts (cpu/soft_nested.c, cpu/soft_backend.c),
 * on a whole machine: hello as L2 under the L1 mini-hypervisor.  The
 * software CPU's twin of tests/unit/test_kvm_kick.c.
 *
 * A kick (core/waker.c's waker_kick(): a key, a stop, the TUI's pause)
 * raises the kick flag of L1's CPU and of L2's, once there is one.  Two
 * ways it went wrong:
 *   - L2's CPU is created inside the run a kick may already have been
 *     aimed at: that kick raised only L1's flag, and L2's first run went
 *     on to its next natural exit;
 *   - only the CPU that ran took its flag down: the other level's next
 *     run stopped at once, an INTR exit for nothing after every kick.
 *
 * The kicks come from this thread between two runs, where the window
 * they stand for opens - deterministic, no second thread.  hello under
 * hv makes no INTR exit of its own (no timer runs before its end), so
 * every INTR exit here is a kick's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/guests.h"
#include "core/nested.h"
#include "core/vm.h"
#include "cpu/soft.h"
#include "cpu/soft_nested.h"

#define MAX_EXITS 5000

struct fixture {
	struct vm vm;
	struct exit_record exit;
	unsigned intr_exits;    /* INTR exits run() has seen */
};

static void discard(void *opaque, uint8_t byte)
{
	(void)opaque;
	(void)byte;
}

static int setup(void **state)
{
	const struct builtin_guest *g = guests_find("hello");
	const struct builtin_guest *hv = guests_find("hv");
	struct fixture *f = calloc(1, sizeof(*f));
	struct vm_config cfg = {
		.backend = &soft_backend_ops, .nested = 1,
		.guest_name = "hello", .serial = { .write = discard },
	};
	char err[160];

	assert_non_null(f);
	assert_non_null(g);
	assert_non_null(hv);
	cfg.image = g->image;
	cfg.image_size = (size_t)(g->image_end - g->image);
	cfg.hypervisor = hv->image;
	cfg.hypervisor_size = (size_t)(hv->image_end - hv->image);
	cfg.hypervisor_name = hv->name;
	if (vm_create(&f->vm, &cfg, err, sizeof(err)))
		fail_msg("vm_create: %s", err);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	vm_destroy(&f->vm);
	free(f);
	return 0;
}

/* One exit, counted. */
static const struct exit_record *run(struct fixture *f)
{
	assert_int_equal(vm_run_exit(&f->vm, &f->exit), 0);
	assert_int_equal(f->vm.state, VM_RUNNING);
	if (f->exit.reason == EXIT_INTR)
		f->intr_exits++;
	return &f->exit;
}

static bool is_run_doorbell(const struct exit_record *e)
{
	return e->level == 0 && e->reason == EXIT_IO &&
	       e->u.io.port == NESTED_PORT_RUN && e->u.io.direction == IO_OUT;
}

/* Run to L1's next run doorbell (dispatched: L2 runs next). */
static void run_to_doorbell(struct fixture *f)
{
	for (unsigned i = 0; i < MAX_EXITS; i++)
		if (is_run_doorbell(run(f)))
			return;
	fail_msg("no run doorbell in %u exits", MAX_EXITS);
}

/* Run to the next exit of L2's that L0 reflects to L1 (L1 runs next). */
static void run_to_reflection(struct fixture *f)
{
	for (unsigned i = 0; i < MAX_EXITS; i++) {
		const struct exit_record *e = run(f);

		if (e->level == 1 && e->nest.verdict == NESTED_REFLECT)
			return;
	}
	fail_msg("no reflected exit in %u exits", MAX_EXITS);
}

static uint64_t l2_instructions(const struct vm *vm)
{
	struct softcpu_counters c;

	assert_true(soft_nested_counters(vm, &c));
	return c.instructions;
}

/* A kick while L2's CPU does not exist yet (L1 rang its first run
 * doorbell; L0 creates L2's CPU in the next run): L2's first run stops at
 * once, at the block's RIP, not one instruction run - then L2 goes on
 * with its first natural exit, a shadow fault. */
static void test_kick_before_l2_reaches_l2(void **state)
{
	struct fixture *f = *state;
	const struct exit_record *e;

	run_to_doorbell(f);
	assert_null(atomic_load(&f->vm.nested->backend_l2));
	waker_kick(&f->vm.waker);
	e = run(f);
	assert_int_equal(e->level, 1);
	assert_int_equal(e->reason, EXIT_INTR);
	assert_int_equal(e->rip, f->vm.nested->shadow.rip);
	assert_int_equal(l2_instructions(&f->vm), 0);
	e = run(f);
	assert_int_equal(e->level, 1);
	assert_int_equal(e->reason, EXIT_HANDLED_IN_L0);
	assert_int_equal(e->nest.l2_reason, NESTED_EXIT_NPF);
	assert_int_equal(f->intr_exits, 1);
}

/* L2 takes a kick: L1's flag goes down with L2's.  L2 runs on to its
 * reflected exit, and L1's next exit is its run doorbell, not an INTR
 * with nothing done. */
static void test_l2_kick_seen_by_l1(void **state)
{
	struct fixture *f = *state;
	const struct exit_record *e;
	uint64_t insns;

	run_to_doorbell(f);
	run(f);                          /* L2's CPU is made: a shadow fault */
	insns = l2_instructions(&f->vm);
	waker_kick(&f->vm.waker);
	e = run(f);
	assert_int_equal(e->level, 1);
	assert_int_equal(e->reason, EXIT_INTR);
	assert_int_equal(l2_instructions(&f->vm), insns);
	run_to_reflection(f);
	e = run(f);
	assert_true(is_run_doorbell(e));
	assert_int_equal(f->intr_exits, 1);
}

/* And the other way round: L1 takes a kick between two runs of L2's;
 * L2's next run is not stopped at once. */
static void test_l1_kick_seen_by_l2(void **state)
{
	struct fixture *f = *state;
	const struct exit_record *e;
	uint64_t insns;

	run_to_doorbell(f);
	run_to_reflection(f);
	waker_kick(&f->vm.waker);
	e = run(f);
	assert_int_equal(e->level, 0);
	assert_int_equal(e->reason, EXIT_INTR);
	e = run(f);
	assert_true(is_run_doorbell(e));
	insns = l2_instructions(&f->vm);
	e = run(f);
	assert_int_equal(e->level, 1);
	assert_int_not_equal(e->reason, EXIT_INTR);
	assert_true(l2_instructions(&f->vm) > insns);
	assert_int_equal(f->intr_exits, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kick_before_l2_reaches_l2,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_l2_kick_seen_by_l1, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_l1_kick_seen_by_l2, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
