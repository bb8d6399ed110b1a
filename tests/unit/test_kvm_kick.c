/*
 * tests/unit/test_kvm_kick.c - the KVM backend's kicks with the nesting
 * stage's two vCPUs (kvm/kvm_run.c, kvm/kvm_nested.c), against the fake
 * KVM of tests/unit/support/fake_kvm.h: no /dev/kvm needed.
 *
 * A kick marks both levels' vCPUs (immediate_exit) and signals the vCPU
 * thread.  Two ways it went wrong:
 *   - L2's VM is made inside the run a kick may already have been aimed
 *     at: that kick marked only L1's vCPU, L2's first KVM_RUN ran on, and
 *     the waker, its wake still pending, kicked no more;
 *   - only the vCPU whose KVM_RUN returned -EINTR took its mark down: the
 *     other level's next KVM_RUN returned -EINTR at once, an INTR exit
 *     for nothing after every kick.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kvm/kvm_nested.h"
#include "tests/unit/support/fake_kvm.h"

static int setup(void **state)
{
	*state = fake_kvm_nest_new();
	return 0;
}

static int teardown(void **state)
{
	fake_kvm_nest_free(*state);
	return 0;
}

static uint8_t mark(const struct kvm_vcpu_state *s)
{
	return s->run->immediate_exit;
}

/* A kick while L2's VM was being made (backend_l2 still NULL) reaches
 * L2's first KVM_RUN. */
static void test_kick_before_l2_carried_over(void **state)
{
	struct fake_kvm_nest *t = *state;

	kvm_kick(&t->vm);
	assert_int_equal(mark(&t->l1), 1);
	kvm_nested_publish(&t->l1, t->n, t->l2);
	assert_ptr_equal(atomic_load(&t->n->backend_l2), t->l2);
	assert_int_equal(mark(&t->l2->vcpu), 1);
}

static void test_no_kick_no_mark(void **state)
{
	struct fake_kvm_nest *t = *state;

	kvm_nested_publish(&t->l1, t->n, t->l2);
	assert_int_equal(mark(&t->l2->vcpu), 0);
	kvm_kick(&t->vm);
	assert_int_equal(mark(&t->l2->vcpu), 1);
	assert_int_equal(mark(&t->l1), 1);
}

/* L2's KVM_RUN returns -EINTR for the kick: L1's mark goes too. */
static void test_l2_intr_clears_l1(void **state)
{
	struct fake_kvm_nest *t = *state;
	struct exit_record exit;

	memset(&exit, 0, sizeof(exit));
	kvm_nested_publish(&t->l1, t->n, t->l2);
	kvm_kick(&t->vm);
	assert_int_equal(kvm_nested_ops.run(&t->vm, t->n, &exit), 0);
	assert_int_equal(exit.reason, EXIT_INTR);
	assert_int_equal(mark(&t->l2->vcpu), 0);
	assert_int_equal(mark(&t->l1), 0);
}

/* And the other way round. */
static void test_l1_intr_clears_l2(void **state)
{
	struct fake_kvm_nest *t = *state;
	struct exit_record exit;

	memset(&exit, 0, sizeof(exit));
	kvm_nested_publish(&t->l1, t->n, t->l2);
	kvm_kick(&t->vm);
	assert_int_equal(kvm_run_vcpu(&t->vm, &exit), 0);
	assert_int_equal(exit.reason, EXIT_INTR);
	assert_int_equal(mark(&t->l1), 0);
	assert_int_equal(mark(&t->l2->vcpu), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kick_before_l2_carried_over,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_kick_no_mark, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_l2_intr_clears_l1, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_l1_intr_clears_l2, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
