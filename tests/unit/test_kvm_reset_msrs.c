/*
 * tests/unit/test_kvm_reset_msrs.c - the MSRs a reset on KVM writes back
 * (kvm/kvm_reset.c), checked without /dev/kvm.
 *
 * vmscope gives the guest KVM's CPUID leaves 0x40000000-0x40000001; a
 * guest that turns on kvmclock, steal time, async page faults or PV EOI
 * hands KVM a guest-physical address KVM keeps writing to.  A reset that
 * left those MSRs as the guest set them had KVM write into the fresh
 * image; IA32_TSC_ADJUST, which a guest writes to move its TSC, stayed
 * too.  And the TSC offset a reset sets.  test_kvm_reset.c shows the values on a real vCPU where KVM runs.
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

/*
 * The TSC at a reset: KVM may ignore a host write of IA32_TSC within a
 * second of the previous one, so the reset moves the offset instead
 * (guest TSC = host TSC + offset): back by what the guest's TSC counted
 * since creation.  Whatever the guest did to its TSC, even moving it
 * below the power-on value, the guest's TSC reads the power-on value.
 */
static void test_tsc_offset_back_to_power_on(void **state)
{
	const uint64_t host = 6000, power_on = 200;
	const uint64_t offsets[] = { (uint64_t)-1000, 5, (uint64_t)-6000 };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		uint64_t now = host + offsets[i];
		uint64_t offset = kvm_reset_tsc_offset(offsets[i], now,
						       power_on);

		assert_int_equal(host + offset, power_on);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kvm_pv_msrs_reset),
		cmocka_unit_test(test_tsc_adjust_reset),
		cmocka_unit_test(test_no_repeats),
		cmocka_unit_test(test_tsc_offset_back_to_power_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
