/*
 * tests/unit/test_kvm_run.c - the exit record one KVM_RUN of the guest's
 * vCPU makes (kvm/kvm_run.c), against the fake KVM of
 * tests/unit/support/fake_kvm.h.
 *
 * A guest that sends itself INIT through the in-kernel LAPIC's ICR is
 * reset by KVM inside the kernel, to real mode at the reset vector, with
 * no exit that says so; its first fetch there, from memory vmscope does
 * not have, ends in KVM_EXIT_INTERNAL_ERROR.  The run ended with "could
 * not execute the guest's instruction (suberror 1)", which named nothing
 * of what happened; the record now says it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/regs.h"
#include "tests/unit/support/fake_kvm.h"

#define CR0_AFTER_INIT 0x60000010ULL   /* CD, NW, ET: the SDM's reset value */

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

static void run_internal_error(struct fake_kvm_nest *t, uint64_t cr0,
			       struct exit_record *exit)
{
	memset(exit, 0, sizeof(*exit));
	t->k1->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	t->k1->run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
	t->k1->sregs.cr0 = cr0;
	t->l1.irqchip = true;
	assert_int_equal(kvm_run_vcpu(&t->vm, exit), 0);
	assert_int_equal(exit->reason, EXIT_INTERNAL_ERROR);
}

static void test_self_init_named(void **state)
{
	struct exit_record exit;

	run_internal_error(*state, CR0_AFTER_INIT, &exit);
	assert_string_equal(exit.u.internal.why,
			    "the guest sent itself INIT: KVM reset the vCPU "
			    "to real mode");
}

/* In the mode vmscope runs the guest in, an emulation failure is KVM's
 * own words (suberror), as before. */
static void test_long_mode_failure_unnamed(void **state)
{
	struct exit_record exit;

	run_internal_error(*state, CR0_PE | CR0_PG, &exit);
	assert_string_equal(exit.u.internal.why, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_self_init_named, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_long_mode_failure_unnamed,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
