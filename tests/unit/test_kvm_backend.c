/*
 * tests/unit/test_kvm_backend.c - the KVM backend on this host's /dev/kvm.
 *
 * Each test boots the built-in probe_ring3 guest (guest/probes/) through
 * vm_create() and checks one thing the backend promises: the exit record
 * (reason, payload, the RIP of the exiting instruction whatever RIP KVM
 * reports, CPL), registers through sync regs, kicking, single-stepping,
 * hardware breakpoints, KVM's counters.  Skipped where /dev/kvm does not
 * open.  The guest's reports are OUTs to PORT_PROBE, so "the next report"
 * pins down exactly where the guest is.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/guests.h"
#include "core/vm.h"
#include "guest/abi/machine.h"
#include "guest/probes/probe_abi.h"
#include "kvm/kvm.h"
#include "kvm/kvm_insn.h"

struct fixture {
	struct vm vm;
	struct exit_record exit;
};

static void discard(void *opaque, uint8_t byte)
{
	(void)opaque;
	(void)byte;
}

static int boot(void **state, const char *guest_name)
{
	const struct builtin_guest *g = guests_find(guest_name);
	struct vm_config cfg = {
		.backend = &kvm_backend_ops,
		.serial = { .write = discard },
	};
	struct fixture *f;
	char why[160];

	*state = NULL;
	if (!kvm_backend_available(why, sizeof(why))) {
		print_message("skip: %s\n", why);   /* each test skips */
		return 0;
	}
	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	assert_non_null(g);
	cfg.image = g->image;
	cfg.image_size = (size_t)(g->image_end - g->image);
	assert_int_equal(vm_create(&f->vm, &cfg, why, sizeof(why)), 0);
	*state = f;
	return 0;
}

static int setup_ring3(void **state)
{
	return boot(state, "probe_ring3");
}

static int setup_exits(void **state)
{
	return boot(state, "exits");
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (f) {
		vm_destroy(&f->vm);
		free(f);
	}
	return 0;
}

static struct fixture *fixture_or_skip(void **state)
{
	if (!*state)
		skip();
	return *state;
}

static void next_exit(struct fixture *f)
{
	assert_int_equal(vm_run_exit(&f->vm, &f->exit), 0);
}

/* Run to the next exit and require it to be report `event`; its arg. */
static uint32_t expect_report(struct fixture *f, uint32_t event)
{
	const struct exit_io *io = &f->exit.u.io;
	uint32_t word;

	next_exit(f);
	assert_int_equal(f->exit.reason, EXIT_IO);
	assert_int_equal(io->port, PORT_PROBE);
	assert_int_equal(io->direction, IO_OUT);
	assert_int_equal(io->size, 4);
	word = (uint32_t)exit_io_value(io, 0);
	assert_int_equal(word >> PROBE_EV_SHIFT, event);
	return word & PROBE_ARG_MASK;
}

static uint64_t symbol(struct fixture *f, const char *name)
{
	const struct symbol *s = symtab_find(&f->vm.syms, name);

	assert_non_null(s);
	return s->addr;
}

/*
 * The exit names the instruction that exited: its bytes decode to an OUT,
 * and KVM's own RIP is either at it (hardware fast path) or right after it
 * (emulated: PVM).
 */
static void assert_rip_at_out(struct fixture *f)
{
	struct vcpu_regs regs;
	struct x86_insn insn;
	unsigned len = x86_insn_decode(f->exit.insn, f->exit.insn_len, &insn);

	assert_int_equal(f->exit.insn_len, EXIT_INSN_MAX);
	assert_int_equal(insn.map, 0);
	assert_int_equal(insn.opcode, 0xef);          /* out %eax,(%dx) */
	assert_int_equal(f->vm.backend->get_regs(&f->vm, &regs), 0);
	assert_true(regs.rip == f->exit.rip || regs.rip == f->exit.rip + len);
}

