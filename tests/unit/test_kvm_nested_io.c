/*
 * tests/unit/test_kvm_nested_io.c - an I/O exit of L2's on KVM as L1 sees
 * it (kvm/kvm_nested.c), against the fake KVM of
 * tests/unit/support/fake_kvm.h.
 *
 * KVM runs string I/O in its instruction emulator, which writes an OUTS
 * back before it exits to user space: RSI past the element, RCX one down
 * under REP.  VMX exits before the instruction runs (SDM Vol. 3C,
 * "Instructions That Cause VM Exits"), and L1 emulates the element
 * itself, so L0's copy of L2's registers - what a reflection writes into
 * L1's block - must be as they were before it: L1 used to find RSI and
 * RCX moved, and moved them again.  L2's vCPU keeps KVM's state, for L2
 * to go on from when L0's own device takes the port.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/regs.h"
#include "kvm/kvm_nested.h"
#include "tests/unit/support/kvm_nest_fixture.h"
#include "tests/unit/support/pt_builder.h"

#define TABLES 0x100000ULL   /* L2's page tables, also L1's nested table */
#define CODE   0x300000ULL   /* L2's code, identity-mapped by both */
#define DATA   0x380000ULL

/* L2 in long mode at CODE, every address identity-mapped by L2's tables
 * and by L1's nested table (one table serves as both). */
static int setup(void **state)
{
	struct kvm_nest_fixture *t;
	struct pt_builder pt;

	kvm_nest_fixture_setup(state);
	t = *state;
	pt_builder_init(&pt, &t->f->vm.mem, TABLES);
	pt_map(&pt, 0, 0, PT_PAGE_2M);
	pt_map(&pt, PT_PAGE_2M, PT_PAGE_2M, PT_PAGE_2M);
	t->f->n->shadow.nested_root = pt.cr3;
	t->f->k2->sregs.cr3 = pt.cr3;
	t->f->k2->sregs.cr0 = CR0_PE | CR0_PG;
	t->f->k2->sregs.cs.l = 1;
	return 0;
}

/* L2's code at CODE; KVM's next exit an OUT of one byte to COM1, with
 * L2's registers as KVM left them. */
static void run_out(struct kvm_nest_fixture *t, const uint8_t *code,
		    size_t len, const struct kvm_regs *after)
{
	struct kvm_run *run = t->f->k2->run;

	guest_mem_write(&t->f->vm.mem, CODE, code, len);
	t->f->k2->regs = *after;
	t->f->k2->exit_reason = KVM_EXIT_IO;
	run->io.direction = KVM_EXIT_IO_OUT;
	run->io.size = 1;
	run->io.port = 0x3f8;
	run->io.count = 1;
	run->io.data_offset = 0x800;
	kvm_nest_fixture_run(t);
	assert_int_equal(t->exit.nest.l2_reason, NESTED_EXIT_IO);
	assert_int_equal(t->exit.rip, CODE);
}

/* rep outsb, RCX 3 before it: KVM's emulator sent one byte, RSI one up,
 * RCX 2, RIP still at it. */
static void test_rep_outsb_unmoved(void **state)
{
	struct kvm_nest_fixture *t = *state;
	static const uint8_t code[] = { 0xf3, 0x6e };   /* rep outsb */
	const struct kvm_regs after = {
		.rip = CODE, .rsi = DATA + 1, .rcx = 2, .rflags = 2,
	};

	run_out(t, code, sizeof(code), &after);
	assert_int_equal(t->exit.nest.insn_len, 2);
	assert_int_equal(t->f->n->l2_regs.rip, CODE);
	assert_int_equal(t->f->n->l2_regs.rsi, DATA);
	assert_int_equal(t->f->n->l2_regs.rcx, 3);
	assert_int_equal(t->f->k2->regs.rsi, DATA + 1);   /* KVM's own */
	assert_int_equal(t->f->k2->regs.rcx, 2);
}

/* outsb with DF set, no REP: RSI one down and RIP past it after KVM's
 * write-back; RCX is no count. */
