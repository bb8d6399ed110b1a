/*
 * tests/unit/test_vm_clock.c - the instruction clock of --clock insn
 * (core/vm_clock.c) and the software CPU's use of it: the rule (one
 * instruction, VM_CLOCK_NS_PER_INSN; plus the time HLTs skipped), the
 * budget up to a deadline (rounded up, at least 1, none without one), a
 * HLT's jump to the deadline (never back in time), the arithmetic modulo
 * 2^64, and the TSC read at an RDTSC's exact place inside a block and
 * wrapping past 2^64.  Programs are raw bytes with their assembly in a
 * comment; exact values asserted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/vm_clock.h"
#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

static struct vm_clock insn_clock(void)
{
	struct vm_clock c;

	vm_clock_init(&c, VM_CLOCK_INSN);
	return c;
}

/* Time is work times the constant, plus what HLTs skipped; it starts at
 * 0 with no deadline. */
static void test_ns_per_insn(void **state)
{
	struct vm_clock c = insn_clock();

	(void)state;
	assert_int_equal(VM_CLOCK_NS_PER_INSN, 1);
	assert_int_equal(c.due_ns, UINT64_MAX);
	assert_int_equal(vm_clock_at(&c, 0), 0);
	assert_int_equal(vm_clock_at(&c, 1), VM_CLOCK_NS_PER_INSN);
	assert_int_equal(vm_clock_at(&c, 1000000), 1000000 * VM_CLOCK_NS_PER_INSN);
	c.skipped_ns = 54925402;
	assert_int_equal(vm_clock_at(&c, 150), 150 * VM_CLOCK_NS_PER_INSN +
						54925402);
}

/* The budget: exactly the work to the deadline, at least 1 when it is
 * due already, 0 (no budget) without one. */
static void test_work_until_due(void **state)
{
	struct vm_clock c = insn_clock();

	(void)state;
	assert_int_equal(vm_clock_work_until_due(&c, 123), 0);
	c.due_ns = 99734;
	assert_int_equal(vm_clock_work_until_due(&c, 0), 99734);
	assert_int_equal(vm_clock_work_until_due(&c, 99733), 1);
	assert_int_equal(vm_clock_work_until_due(&c, 99734), 1);
	assert_int_equal(vm_clock_work_until_due(&c, 200000), 1);
	c.skipped_ns = 99000;
	assert_int_equal(vm_clock_work_until_due(&c, 34), 700);
}

/* A HLT jumps to the deadline: afterwards now == due; a deadline passed
 * already leaves time alone; no deadline is the host's wait. */
static void test_hlt_jumps_to_due(void **state)
{
	struct vm_clock c = insn_clock();

	(void)state;
	assert_false(vm_clock_jump_to_due(&c, 500));
	assert_int_equal(c.skipped_ns, 0);
	c.due_ns = 54925402;
	assert_true(vm_clock_jump_to_due(&c, 150));
	assert_int_equal(vm_clock_at(&c, 150), 54925402);
	assert_int_equal(c.skipped_ns, 54925402 - 150);
	/* the CPU ran past it meanwhile: never back */
	assert_true(vm_clock_jump_to_due(&c, 400));
	assert_int_equal(vm_clock_at(&c, 400), 54925402 - 150 + 400);
}

/* Modulo 2^64: the sum wraps, and a budget up to a deadline is still the
 * distance - on the same side of the wrap as now, or across it. */
static void test_wrap(void **state)
{
	struct vm_clock c = insn_clock();

	(void)state;
	c.skipped_ns = UINT64_MAX - 9;
	assert_int_equal(vm_clock_at(&c, 9), UINT64_MAX);
	assert_int_equal(vm_clock_at(&c, 12), 2);
	c.due_ns = UINT64_MAX - 1;
	assert_int_equal(vm_clock_work_until_due(&c, 0), 8);
	/* now 2^64 - 10, the deadline 5 past the wrap: 15 ahead, and a HLT
	 * jumps there (the plain compare took it for "due already": a
	 * budget of 1, and no jump) */
	c.due_ns = 5;
	assert_int_equal(vm_clock_work_until_due(&c, 0), 15);
	assert_true(vm_clock_jump_to_due(&c, 0));
	assert_int_equal(vm_clock_at(&c, 0), 5);
	/* now 8, past the wrap, the deadline 2^64 - 2 ten behind it: due
	 * already, and time never goes back to it */
	c.due_ns = UINT64_MAX - 1;
	assert_int_equal(vm_clock_work_until_due(&c, 3), 1);
	assert_true(vm_clock_jump_to_due(&c, 3));
	assert_int_equal(vm_clock_at(&c, 3), 8);
}