static void test_first_exit(void **state)
{
	struct fixture *f = fixture_or_skip(state);
	uint64_t start = symbol(f, "_start");

	assert_int_equal(expect_report(f, PROBE_EV_START), 0);
	assert_int_equal(f->exit.cpl, 0);
	assert_int_equal(f->exit.u.io.count, 1);
	assert_true(f->exit.rip > start && f->exit.rip < symbol(f, "probe_bp_kernel"));
	assert_rip_at_out(f);
	assert_true(f->exit.t_ns > 0);
	assert_int_equal(f->exit.seq, 1);
	assert_false(f->exit.hw_reason_known);
}

static void test_ring3_exit(void **state)
{
	struct fixture *f = fixture_or_skip(state);

	expect_report(f, PROBE_EV_START);
	expect_report(f, PROBE_EV_BP_PASSED);
	expect_report(f, PROBE_EV_SS_BEGIN);
	expect_report(f, PROBE_EV_SS_END);
	assert_int_equal(expect_report(f, PROBE_EV_RING3), 3);
	assert_int_equal(f->exit.cpl, 3);
	assert_true(f->exit.rip >= symbol(f, "user_main") &&
		    f->exit.rip < symbol(f, "probe_bp_user"));
	assert_rip_at_out(f);
}

/* Registers written between exits reach the guest and come back. */
static void test_regs_round_trip(void **state)
{
	struct fixture *f = fixture_or_skip(state);
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;

	expect_report(f, PROBE_EV_START);
	assert_int_equal(f->vm.backend->get_regs(&f->vm, &regs), 0);
	regs.rbx = 0x1122334455667788ULL;         /* the probe leaves rbx */
	regs.r15 = 42;
	assert_int_equal(f->vm.backend->set_regs(&f->vm, &regs), 0);
	memset(&regs, 0, sizeof(regs));
	assert_int_equal(f->vm.backend->get_regs(&f->vm, &regs), 0);
	assert_int_equal(regs.rbx, 0x1122334455667788ULL);
	expect_report(f, PROBE_EV_BP_PASSED);
	assert_int_equal(f->vm.backend->get_regs(&f->vm, &regs), 0);
	assert_int_equal(regs.rbx, 0x1122334455667788ULL);
	assert_int_equal(regs.r15, 42);
	assert_int_equal(f->vm.backend->get_sregs(&f->vm, &sregs), 0);
	assert_int_equal(sregs.cs.selector, SEL_KERNEL_CODE);
	assert_int_equal(sregs.tr.selector, SEL_TSS);   /* the probe's own */
	assert_true(sregs.efer & EFER_LMA);
}

/* A kick before KVM_RUN: EXIT_INTR at once, and nothing is lost. */
static void test_kick(void **state)
{
	struct fixture *f = fixture_or_skip(state);

	expect_report(f, PROBE_EV_START);
	f->vm.backend->kick(&f->vm);
	next_exit(f);
	assert_int_equal(f->exit.reason, EXIT_INTR);
	assert_int_equal(f->vm.state, VM_RUNNING);
	expect_report(f, PROBE_EV_BP_PASSED);
}

static void test_stop_request(void **state)
{
	struct fixture *f = fixture_or_skip(state);

	vm_request_stop(&f->vm);
	next_exit(f);
	assert_int_equal(f->vm.state, VM_STOPPED);
	assert_int_equal(vm_run_exit(&f->vm, &f->exit), -EINVAL);
}

/* Single-step in ring 0 works on every KVM flavour (the probe says so). */
static void test_single_step_ring0(void **state)
{
	struct fixture *f = fixture_or_skip(state);
	uint64_t bp = symbol(f, "probe_bp_kernel");

	expect_report(f, PROBE_EV_START);
	assert_int_equal(f->vm.backend->set_single_step(&f->vm, true), 0);
	next_exit(f);
	assert_int_equal(f->exit.reason, EXIT_DEBUG);
	assert_int_equal(f->exit.cpl, 0);
	assert_true(f->exit.rip == bp || f->exit.rip == bp + 1);
	next_exit(f);
	assert_int_equal(f->exit.reason, EXIT_DEBUG);
	assert_int_equal(f->vm.backend->set_single_step(&f->vm, false), 0);
	expect_report(f, PROBE_EV_BP_PASSED);
}

