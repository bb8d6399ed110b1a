/*
 * tests/unit/test_softcpu_blocks.c - the software CPU's decoded-instruction
 * cache (cpu/icache.c): blocks of decoded instructions must never run
 * stale or cut short.  Code rewritten by the VMM (softcpu_invalidate_code)
 * or by the guest inside the block being run, an instruction budget or a
 * breakpoint that ends in the middle of a block, an instruction that
 * crosses a page, and the single-step trap after POPF sets TF.  Programs
 * are raw bytes with their assembly in a comment; exact values asserted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

static void restart_at(struct scpu_fixture *f, uint64_t rip)
{
	f->regs.rip = rip;
	assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
}

/* The VMM rewrites an instruction the CPU has already decoded, then says
 * so: the next run executes the new bytes. */
static void test_vmm_rewrite_is_seen(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb8, 0x01, 0x00, 0x00, 0x00,   /* mov eax, 1 */
		0xf4,                           /* hlt */
	};
	static const uint8_t two[] = { 0x02 };   /* mov eax, 2 */

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 1);
	scpu_load(f, SCPU_CODE + 1, two, sizeof(two));
	softcpu_invalidate_code(f->cpu, SCPU_CODE + 1, 1);
	restart_at(f, SCPU_CODE);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 2);
}

/* A range that spans two code pages drops the blocks of both. */
static void test_vmm_rewrite_two_pages(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t first[] = {
		0xb8, 0x01, 0x00, 0x00, 0x00,   /* mov eax, 1 */
		0xe9, 0xf6, 0x0f, 0x00, 0x00,   /* jmp +0xff6 (to page 2) */
	};
	static const uint8_t second[] = {
		0xbb, 0x03, 0x00, 0x00, 0x00,   /* mov ebx, 3 */
		0xf4,                           /* hlt */
	};
	static const uint8_t patch[] = { 0x05, 0x06 };

	scpu_load(f, SCPU_CODE, first, sizeof(first));
	scpu_load(f, SCPU_CODE + 0x1000, second, sizeof(second));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rbx, 3);
	/* mov eax, 5 on page 1; mov ebx, 6 on page 2 */
	scpu_load(f, SCPU_CODE + 1, &patch[0], 1);
	scpu_load(f, SCPU_CODE + 0x1001, &patch[1], 1);
	softcpu_invalidate_code(f->cpu, SCPU_CODE + 1, 0x1001);
	restart_at(f, SCPU_CODE);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 5);
	assert_int_equal(f->regs.rbx, 6);
}

/* Out-of-RAM and empty ranges are ignored, not a crash. */
static void test_invalidate_bad_ranges(void **state)
{
	struct scpu_fixture *f = *state;

	softcpu_invalidate_code(f->cpu, 0, 0);
	softcpu_invalidate_code(f->cpu, 64ULL << 20, 4096);
	softcpu_invalidate_code(f->cpu, (8ULL << 20) - 1, UINT64_MAX);
	softcpu_invalidate_code(f->cpu, UINT64_MAX, UINT64_MAX);
}

/* The guest patches the very next instruction of the straight-line run
 * it is executing: the new immediate is what runs. */
static void test_store_into_same_block(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xc6, 0x04, 0x25, 0x09, 0x00, 0x10, 0x00, 0x07,
					/* 00: mov byte [0x100009], 7 */
		0xb8, 0x01, 0x00, 0x00, 0x00,   /* 08: mov eax, 1 */
		0xf4,                           /* 0d: hlt */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 7);
}

/* A budget that ends inside a block stops after exactly that many
 * instructions, and the next run carries on from there. */
