/*
 * tests/unit/test_kvm_events.c - the #UD KVM queues when its emulator
 * fails (kvm/kvm_events.c), which needs no /dev/kvm.
 *
 * L2's fetch from a page without a memory slot is an instruction KVM's
 * emulator cannot fetch: before it exits with KVM_INTERNAL_ERROR at CPL 0
 * it queues #UD.  vmscope maps the page and runs L2 again - which then
 * took that #UD in its first instruction, where the machine L1 built
 * would have run on.  Where KVM cannot be told to exit without queuing
 * it (KVM_CAP_EXIT_ON_EMULATION_FAILURE), vmscope takes it out again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kvm/kvm_vcpu.h"

static struct kvm_vcpu_events queued(uint8_t vector, bool pending)
{
	struct kvm_vcpu_events ev;

	memset(&ev, 0, sizeof(ev));
	ev.exception.nr = vector;
	ev.exception.injected = !pending;
	ev.exception.pending = pending;
	ev.nmi.masked = 1;          /* the rest stays as it was */
	return ev;
}

static void test_injected_ud_dropped(void **state)
{
	struct kvm_vcpu_events ev = queued(6, false);

	(void)state;
	assert_true(kvm_events_drop_ud(&ev));
	assert_int_equal(ev.exception.injected, 0);
	assert_int_equal(ev.exception.pending, 0);
	assert_int_equal(ev.nmi.masked, 1);
}

/* With KVM_CAP_EXCEPTION_PAYLOAD KVM reports it as pending. */
static void test_pending_ud_dropped(void **state)
{
	struct kvm_vcpu_events ev = queued(6, true);

	(void)state;
	assert_true(kvm_events_drop_ud(&ev));
	assert_int_equal(ev.exception.pending, 0);
}

static void test_other_exception_kept(void **state)
{
	struct kvm_vcpu_events ev = queued(13, false);

	(void)state;
	assert_false(kvm_events_drop_ud(&ev));
	assert_int_equal(ev.exception.injected, 1);
}

static void test_nothing_queued(void **state)
{
	struct kvm_vcpu_events ev = queued(6, false);

	(void)state;
	ev.exception.injected = 0;
	assert_false(kvm_events_drop_ud(&ev));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_injected_ud_dropped),
		cmocka_unit_test(test_pending_ud_dropped),
		cmocka_unit_test(test_other_exception_kept),
		cmocka_unit_test(test_nothing_queued),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