/* A ring-0 instruction breakpoint stops before the instruction runs. */
static void test_hw_breakpoint_ring0(void **state)
{
	struct fixture *f = fixture_or_skip(state);
	uint64_t bp = symbol(f, "probe_bp_kernel");

	assert_int_equal(kvm_set_hw_breakpoints(&f->vm, &bp, 1), 0);
	expect_report(f, PROBE_EV_START);
	next_exit(f);
	assert_int_equal(f->exit.reason, EXIT_DEBUG);
	assert_int_equal(f->exit.rip, bp);
	assert_int_equal(f->exit.u.debug.pc, bp);
	assert_int_equal(kvm_set_hw_breakpoints(&f->vm, NULL, 0), 0);
	expect_report(f, PROBE_EV_BP_PASSED);
}

static void test_hw_breakpoint_limits(void **state)
{
	struct fixture *f = fixture_or_skip(state);
	uint64_t addrs[KVM_HW_BREAKPOINTS + 1] = { 0 };

	assert_int_equal(kvm_set_hw_breakpoints(&f->vm, addrs,
						KVM_HW_BREAKPOINTS + 1),
			 -E2BIG);
}

static void test_vcpu_stats(void **state)
{
	struct fixture *f = fixture_or_skip(state);
	struct kvm_stats *stats = malloc(sizeof(*stats));
	struct backend_counter counters[8];
	const struct kvm_stat *exits;

	expect_report(f, PROBE_EV_START);
	expect_report(f, PROBE_EV_BP_PASSED);
	assert_int_equal(kvm_vcpu_stats(&f->vm, stats), 0);
	exits = kvm_stats_find(stats, "exits");
	assert_non_null(exits);
	assert_true(exits->value >= 2);
	assert_int_equal(f->vm.backend->read_counters(&f->vm, counters, 8), 8);
	free(stats);
}

/* Run the `exits` guest to its MMIO write. */
static void run_to_mmio_write(struct fixture *f)
{
	do
		next_exit(f);
	while (f->vm.state == VM_RUNNING &&
	       !(f->exit.reason == EXIT_MMIO && f->exit.u.mmio.is_write));
	assert_int_equal(f->exit.reason, EXIT_MMIO);
}

/* KVM reports the RIP after an MMIO store; the record names the store. */
static void test_mmio_write_rip(void **state)
{
	struct fixture *f = fixture_or_skip(state);
	struct vcpu_regs regs;
	struct x86_insn insn;
	unsigned len;

	run_to_mmio_write(f);
	assert_int_equal(f->exit.u.mmio.gpa, MMIO_WINDOW);
	len = x86_insn_decode(f->exit.insn, f->exit.insn_len, &insn);
	assert_true(len > 0);
	assert_int_equal(insn.mem, X86_INSN_MEM_MODRM);
	assert_int_equal(f->vm.backend->get_regs(&f->vm, &regs), 0);
	assert_int_equal(f->exit.rip + len, regs.rip);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_exit, setup_ring3,
						teardown),
		cmocka_unit_test_setup_teardown(test_ring3_exit, setup_ring3,
						teardown),
		cmocka_unit_test_setup_teardown(test_regs_round_trip,
						setup_ring3, teardown),
		cmocka_unit_test_setup_teardown(test_kick, setup_ring3,
						teardown),
		cmocka_unit_test_setup_teardown(test_stop_request, setup_ring3,
						teardown),
		cmocka_unit_test_setup_teardown(test_single_step_ring0,
						setup_ring3, teardown),
		cmocka_unit_test_setup_teardown(test_hw_breakpoint_ring0,
						setup_ring3, teardown),
		cmocka_unit_test_setup_teardown(test_hw_breakpoint_limits,
						setup_ring3, teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_stats, setup_ring3,
						teardown),
		cmocka_unit_test_setup_teardown(test_mmio_write_rip,
						setup_exits, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
