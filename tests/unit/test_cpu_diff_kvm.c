/*
 * tests/unit/test_cpu_diff_kvm.c - the software CPU against hardware KVM,
 * one instruction at a time, in ring 0 (issue 3's second differential
 * variant; the first, tests/unit/test_cpu_diff.c, uses the host CPU in
 * ring 3).
 *
 * The same random sequences (tests/unit/support/insn_gen.h) run at CPL 0
 * in two guests built from the same boot state: one on KVM with
 * single-stepping on, one on the software CPU stepping too.  After every
 * instruction the sixteen registers, RIP and the compared RFLAGS bits must
 * agree; when both reach the closing HLT, the data area too.
 *
 * Only where `vmscope doctor` finds hardware KVM (VMX or SVM) that
 * single-steps ring 0.  On PVM, ring-0 code runs through KVM's own
 * instruction emulator, so no silicon would be compared: the test skips
 * and prints why, true of the host (no /dev/kvm, PVM, or the capability
 * missing: tests/unit/support/kvm_skip.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/boot.h"
#include "core/vm.h"
#include "cpu/softcpu.h"
#include "kvm/kvm.h"
#include "tests/unit/support/cpu_diff.h"
#include "tests/unit/support/kvm_skip.h"

#define SEED 0x5eedc0de0001ULL
#define SEQUENCES 2000
#define HLT 0xf4
#define STEP_LIMIT 200     /* more steps than any sequence has */
#define REP_ITERATIONS_MAX 100000 /* a REP count the generator never makes */

struct guests {
	struct vm kvm;           /* only mem, backend and its state */
	struct guest_mem soft_mem;
	struct softcpu *soft;
	struct vcpu_sregs sregs;
	uint64_t steps, mismatches;
};

static int guests_init(struct guests *g)
{
	struct vcpu_regs regs;
	int err;

	memset(g, 0, sizeof(*g));
	err = guest_mem_init(&g->kvm.mem, CPU_DIFF_GUEST_RAM);
	if (!err)
		err = guest_mem_init(&g->soft_mem, CPU_DIFF_GUEST_RAM);
	if (!err)
		err = boot_build(&g->kvm.mem, NATIVE_CODE_BASE, 0, &regs,
				 &g->sregs);
	if (!err)
		err = boot_build(&g->soft_mem, NATIVE_CODE_BASE, 0, &regs,
				 &g->sregs);
	if (!err)
		err = softcpu_create(&g->soft, &g->soft_mem);
	g->kvm.backend = &kvm_backend_ops;
	if (!err)
		err = kvm_backend_ops.create(&g->kvm);
	if (!err)
		err = kvm_backend_ops.set_single_step(&g->kvm, true);
	softcpu_set_single_step(g->soft, true);
	return err;
}

static void guests_fini(struct guests *g)
{
	if (g->kvm.backend_state)
		kvm_backend_ops.destroy(&g->kvm);
	softcpu_destroy(g->soft);
	guest_mem_destroy(&g->soft_mem);
	guest_mem_destroy(&g->kvm.mem);
}

static void load_mem(struct guest_mem *mem, const struct insn_gen_seq *seq,
		     const uint8_t *data)
{
	static const uint8_t hlt = HLT;

	assert_int_equal(guest_mem_write(mem, NATIVE_CODE_BASE, seq->code,
					 seq->len), 0);
	assert_int_equal(guest_mem_write(mem, NATIVE_CODE_BASE + seq->len,
					 &hlt, 1), 0);
	assert_int_equal(guest_mem_write(mem, NATIVE_DATA_BASE, data,
					 NATIVE_DATA_SIZE), 0);
}

static bool regs_agree(const struct vcpu_regs *k, const struct vcpu_regs *s)
{
	struct vcpu_regs a = *k, b = *s;

	a.rflags &= CPU_DIFF_RFLAGS;
	b.rflags &= CPU_DIFF_RFLAGS;
	return memcmp(&a, &b, sizeof(a)) == 0;
}

/* The registers that differ, in struct vcpu_regs order. */
static void report(const struct guests *g, uint64_t seq_no, unsigned step,
		   const struct exit_record *ke, const struct exit_record *se,
		   const struct vcpu_regs *k, const struct vcpu_regs *s)
{
	static const char *const names[18] = {
		"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp", "r8",
		"r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip", "rflags",
	};
	uint64_t kv[18], sv[18];

	if (g->mismatches > CPU_DIFF_REPORTS)
		return;
	memcpy(kv, k, sizeof(kv));
	memcpy(sv, s, sizeof(sv));
	kv[17] &= CPU_DIFF_RFLAGS;
	sv[17] &= CPU_DIFF_RFLAGS;
	printf("mismatch: sequence %llu, after step %u:",
	       (unsigned long long)seq_no, step);
	if (ke->reason != se->reason)
		printf(" exit kvm %u soft %u", ke->reason, se->reason);
	for (int i = 0; i < 18; i++)
		if (kv[i] != sv[i])
			printf(" %s kvm %#llx soft %#llx", names[i],
			       (unsigned long long)kv[i],
			       (unsigned long long)sv[i]);
	printf("\n");
}