static void test_budget_inside_block(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xff, 0xc0,                     /* inc eax */
		0xff, 0xc0,                     /* inc eax */
		0xff, 0xc0,                     /* inc eax */
		0xff, 0xc0,                     /* inc eax */
		0xf4,                           /* hlt */
	};
	struct softcpu_counters c;

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	assert_int_equal(softcpu_run(f->cpu, &f->exit, 3), 0);
	assert_int_equal(f->exit.reason, EXIT_INTR);
	softcpu_get_regs(f->cpu, &f->regs);
	assert_int_equal(f->regs.rax, 3);
	assert_int_equal(f->regs.rip, SCPU_CODE + 6);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 4);
	softcpu_get_counters(f->cpu, &c);
	assert_int_equal(c.instructions, 5);
}

/* Breakpoints on the second and last instruction of one block: each is
 * reported once, before it runs. */
static void test_breakpoints_inside_block(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xff, 0xc0,                     /* 00: inc eax */
		0xff, 0xc3,                     /* 02: inc ebx */
		0xff, 0xc1,                     /* 04: inc ecx */
		0xf4,                           /* 06: hlt */
	};
	const uint64_t bps[2] = { SCPU_CODE + 6, SCPU_CODE + 2 };

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	assert_int_equal(softcpu_set_breakpoints(f->cpu, bps, 2), 0);
	scpu_run(f, EXIT_DEBUG);
	assert_int_equal(f->exit.u.debug.pc, SCPU_CODE + 2);
	assert_int_equal(f->regs.rax, 1);
	assert_int_equal(f->regs.rbx, 0);
	scpu_run(f, EXIT_DEBUG);
	assert_int_equal(f->exit.u.debug.pc, SCPU_CODE + 6);
	assert_int_equal(f->regs.rbx, 1);
	assert_int_equal(f->regs.rcx, 1);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 6);
}

/* An instruction whose bytes straddle two pages runs whole; the bytes on
 * the second page count as its code (a rewrite there is seen too). */
static void test_insn_across_pages(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xb8, 0x44, 0x33, 0x22, 0x11,   /* ffe: mov eax, 0x11223344 */
		0xf4,                           /* hlt */
	};
	static const uint8_t patch[] = { 0x55 };   /* imm byte 3 on page 2 */
	uint64_t at = SCPU_CODE + 0xffe;

	scpu_load(f, at, code, sizeof(code));
	restart_at(f, at);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 0x11223344);
	scpu_load(f, at + 3, patch, sizeof(patch));
	softcpu_invalidate_code(f->cpu, at + 3, 1);
	restart_at(f, at);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 0x11553344);
}

/*
 * POPF that sets TF: the single-step trap (#DB, vector 1) comes after the
 * instruction that follows the POPF, not after the POPF itself (SDM Vol.
 * 3A, 18.3.1.4), with the address of the next instruction pushed.
 */
static void test_trap_flag_after_popf(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x68, 0x02, 0x01, 0x00, 0x00,   /* 00: push 0x102 (TF) */
		0x9d,                           /* 05: popfq */
		0xff, 0xc0,                     /* 06: inc eax */
		0xff, 0xc0,                     /* 08: inc eax */
		0xf4,                           /* 0a: hlt */
	};
	uint64_t frame[3];

	scpu_install_idt(f, 0);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_HANDLERS + 16 * 1);
	assert_int_equal(f->regs.rax, 1);
	assert_int_equal(guest_mem_read(&f->mem, f->regs.rsp, frame,
					sizeof(frame)), 0);
	assert_int_equal(frame[0], SCPU_CODE + 8);     /* after the inc */
	assert_int_equal(frame[1], SEL_KERNEL_CODE);
	assert_int_equal(frame[2], 0x102);             /* TF */
}

#define T(name) cmocka_unit_test_setup_teardown(name, scpu_setup, \
						  scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_vmm_rewrite_is_seen),
		T(test_vmm_rewrite_two_pages),
		T(test_invalidate_bad_ranges),
		T(test_store_into_same_block),
		T(test_budget_inside_block),
		T(test_breakpoints_inside_block),
		T(test_insn_across_pages),
		T(test_trap_flag_after_popf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
