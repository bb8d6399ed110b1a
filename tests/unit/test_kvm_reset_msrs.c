/*
 * tests/unit/test_kvm_reset_msrs.c - the MSRs a reset on KVM writes back
 * (kvm/kvm_reset.c), checked without /dev/kvm.
 *
 * vmscope gives the guest KVM's CPUID leaves 0x40000000-0x40000001; a
 * guest that turns on kvmclock, steal time, async page faults or PV EOI
 * hands KVM a guest-physical address KVM keeps writing to.  A reset that
 * left those MSRs as the guest set them had KVM write into the fresh
 * image; IA32_TSC_ADJUST, which a guest writes to move its TSC, stayed
 * too.  test_kvm_reset.c shows the values on a real vCPU where KVM runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kvm/kvm_vcpu.h"

static bool in_list(uint32_t index)
{
	for (size_t i = 0; i < kvm_reset_msr_count; i++)
		if (kvm_reset_msrs[i] == index)
			return true;
	return false;
}

static void test_kvm_pv_msrs_reset(void **state)
{
	(void)state;
	assert_true(in_list(0x00000012));   /* MSR_KVM_SYSTEM_TIME */
	assert_true(in_list(0x4b564d01));   /* MSR_KVM_SYSTEM_TIME_NEW */
	assert_true(in_list(0x4b564d02));   /* MSR_KVM_ASYNC_PF_EN */
	assert_true(in_list(0x4b564d03));   /* MSR_KVM_STEAL_TIME */
	assert_true(in_list(0x4b564d04));   /* MSR_KVM_PV_EOI_EN */
}

static void test_tsc_adjust_reset(void **state)
{
	(void)state;
	assert_true(in_list(0x0000003b));
}

/* Each MSR once: KVM_SET_MSRS would write a repeated one twice. */
static void test_no_repeats(void **state)
{
	(void)state;
	for (size_t i = 0; i < kvm_reset_msr_count; i++)
		for (size_t j = i + 1; j < kvm_reset_msr_count; j++)
			assert_int_not_equal(kvm_reset_msrs[i],
					     kvm_reset_msrs[j]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kvm_pv_msrs_reset),
		cmocka_unit_test(test_tsc_adjust_reset),
		cmocka_unit_test(test_no_repeats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
