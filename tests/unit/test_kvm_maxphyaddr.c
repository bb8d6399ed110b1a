/*
 * tests/unit/test_kvm_maxphyaddr.c - the guest-physical width the KVM
 * backend keeps from the CPUID it gives a vCPU (kvm/kvm_backend.c), and
 * the check the nesting stage makes with it before it asks KVM for a
 * memory slot (kvm/kvm_nested.c), which need no /dev/kvm.
 *
 * KVM refuses a slot that reaches 2^MAXPHYADDR (-EINVAL): an L1 whose
 * page tables for L2 lead there made vmscope's backend fail, and the run
 * end as "backend failed".  Such an address is not mapped now: L2 takes
 * the reserved-bit #PF, as on hardware.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "kvm/kvm_vcpu.h"

static struct kvm_cpuid2 *table(uint32_t function, uint32_t eax)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) +
					 2 * sizeof(c->entries[0]));

	assert_non_null(c);
	c->nent = 2;
	c->entries[0].function = 0x80000000;
	c->entries[0].eax = 0x80000008;
	c->entries[1].function = function;
	c->entries[1].eax = eax;
	return c;
}

static void test_maxphyaddr_from_leaf(void **state)
{
	struct kvm_cpuid2 *c = table(0x80000008, 0x3027);  /* 48 / 39 bits */

	(void)state;
	assert_int_equal(kvm_cpuid_maxphyaddr(c), 39);
	free(c);
}

static void test_maxphyaddr_without_leaf(void **state)
{
	struct kvm_cpuid2 *c = table(0x80000001, 0x3027);

	(void)state;
	assert_int_equal(kvm_cpuid_maxphyaddr(c), 36);
	free(c);
}

static void test_reachable(void **state)
{
	(void)state;
	assert_true(kvm_gpa_reachable(0x7fffffffffULL, 39));
	assert_false(kvm_gpa_reachable(0x8000000000ULL, 39));
	assert_false(kvm_gpa_reachable(~0ULL, 52));
	assert_true(kvm_gpa_reachable(~0ULL, 64));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maxphyaddr_from_leaf),
		cmocka_unit_test(test_maxphyaddr_without_leaf),
		cmocka_unit_test(test_reachable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