static void test_outsb_down_unmoved(void **state)
{
	struct kvm_nest_fixture *t = *state;
	static const uint8_t code[] = { 0x6e, 0xf4 };   /* outsb; hlt */
	const struct kvm_regs after = {
		.rip = CODE + 1, .rsi = DATA - 1, .rcx = 7,
		.rflags = 2 | RFLAGS_DF,
	};

	run_out(t, code, sizeof(code), &after);
	assert_int_equal(t->exit.nest.insn_len, 1);
	assert_int_equal(t->f->n->l2_regs.rip, CODE);
	assert_int_equal(t->f->n->l2_regs.rsi, DATA);
	assert_int_equal(t->f->n->l2_regs.rcx, 7);
}

/* rep outsb with a 0x67 prefix, ESI 0xffffffff and ECX 2 before it:
 * 32-bit addressing wraps ESI to 0, ECX 1. */
static void test_rep_outsb_addr32(void **state)
{
	struct kvm_nest_fixture *t = *state;
	static const uint8_t code[] = { 0x67, 0xf3, 0x6e };
	const struct kvm_regs after = {
		.rip = CODE, .rsi = 0, .rcx = 1, .rflags = 2,
	};

	run_out(t, code, sizeof(code), &after);
	assert_int_equal(t->exit.nest.insn_len, 3);
	assert_int_equal(t->f->n->l2_regs.rsi, 0xffffffffULL);
	assert_int_equal(t->f->n->l2_regs.rcx, 2);
}

/* The last element of a rep outsb: KVM's emulator took RCX to 0 and
 * wrote RIP back past the instruction.  The exit is the whole `f3 6e`
 * (it was shown at its second byte, as a plain outsb), and L1 sees RIP,
 * RSI and RCX as they were before the element. */
static void test_rep_outsb_last(void **state)
{
	struct kvm_nest_fixture *t = *state;
	static const uint8_t code[] = { 0xf3, 0x6e, 0xf4 }; /* rep outsb; hlt */
	const struct kvm_regs after = {
		.rip = CODE + 2, .rsi = DATA + 1, .rcx = 0, .rflags = 2,
	};

	run_out(t, code, sizeof(code), &after);
	assert_int_equal(t->exit.nest.insn_len, 2);
	assert_int_equal(t->exit.insn[0], 0xf3);   /* the bytes shown */
	assert_int_equal(t->exit.insn[1], 0x6e);
	assert_int_equal(t->f->n->l2_regs.rip, CODE);
	assert_int_equal(t->f->n->l2_regs.rsi, DATA);
	assert_int_equal(t->f->n->l2_regs.rcx, 1);
}

/* The same with 32-bit addressing: ECX is the count, RCX's upper half
 * is not. */
static void test_rep_outsb_last_addr32(void **state)
{
	struct kvm_nest_fixture *t = *state;
	static const uint8_t code[] = { 0x67, 0xf3, 0x6e, 0xf4 };
	const struct kvm_regs after = {
		.rip = CODE + 3, .rsi = DATA + 1, .rcx = 0x500000000ULL,
		.rflags = 2,
	};

	run_out(t, code, sizeof(code), &after);
	assert_int_equal(t->exit.nest.insn_len, 3);
	assert_int_equal(t->f->n->l2_regs.rip, CODE);
}

/* An OUT moves no register: L0's copy is KVM's. */
static void test_out_untouched(void **state)
{
	struct kvm_nest_fixture *t = *state;
	static const uint8_t code[] = { 0xee };   /* out dx, al */
	const struct kvm_regs after = {
		.rip = CODE, .rsi = DATA, .rcx = 3, .rdx = 0x3f8, .rflags = 2,
	};

	run_out(t, code, sizeof(code), &after);
	assert_int_equal(t->f->n->l2_regs.rsi, DATA);
	assert_int_equal(t->f->n->l2_regs.rcx, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rep_outsb_unmoved, setup,
			kvm_nest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_outsb_down_unmoved, setup,
			kvm_nest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rep_outsb_addr32, setup,
			kvm_nest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_out_untouched, setup,
			kvm_nest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rep_outsb_last, setup,
			kvm_nest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rep_outsb_last_addr32,
			setup, kvm_nest_fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
