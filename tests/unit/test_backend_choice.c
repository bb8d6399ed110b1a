/*
 * tests/unit/test_backend_choice.c - --backend kvm|soft|auto with and
 * without --nested (cli/backend_choice.c): auto with --nested takes the
 * software CPU on every host, /dev/kvm or not, and its note says why (the
 * KVM way of running an L2 has not run on hardware yet) and how to ask for
 * KVM anyway; without --nested auto is as before; an explicit --backend
 * stands with --nested.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/backend_choice.h"
#include "cpu/soft.h"
#include "kvm/kvm.h"

static const char auto_nested_note[] =
	"backend: soft (auto: --nested runs L2 on the software CPU; the KVM "
	"way is unverified on hardware: --backend kvm tries it)";

static void test_auto_nested_takes_soft(void **state)
{
	const struct backend_ops *ops = NULL;
	char note[256];

	(void)state;
	for (unsigned levels = 1; levels <= 2; levels++) {
		assert_int_equal(backend_choose_nested("auto", levels, &ops,
						       note, sizeof(note)), 0);
		assert_ptr_equal(ops, &soft_backend_ops);
		assert_string_equal(note, auto_nested_note);
	}
}

/* Without --nested, auto is backend_choose()'s: KVM where it opens. */
static void test_auto_plain_unchanged(void **state)
{
	const struct backend_ops *ops = NULL, *plain = NULL;
	char note[256], plain_note[256];

	(void)state;
	assert_int_equal(backend_choose_nested("auto", 0, &ops, note,
					       sizeof(note)), 0);
	assert_int_equal(backend_choose("auto", &plain, plain_note,
					 sizeof(plain_note)), 0);
	assert_ptr_equal(ops, plain);
	assert_string_equal(note, plain_note);
}

/* --backend soft and --backend kvm stand with --nested: KVM where it
 * opens (vm_create() then asks whether it can run an L2), else refused
 * with the reason. */
static void test_explicit_stands(void **state)
{
	const struct backend_ops *ops = NULL;
	char note[256], why[128];
	int err;

	(void)state;
	assert_int_equal(backend_choose_nested("soft", 1, &ops, note,
					       sizeof(note)), 0);
	assert_ptr_equal(ops, &soft_backend_ops);
	assert_string_equal(note, "backend: soft");
	err = backend_choose_nested("kvm", 1, &ops, note, sizeof(note));
	if (kvm_backend_available(why, sizeof(why))) {
		assert_int_equal(err, 0);
		assert_ptr_equal(ops, &kvm_backend_ops);
		assert_string_equal(note, "backend: kvm");
	} else {
		assert_int_equal(err, -ENODEV);
		assert_true(strncmp(note, "--backend kvm: ", 15) == 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auto_nested_takes_soft),
		cmocka_unit_test(test_auto_plain_unchanged),
		cmocka_unit_test(test_explicit_stands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
