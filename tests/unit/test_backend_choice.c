/*
 * tests/unit/test_backend_choice.c - --backend kvm|soft|auto with and
 * without --nested and --clock insn (cli/backend_choice.c): auto with
 * --nested takes the software CPU on every host, /dev/kvm or not, and its
 * note says why (the KVM way of running an L2 has not run on hardware yet)
 * and how to ask for KVM anyway; without --nested auto is as before; an
 * explicit --backend stands with --nested.  With --clock insn auto takes
 * the software CPU too, and --backend kvm is refused, saying why.
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
		assert_int_equal(backend_choose_for("auto", levels, VM_CLOCK_HOST,
						    &ops, note, sizeof(note)), 0);
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
	assert_int_equal(backend_choose_for("auto", 0, VM_CLOCK_HOST, &ops,
					    note, sizeof(note)), 0);
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
	assert_int_equal(backend_choose_for("soft", 1, VM_CLOCK_HOST, &ops,
					    note, sizeof(note)), 0);
	assert_ptr_equal(ops, &soft_backend_ops);
	assert_string_equal(note, "backend: soft");
	err = backend_choose_for("kvm", 1, VM_CLOCK_HOST, &ops, note,
				 sizeof(note));
	if (kvm_backend_available(why, sizeof(why))) {
		assert_int_equal(err, 0);
		assert_ptr_equal(ops, &kvm_backend_ops);
		assert_string_equal(note, "backend: kvm");
	} else {
		assert_int_equal(err, -ENODEV);
		assert_true(strncmp(note, "--backend kvm: ", 15) == 0);
	}
}

/* --clock insn: auto takes the software CPU on every host; --backend
 * kvm is refused before any /dev/kvm is opened; soft stands. */
static void test_insn_clock(void **state)
{
	const struct backend_ops *ops = NULL;
	char note[256];

	(void)state;
	assert_int_equal(backend_choose_for("auto", 0, VM_CLOCK_INSN, &ops,
					    note, sizeof(note)), 0);
	assert_ptr_equal(ops, &soft_backend_ops);
	assert_string_equal(note, "backend: soft (auto: --clock insn counts "
			    "the software CPU's instructions)");
	ops = NULL;
	assert_int_equal(backend_choose_for("kvm", 0, VM_CLOCK_INSN, &ops,
					    note, sizeof(note)), -EINVAL);
	assert_null(ops);
	assert_string_equal(note, "--clock insn: not with --backend kvm "
			    "(KVM's time is the host's - the hardware TSC, "
			    "KVM's timers - and it does not count "
			    "instructions): use --backend soft");
	assert_int_equal(backend_choose_for("soft", 0, VM_CLOCK_INSN, &ops,
					    note, sizeof(note)), 0);
	assert_ptr_equal(ops, &soft_backend_ops);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auto_nested_takes_soft),
		cmocka_unit_test(test_auto_plain_unchanged),
		cmocka_unit_test(test_explicit_stands),
		cmocka_unit_test(test_insn_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
