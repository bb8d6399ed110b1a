/*
 * tests/unit/test_kvm_irqfd.c - KVM_IRQFD as the KVM backend asks for it
 * (kvm/kvm_irqfd.c), against the fake KVM of
 * tests/unit/support/fake_kvm.h.
 *
 * A plain irqfd (no resample fd) pulses its GSI under the source KVM_IRQ_LINE
 * uses too (eventfd.c, irqfd_inject(): KVM_USERSPACE_IRQ_SOURCE_ID), so its
 * falling half would lower a level vmscope holds on that line: the backend
 * refuses one, and asks KVM for nothing.  A resampled one goes in with its
 * resample fd, and a removal as KVM_IRQFD_FLAG_DEASSIGN.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/support/fake_kvm.h"

struct chip_vm {
	struct vm vm;
	struct kvm_vcpu_state s;
	struct fake_vcpu *k;
};

static int setup(void **state)
{
	struct chip_vm *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->k = fake_kvm_vcpu(0);
	fake_kvm_state(&t->s, t->k);
	t->s.vm_fd = t->k->fd;       /* the fake answers on either */
	t->vm.backend_state = &t->s;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	fake_kvm_free();
	return 0;
}

static void test_plain_refused(void **state)
{
	struct chip_vm *t = *state;
	const struct irqfd f = { .irq = 5, .fd = 7, .resample_fd = -1 };

	assert_int_equal(kvm_set_irqfd(&t->vm, &f, true), -EINVAL);
	assert_int_equal(t->k->irqfds, 0);
}

static void test_resampled_assigned(void **state)
{
	struct chip_vm *t = *state;
	const struct irqfd f = { .irq = 5, .fd = 7, .resample_fd = 8 };

	assert_int_equal(kvm_set_irqfd(&t->vm, &f, true), 0);
	assert_int_equal(t->k->irqfds, 1);
	assert_int_equal(t->k->last_irqfd.flags, KVM_IRQFD_FLAG_RESAMPLE);
	assert_int_equal(t->k->last_irqfd.gsi, 5);
	assert_int_equal(t->k->last_irqfd.fd, 7);
	assert_int_equal(t->k->last_irqfd.resamplefd, 8);
	assert_int_equal(kvm_set_irqfd(&t->vm, &f, false), 0);
	assert_int_equal(t->k->last_irqfd.flags, KVM_IRQFD_FLAG_DEASSIGN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_resampled_assigned, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
