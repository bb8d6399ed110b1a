/*
 * tests/unit/test_kvm_rip.c - kvm/kvm_rip.c's rule for a single step over
 * HLT, which needs no /dev/kvm: PVM reports such a step as a DEBUG exit,
 * and the KVM backend turns it into the HLT exit it is when the step began
 * at a HLT and left the vCPU at it or one byte on.  Guest memory and page
 * tables come from a real machine (the hello guest, booted over the
 * scripted fake backend).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/vm.h"
#include "kvm/kvm_vcpu.h"
#include "tests/unit/support/fake_backend.h"
#include "tests/unit/support/guest_vm.h"

#define CODE 0x500000ULL          /* RAM, identity-mapped at boot */

static const uint8_t code[] = {
	0x90,                         /* nop */
	0xf4,                         /* hlt */
	0x90,                         /* nop */
};

static int setup(void **state)
{
	struct vm *vm = calloc(1, sizeof(*vm));

	if (!vm)
		return -1;
	fake_backend_reset();
	guest_vm_create(vm, &fake_backend_ops, "hello");
	assert_int_equal(guest_mem_write(&vm->mem, CODE, code, sizeof(code)),
			 0);
	*state = vm;
	return 0;
}

static int teardown(void **state)
{
	vm_destroy(*state);
	free(*state);
	return 0;
}

static uint64_t cr3_of(struct vm *vm)
{
	return fake_cpu_of(vm)->sregs.cr3;
}

/* A step from the HLT: the vCPU one byte on (PVM) or still at it. */
static void test_step_from_hlt(void **state)
{
	struct vm *vm = *state;
	const uint64_t hlt = CODE + 1;

	assert_true(kvm_rip_stepped_hlt(&vm->mem, cr3_of(vm), hlt, hlt + 1));
	assert_true(kvm_rip_stepped_hlt(&vm->mem, cr3_of(vm), hlt, hlt));
}

/* Anything else is a DEBUG exit: a step from another instruction, a step
 * that ended elsewhere (an interrupt came first: its handler), a step
 * from an address no page maps. */
static void test_other_steps(void **state)
{
	struct vm *vm = *state;
	const uint64_t hlt = CODE + 1;

	assert_false(kvm_rip_stepped_hlt(&vm->mem, cr3_of(vm), CODE, CODE + 1));
	assert_false(kvm_rip_stepped_hlt(&vm->mem, cr3_of(vm), hlt, hlt + 2));
	assert_false(kvm_rip_stepped_hlt(&vm->mem, cr3_of(vm), hlt,
					 0x100000));
	assert_false(kvm_rip_stepped_hlt(&vm->mem, cr3_of(vm), 0x10, 0x11));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_step_from_hlt, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_other_steps, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