/*
 * One whole instruction on KVM.  The single-step trap comes after each
 * iteration of a REP string instruction (SDM Vol. 3A, 18.3.1.4), RIP
 * staying on it, while the software CPU steps the whole instruction: so
 * step KVM until RIP moves.  *regs holds the registers before, then
 * after.  Nonzero when KVM stopped for anything but the trap.
 */
static int kvm_step_insn(struct guests *g, struct exit_record *ke,
			 struct vcpu_regs *regs)
{
	uint64_t rip = regs->rip;

	for (unsigned i = 0; i < REP_ITERATIONS_MAX; i++) {
		assert_int_equal(kvm_backend_ops.run(&g->kvm, ke), 0);
		kvm_backend_ops.get_regs(&g->kvm, regs);
		if (ke->reason != EXIT_DEBUG || regs->rip != rip)
			return 0;
	}
	return -1;
}

/* Step both until RIP reaches the closing HLT at end (the HLT itself is
 * not stepped: how a single-step over HLT is reported is the host's
 * business, not the instruction's); false at the first disagreement. */
static bool step_both(struct guests *g, uint64_t seq_no, uint64_t end)
{
	struct exit_record ke = { 0 }, se = { 0 };
	struct vcpu_regs kr, sr;

	kvm_backend_ops.get_regs(&g->kvm, &kr);
	for (unsigned step = 0; step < STEP_LIMIT; step++) {
		if (kvm_step_insn(g, &ke, &kr))
			return false;
		assert_int_equal(softcpu_run(g->soft, &se, 0), 0);
		softcpu_get_regs(g->soft, &sr);
		g->steps++;
		if (ke.reason != se.reason || !regs_agree(&kr, &sr)) {
			report(g, seq_no, step, &ke, &se, &kr, &sr);
			return false;
		}
		if (ke.reason != EXIT_DEBUG || kr.rip == end)
			return kr.rip == end;
	}
	return false;
}

static bool data_agree(const struct guests *g)
{
	const void *k = guest_mem_ptr(&g->kvm.mem, NATIVE_DATA_BASE,
				      NATIVE_DATA_SIZE);
	const void *s = guest_mem_ptr(&g->soft_mem, NATIVE_DATA_BASE,
				      NATIVE_DATA_SIZE);

	return memcmp(k, s, NATIVE_DATA_SIZE) == 0;
}

static void run_sequence(struct guests *g, struct insn_gen *gen,
			 uint64_t seq_no)
{
	static struct insn_gen_seq seq;
	static uint8_t data[NATIVE_DATA_SIZE];
	struct native_state in;
	struct vcpu_regs regs;

	insn_gen_sequence(gen, 1 + (unsigned)insn_gen_below(
				       gen, CPU_DIFF_MAX_INSNS), &seq);
	insn_gen_inputs(gen, &in, data, sizeof(data));
	load_mem(&g->kvm.mem, &seq, data);
	load_mem(&g->soft_mem, &seq, data);
	cpu_diff_start_regs(&in, &regs);
	assert_int_equal(kvm_backend_ops.set_sregs(&g->kvm, &g->sregs), 0);
	assert_int_equal(kvm_backend_ops.set_regs(&g->kvm, &regs), 0);
	assert_int_equal(softcpu_set_sregs(g->soft, &g->sregs), 0);
	assert_int_equal(softcpu_set_regs(g->soft, &regs), 0);
	if (!step_both(g, seq_no, NATIVE_CODE_BASE + seq.len) ||
	    !data_agree(g))
		g->mismatches++;
}

static void test_ring0_steps_agree_with_kvm(void **state)
{
	struct guests g;
	struct insn_gen gen;

	(void)state;
	assert_int_equal(guests_init(&g), 0);
	insn_gen_init(&gen, SEED);
	for (uint64_t i = 0; i < SEQUENCES; i++)
		run_sequence(&g, &gen, i);
	printf("cpu_diff_kvm: seed %#llx, %d sequences, %llu steps, %llu "
	       "mismatches\n", (unsigned long long)SEED, SEQUENCES,
	       (unsigned long long)g.steps,
	       (unsigned long long)g.mismatches);
	guests_fini(&g);
	assert_int_equal(g.mismatches, 0);
}

/* Exit status 77: skipped (tests/run-all.sh counts it so). */
#define EXIT_SKIP 77

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ring0_steps_agree_with_kvm),
	};
	char why[256];

	if (kvm_skip_hardware("single_step_ring0", why, sizeof(why))) {
		printf("SKIP: %s\n", why);
		return EXIT_SKIP;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
