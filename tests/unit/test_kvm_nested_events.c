/*
 * tests/unit/test_kvm_nested_events.c - the events KVM holds at the
 * nesting stage's boundaries (kvm/kvm_events.c, kvm/kvm_nested.c),
 * against the fake KVM of tests/unit/support/fake_kvm.h.
 *
 * KVM finishes an exit's instruction at the next KVM_RUN, and under
 * RFLAGS.TF that queues a #DB (x86.c, kvm_skip_emulated_instruction()).
 * vmscope used to read the vCPU's events, change a field and write them
 * back, so:
 *   - an entry from L1 kept what KVM held from L2's last exit: L2 took
 *     the #DB at its first instruction whatever L1 injected (VMX injects
 *     only the entry's event);
 *   - an exit L0 reflects to L1 from a delivery KVM stopped did not tell
 *     L1 which event it was (VMX's IDT-vectoring information);
 *   - L0's #GP for a doorbell from ring 3 under TF left DR6.BS set in L1:
 *     KVM writes the #DB's payload into DR6 when user space reads the
 *     events, though a CPU raising #GP at the OUT sets nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/regs.h"
#include "kvm/kvm_nested.h"
#include "tests/unit/support/kvm_nest_fixture.h"

#define GP_INFO (NESTED_INTR_VALID | NESTED_INTR_HW_EXCEPTION | \
		 NESTED_INTR_HAS_ERROR | 13)
#define DB_INFO (NESTED_INTR_VALID | NESTED_INTR_HW_EXCEPTION | 1)
#define DR6_CLEAN 0xffff0ff0u

/* L2's last exit was an OUT under TF, reflected to L1; L1 enters again
 * with entry_info (0: no event). */
static void enter_after_traced_out(struct kvm_nest_fixture *t,
				   uint32_t entry_info)
{
	t->f->l2->vcpu.last_reason = KVM_EXIT_IO;
	t->f->k2->out_len = 1;
	t->f->k2->regs.rip = 0x1000;
	t->f->k2->regs.rflags = RFLAGS_TF | 2;
	t->f->n->l2_regs.rip = 0x1001;
	t->f->n->l2_regs.rflags = 2;
	t->f->n->shadow.entry_intr_info = entry_info;
	t->f->n->load_state = true;
	kvm_nest_fixture_run(t);
}

static void test_entry_drops_held_db(void **state)
{
	struct kvm_nest_fixture *t = *state;

	enter_after_traced_out(t, 0);
	assert_int_equal(t->f->k2->entries, 1);
	assert_int_equal(t->f->k2->delivered_info, 0);
}

static void test_entry_gives_l1_event_alone(void **state)
{
	struct kvm_nest_fixture *t = *state;
	const uint32_t irq = NESTED_INTR_VALID | NESTED_INTR_EXTERNAL | 0x30;

	enter_after_traced_out(t, irq);
	assert_int_equal(t->f->k2->delivered_info, irq);
}

/* L1's blocking goes in with the event, in the same write. */
static void test_entry_sets_blocking(void **state)
{
	struct kvm_nest_fixture *t = *state;

	t->f->n->l2_interruptibility = NESTED_BLOCK_BY_NMI | NESTED_BLOCK_BY_STI;
	enter_after_traced_out(t, 0);
	assert_true(t->f->k2->nmi_masked);
	assert_int_equal(t->f->k2->shadow, KVM_X86_SHADOW_INT_STI);
}

/* L1 injects #GP(0x18); its delivery touches L2-physical 0x1bff000, which
 * no slot holds and L1's table does not map: the exit L1 gets names it. */
static void test_cut_short_delivery_reported(void **state)
{
	struct kvm_nest_fixture *t = *state;
	struct kvm_run *run = t->f->k2->run;

	t->f->k2->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	t->f->k2->stops_in_delivery = true;
	run->internal.suberror = KVM_INTERNAL_ERROR_DELIVERY_EV;
	run->internal.ndata = 5;
	run->internal.data[3] = 0x1bff000;
	t->f->n->shadow.entry_intr_error = 0x18;
	enter_after_traced_out(t, GP_INFO);
	assert_int_equal(t->exit.nest.l2_reason, NESTED_EXIT_NPF);
	assert_int_equal(t->exit.nest.gpa, 0x1bff000);
	assert_int_equal(t->exit.nest.vect_info, GP_INFO);
	assert_int_equal(t->exit.nest.vect_error, 0x18);
}

/* An exit with nothing in delivery reports none. */
static void test_plain_exit_no_vectoring(void **state)
{
	struct kvm_nest_fixture *t = *state;

	enter_after_traced_out(t, 0);
	assert_int_equal(t->exit.nest.l2_reason, NESTED_EXIT_HLT);
	assert_int_equal(t->exit.nest.vect_info, 0);
}

/* L1's doorbell from ring 3 under TF: the #GP at the OUT, alone, and DR6
 * as it was. */
static void test_fault_l1_no_db_no_dr6(void **state)
{
	struct kvm_nest_fixture *t = *state;
	struct exit_record exit = { .rip = 0x2000 };

	t->f->l1.last_reason = KVM_EXIT_IO;
	t->f->k1->out_len = 1;
	t->f->k1->regs.rip = 0x2000;
	t->f->k1->regs.rflags = RFLAGS_TF | 2;
	assert_int_equal(kvm_nested_ops.fault_l1(&t->f->vm, &exit, GP_INFO, 0),
			 0);
	assert_int_equal(t->f->k1->regs.rip, 0x2000);
	assert_int_equal(t->f->k1->dbg.dr6, DR6_CLEAN);
	assert_true(t->f->k1->ex.injected);
	assert_false(t->f->k1->ex.pending);
	assert_int_equal(t->f->k1->ex.nr, 13);
	assert_true(t->f->k1->ex.has_error);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_entry_drops_held_db,
			kvm_nest_fixture_setup, kvm_nest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_entry_gives_l1_event_alone,
			kvm_nest_fixture_setup, kvm_nest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_entry_sets_blocking,
			kvm_nest_fixture_setup, kvm_nest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_cut_short_delivery_reported,
			kvm_nest_fixture_setup, kvm_nest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_plain_exit_no_vectoring,
			kvm_nest_fixture_setup, kvm_nest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_fault_l1_no_db_no_dr6,
			kvm_nest_fixture_setup, kvm_nest_fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
