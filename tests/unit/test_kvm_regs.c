/*
 * tests/unit/test_kvm_regs.c - special registers written to a KVM vCPU
 * reach it (kvm/kvm_regs.c), the part that needs no /dev/kvm.
 *
 * Without an in-kernel LAPIC, KVM loads the TPR from run->cr8 at every
 * KVM_RUN, after the registers vmscope wrote: a CR8 written only in the
 * sregs (a reset's, L2's at an entry) was undone by the previous exit's
 * value there.  So kvm_state_set_sregs() writes run->cr8 too.  With sync
 * regs the write is into the kvm_run page and makes no ioctl, so a page of
 * the test's own stands in for KVM's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kvm/kvm_vcpu.h"

static void test_cr8_goes_to_run(void **state)
{
	struct kvm_vcpu_state s;
	struct vcpu_sregs in;
	struct kvm_run *run = calloc(1, 4096);

	(void)state;
	assert_non_null(run);
	memset(&s, 0, sizeof(s));
	s.run = run;
	s.sync_regs = true;
	s.sregs = &run->s.regs.sregs;
	run->cr8 = 15;                /* the last exit's TPR */
	memset(&in, 0, sizeof(in));
	in.cr8 = 3;
	assert_int_equal(kvm_state_set_sregs(&s, &in), 0);
	assert_int_equal(run->cr8, 3);
	assert_int_equal(run->s.regs.sregs.cr8, 3);
	assert_true(run->kvm_dirty_regs & KVM_SYNC_X86_SREGS);
	free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cr8_goes_to_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
