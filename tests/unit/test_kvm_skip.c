/*
 * tests/unit/test_kvm_skip.c - the reason a test that needs hardware KVM
 * gives for skipping is true of the host (tests/unit/support/kvm_skip.h):
 * no /dev/kvm is said as that, not as "this host's KVM is PVM"; PVM as
 * PVM; hardware KVM without the capability as that.  The wording of each
 * case exactly, and this host's reason agreeing with what /dev/kvm and
 * the probe say of it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kvm/kvm.h"
#include "kvm/probe.h"
#include "tests/unit/support/kvm_skip.h"

static const struct kvm_skip_facts runs = {
	.opens = true, .open_why = "/dev/kvm opens, KVM API 12",
	.flavour = HOST_VMX, .capability = "single_step_ring0",
	.capable = true, .capable_why = "",
};

static void test_no_dev_kvm(void **state)
{
	struct kvm_skip_facts f = runs;
	char why[256];

	(void)state;
	f.opens = false;
	f.open_why = "cannot open /dev/kvm: No such file or directory";
	f.flavour = HOST_PVM;      /* kvm_pvm loaded, but no device */
	assert_true(kvm_skip_reason(&f, why, sizeof(why)));
	assert_string_equal(why, "no KVM on this host: cannot open /dev/kvm: "
			    "No such file or directory");
}

static void test_pvm(void **state)
{
	struct kvm_skip_facts f = runs;
	char why[256];

	(void)state;
	f.flavour = HOST_PVM;
	assert_true(kvm_skip_reason(&f, why, sizeof(why)));
	assert_string_equal(why, "this host's KVM is PVM, not hardware VMX or "
			    "SVM: ring 0 runs in KVM's emulator, not on "
			    "silicon");
}

static void test_capability_missing(void **state)
{
	struct kvm_skip_facts f = runs;
	char why[256];

	(void)state;
	f.flavour = HOST_SVM;
	f.capable = false;
	f.capable_why = "single_step_ring0: the guest ran past the step";
	assert_true(kvm_skip_reason(&f, why, sizeof(why)));
	assert_string_equal(why, "this host's hardware KVM (SVM) lacks "
			    "single_step_ring0: single_step_ring0: the guest "
			    "ran past the step");
}

static void test_hardware_runs(void **state)
{
	char why[256] = "";

	(void)state;
	assert_false(kvm_skip_reason(&runs, why, sizeof(why)));
}

/* This host: without a usable /dev/kvm the reason says so, whatever
 * module is loaded (this session's host has kvm_pvm and no device). */
static void test_this_host(void **state)
{
	char open_why[160], why[256];
	bool opens = kvm_backend_available(open_why, sizeof(open_why));
	bool skips = kvm_skip_hardware("single_step_ring0", why, sizeof(why));

	(void)state;
	print_message("this host: %s\n", skips ? why : "runs");
	if (!opens) {
		assert_true(skips);
		assert_true(strncmp(why, "no KVM on this host: ", 21) == 0);
		assert_string_equal(why + 21, open_why);
	} else if (probe_host_flavour() == HOST_PVM) {
		assert_true(skips);
		assert_non_null(strstr(why, "this host's KVM is PVM"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_dev_kvm),
		cmocka_unit_test(test_pvm),
		cmocka_unit_test(test_capability_missing),
		cmocka_unit_test(test_hardware_runs),
		cmocka_unit_test(test_this_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
