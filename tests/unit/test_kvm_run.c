/*
 * tests/unit/test_kvm_run.c - the exit record one KVM_RUN of the guest's
 * vCPU makes (kvm/kvm_run.c), against the fake KVM of
 * tests/unit/support/fake_kvm.h.
 *
 * A guest that sends itself INIT through the in-kernel LAPIC's ICR is
 * reset by KVM inside the kernel, to real mode at the reset vector, with
 * no exit that says so; its first fetch there, from memory vmscope does
 * not have, ends in KVM_EXIT_INTERNAL_ERROR.  The run ended with "could
 * not execute the guest's instruction (suberror 1)", which named nothing
 * of what happened; the record now says it.
 *
 * The last element of a `rep outsb` exits with RIP past the instruction
 * (KVM's emulator writes RIP back once RCX is 0): the record gives the
 * instruction's address, its REP prefix included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/regs.h"
#include "tests/unit/support/fake_kvm.h"
#include "tests/unit/support/pt_builder.h"

#define CR0_AFTER_INIT 0x60000010ULL   /* CD, NW, ET: the SDM's reset value */
#define TABLES 0x100000ULL   /* page tables identity-mapping 0..4 MiB */
#define CODE   0x300000ULL

static int setup(void **state)
{
	*state = fake_kvm_nest_new();
	return 0;
}

static int teardown(void **state)
{
	fake_kvm_nest_free(*state);
	return 0;
}

static void run_internal_error(struct fake_kvm_nest *t, uint64_t cr0,
			       struct exit_record *exit)
{
	memset(exit, 0, sizeof(*exit));
	t->k1->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	t->k1->run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
	t->k1->sregs.cr0 = cr0;
	t->l1.irqchip = true;
	assert_int_equal(kvm_run_vcpu(&t->vm, exit), 0);
	assert_int_equal(exit->reason, EXIT_INTERNAL_ERROR);
}

static void test_self_init_named(void **state)
{
	struct exit_record exit;

	run_internal_error(*state, CR0_AFTER_INIT, &exit);
	assert_string_equal(exit.u.internal.why,
			    "the guest sent itself INIT: KVM reset the vCPU "
			    "to real mode");
}

/* In the mode vmscope runs the guest in, an emulation failure is KVM's
 * own words (suberror), as before. */
static void test_long_mode_failure_unnamed(void **state)
{
	struct exit_record exit;

	run_internal_error(*state, CR0_PE | CR0_PG, &exit);
	assert_string_equal(exit.u.internal.why, "");
}

/* Long mode at CODE (identity-mapped); KVM's next exit a one-byte OUT to
 * port 0x80 with the registers regs. */
static void run_out(struct fake_kvm_nest *t, const uint8_t *code, size_t len,
		    const struct kvm_regs *regs, struct exit_record *exit)
{
	struct kvm_run *run = t->k1->run;
	struct pt_builder pt;

	pt_builder_init(&pt, &t->vm.mem, TABLES);
	pt_map(&pt, 0, 0, PT_PAGE_2M);
	pt_map(&pt, PT_PAGE_2M, PT_PAGE_2M, PT_PAGE_2M);
	t->k1->sregs.cr3 = pt.cr3;
	t->k1->sregs.cr0 = CR0_PE | CR0_PG;
	t->k1->sregs.cs.l = 1;
	guest_mem_write(&t->vm.mem, CODE, code, len);
	t->k1->regs = *regs;
	t->k1->exit_reason = KVM_EXIT_IO;
	run->io.direction = KVM_EXIT_IO_OUT;
	run->io.size = 1;
	run->io.port = 0x80;
	run->io.count = 1;
	run->io.data_offset = 0x800;
	memset(exit, 0, sizeof(*exit));
	assert_int_equal(kvm_run_vcpu(&t->vm, exit), 0);
	assert_int_equal(exit->reason, EXIT_IO);
}

/* nop; rep outsb; hlt - the last element: RCX 0, RIP at the HLT.  It was
 * shown one byte into the instruction, as a plain outsb. */
static void test_rep_outsb_last_element(void **state)
{
	static const uint8_t code[] = { 0x90, 0xf3, 0x6e, 0xf4 };
	const struct kvm_regs regs = { .rip = CODE + 3, .rcx = 0, .rflags = 2 };
	struct exit_record exit;

	run_out(*state, code, sizeof(code), &regs, &exit);
	assert_int_equal(exit.rip, CODE + 1);
	assert_int_equal(exit.insn[0], 0xf3);
	assert_int_equal(exit.insn[1], 0x6e);
}

/* An element before the last: RIP still at the instruction. */
static void test_rep_outsb_element(void **state)
{
	static const uint8_t code[] = { 0x90, 0xf3, 0x6e, 0xf4 };
	const struct kvm_regs regs = { .rip = CODE + 1, .rcx = 2, .rflags = 2 };
	struct exit_record exit;

	run_out(*state, code, sizeof(code), &regs, &exit);
	assert_int_equal(exit.rip, CODE + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_self_init_named, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_long_mode_failure_unnamed,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_rep_outsb_last_element,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_rep_outsb_element, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