/* A front end's bound is a deadline as a device's is: the nearer of the
 * two ends the run and is where a HLT jumps; either alone is the one. */
static void test_bound_is_a_deadline(void **state)
{
	struct vm_clock c = insn_clock();

	(void)state;
	c.bound_ns = 500;
	assert_int_equal(vm_clock_work_until_due(&c, 100), 400);
	c.due_ns = 300;
	assert_int_equal(vm_clock_work_until_due(&c, 100), 200);
	c.due_ns = 900;
	assert_true(vm_clock_jump_to_due(&c, 100));
	assert_int_equal(vm_clock_at(&c, 100), 500);
	c.bound_ns = UINT64_MAX;
	assert_int_equal(vm_clock_work_until_due(&c, 100), 400);
}

/* softcpu_run() with the budget up to a deadline stops exactly there:
 * the CPU's work is the deadline's, in a loop that never exits. */
static void test_budget_ends_at_due(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xff, 0xc0,                     /* 00: inc eax */
		0xeb, 0xfc,                     /* 02: jmp 00 */
	};
	struct vm_clock c = insn_clock();

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	c.due_ns = 99734;
	assert_int_equal(softcpu_run(f->cpu, &f->exit,
			 vm_clock_work_until_due(&c, softcpu_work(f->cpu))), 0);
	assert_int_equal(f->exit.reason, EXIT_INTR);
	assert_int_equal(vm_clock_at(&c, softcpu_work(f->cpu)), 99734);
	softcpu_get_regs(f->cpu, &f->regs);
	assert_int_equal(f->regs.rax, 99734 / 2);
}

/*
 * The TSC with the clock: WRMSR sets it to 2^64 - 2 after 4 instructions
 * of work (it reads 2^64 - 2 there, before the WRMSR retires); the RDTSC
 * three NOPs later, in the same block, reads 4 more: 2, past the wrap.
 * Between two runs a HLT's skip moves it on by exactly that much.
 */
static void test_tsc_exact_and_wrapping(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb9, 0x10, 0x00, 0x00, 0x00,   /* mov ecx, 0x10 (IA32_TSC) */
		0xb8, 0xfe, 0xff, 0xff, 0xff,   /* mov eax, 0xfffffffe */
		0xba, 0xff, 0xff, 0xff, 0xff,   /* mov edx, 0xffffffff */
		0x90,                           /* nop */
		0x0f, 0x30,                     /* wrmsr */
		0x90, 0x90, 0x90,               /* nop; nop; nop */
		0x0f, 0x31,                     /* rdtsc */
		0xf4,                           /* hlt */
		0x0f, 0x31,                     /* rdtsc */
		0xf4,                           /* hlt */
	};
	struct vm_clock c = insn_clock();

	softcpu_set_clock(f->cpu, &c);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rdx, 0);
	assert_int_equal(f->regs.rax, 2);
	assert_int_equal(softcpu_work(f->cpu), 10);   /* the HLT retired */
	c.skipped_ns += 1000;
	scpu_run(f, EXIT_HLT);
	/* 2 at the first RDTSC's place (work 8); the second's is work 10 */
	assert_int_equal(f->regs.rax, 2 + 2 + 1000);
	assert_int_equal(f->regs.rdx, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ns_per_insn),
		cmocka_unit_test(test_work_until_due),
		cmocka_unit_test(test_hlt_jumps_to_due),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_bound_is_a_deadline),
		cmocka_unit_test_setup_teardown(test_budget_ends_at_due,
						scpu_setup, scpu_teardown),
		cmocka_unit_test_setup_teardown(test_tsc_exact_and_wrapping,
						scpu_setup, scpu_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
