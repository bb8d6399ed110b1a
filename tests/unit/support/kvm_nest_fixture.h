/*
 * tests/unit/support/kvm_nest_fixture.h - the fixture of the tests that
 * run L2 on the fake KVM (test_kvm_nested_events, test_kvm_nested_io): a
 * machine at the nesting stage (fake_kvm.h's struct fake_kvm_nest) whose
 * L2 context is published for kicks, as after L2's first run, and the
 * exit record a run of L2's fills beside it.  For the tests linked with
 * -Wl,--wrap=ioctl (tests/tests.mk).
 */
#ifndef TESTS_UNIT_SUPPORT_KVM_NEST_FIXTURE_H
#define TESTS_UNIT_SUPPORT_KVM_NEST_FIXTURE_H

#include "core/exit.h"
#include "tests/unit/support/fake_kvm.h"

struct kvm_nest_fixture {
	struct fake_kvm_nest *f;
	struct exit_record exit;
};

/* cmocka's setup and teardown: *state is a struct kvm_nest_fixture. */
int kvm_nest_fixture_setup(void **state);
int kvm_nest_fixture_teardown(void **state);
/* One run of L2's (kvm_nested_ops.run()) into t->exit; it must succeed. */
void kvm_nest_fixture_run(struct kvm_nest_fixture *t);

#endif /* TESTS_UNIT_SUPPORT_KVM_NEST_FIXTURE_H */
