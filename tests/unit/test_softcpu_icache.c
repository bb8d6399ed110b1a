/*
 * tests/unit/test_softcpu_icache.c - the decoded-instruction cache
 * (cpu/icache.c) as the CPU's user sees it, and the memory it takes.
 *
 * What it does: a block decoded once runs from the cache (bytes the VMM
 * rewrote without saying so are not seen - the contract of
 * softcpu_invalidate_code()); the guest's own store into code it ran
 * before is seen, and so is the accessed bit a page walk sets in it; a
 * reset forgets every block; a block decoded again at
 * the same address, shorter or longer, runs exactly its new bytes.  What
 * it costs: blocks lie side by side in the arena, a page of memory is
 * touched only when a block lands on it, and a full arena is emptied and
 * filled again.  Programs are raw bytes with their assembly in a comment;
 * exact values asserted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/cpu.h"
#include "tests/unit/support/resident.h"
#include "tests/unit/support/softcpu_fixture.h"

#define PAGE 4096

/* mov eax, 1; hlt - and the byte that makes it mov eax, 2 */
static const uint8_t mov_one[] = { 0xb8, 0x01, 0x00, 0x00, 0x00, 0xf4 };
static const uint8_t two[] = { 0x02 };

static void restart_at(struct scpu_fixture *f, uint64_t rip)
{
	f->regs.rip = rip;
	assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
}

/* Run the program at SCPU_CODE again to its HLT; RAX. */
static uint64_t rerun(struct scpu_fixture *f)
{
	restart_at(f, SCPU_CODE);
	scpu_run(f, EXIT_HLT);
	return f->regs.rax;
}

/* A hit: the second run takes the decoded block, so a rewrite the VMM
 * does not announce is not seen; announced, it is. */
static void test_second_run_hits(void **state)
{
	struct scpu_fixture *f = *state;

	scpu_load(f, SCPU_CODE, mov_one, sizeof(mov_one));
	assert_int_equal(rerun(f), 1);
	scpu_load(f, SCPU_CODE + 1, two, sizeof(two));
	assert_int_equal(rerun(f), 1);
	softcpu_invalidate_code(f->cpu, SCPU_CODE + 1, 1);
	assert_int_equal(rerun(f), 2);
}

/* The guest stores into a block it ran before (through its own mapping):
 * the block is decoded again and the new byte runs. */
static void test_guest_store_into_old_block(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0xe8, 0x0e, 0x00, 0x00, 0x00,   /* 00: call 0x13 */
		0xc6, 0x04, 0x25, 0x14, 0x00, 0x10, 0x00, 0x09,
					/* 05: mov byte [0x100014], 9 */
		0xe8, 0x01, 0x00, 0x00, 0x00,   /* 0d: call 0x13 */
		0xf4,                           /* 12: hlt */
		0xb8, 0x01, 0x00, 0x00, 0x00,   /* 13: mov eax, 1 */
		0xc3,                           /* 18: ret */
	};

	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_CODE + 0x12);
	assert_int_equal(f->regs.rax, 9);
}

/*
 * The accessed bit the CPU's page walk sets is a write of the CPU's own,
 * as a store is: a block decoded on the table's page is decoded again,
 * and a page of the window counts as dirty.  The code lies in the boot
 * page table, at the entry for 0x40000 - whose bytes are both (P | RW, A
 * clear, to 0x5c000) - and loads from 0x40000: the walk sets A, bit 5
 * of its first byte, and `add eax, eax` becomes `and eax, eax`.  (The
 * bit was set through a host pointer: the old block ran again, 10.)
 */
static void test_accessed_bit_into_code(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x03, 0xc0,                     /* add eax, eax */
		0x05, 0x00, 0x00, 0x00, 0x00,   /* add eax, 0 */
		0x48, 0x8b, 0x0c, 0x25, 0x00, 0x00, 0x04, 0x00,
						/* mov rcx, [0x40000] */
		0xf4,                           /* hlt */
	};
	const uint64_t entry = SCPU_BOOT_PT + 8 * (0x40000 / PAGE);
	uint8_t first;

	assert_int_equal(guest_mem_set_window(&f->mem, SCPU_BOOT_PT, PAGE,
					      MEM_WINDOW_RAM), 0);
	scpu_load(f, entry, code, sizeof(code));
	guest_mem_take_dirty(&f->mem);
	f->regs.rax = 5;
	restart_at(f, entry);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 10);
	assert_int_equal(guest_mem_read(&f->mem, entry, &first, 1), 0);
	assert_int_equal(first, 0x23);
	assert_int_equal(guest_mem_take_dirty(&f->mem), 1);
	f->regs.rax = 5;
	restart_at(f, entry);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, 5);
}

/* A reset forgets every decoded block: the unannounced rewrite runs. */
static void test_reset_forgets_blocks(void **state)
{
	struct scpu_fixture *f = *state;
	struct vcpu_sregs s;
	struct vcpu_regs r;

	scpu_load(f, SCPU_CODE, mov_one, sizeof(mov_one));
	assert_int_equal(rerun(f), 1);
	scpu_load(f, SCPU_CODE + 1, two, sizeof(two));
	assert_int_equal(softcpu_get_sregs(f->cpu, &s), 0);
	r = f->regs;
	softcpu_reset(f->cpu);
	assert_int_equal(softcpu_set_sregs(f->cpu, &s), 0);
	assert_int_equal(softcpu_set_regs(f->cpu, &r), 0);
	assert_int_equal(rerun(f), 2);
}

/* The block at SCPU_CODE decoded again, shorter (into the room of the
 * old one) and then longer (a room of its own): each time exactly the
 * new instructions run. */
static void test_block_decoded_again_shorter_and_longer(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t three[] = {
		0xff, 0xc0,                     /* inc eax */
		0xff, 0xc0,                     /* inc eax */
		0xff, 0xc0,                     /* inc eax */
		0xf4,                           /* hlt */
	};
	static const uint8_t one[] = {
		0xb8, 0x07, 0x00, 0x00, 0x00,   /* mov eax, 7 */
		0xf4,                           /* hlt */
	};
	static const uint8_t five[] = {
		0x31, 0xc0,                     /* xor eax, eax */
		0xff, 0xc0, 0xff, 0xc0,         /* inc eax (twice) */
		0xff, 0xc0, 0xff, 0xc0,         /* inc eax (twice) */
		0xf4,                           /* hlt */
	};

	f->regs.rax = 0;
	scpu_load(f, SCPU_CODE, three, sizeof(three));
	assert_int_equal(rerun(f), 3);
	scpu_load(f, SCPU_CODE, one, sizeof(one));
	softcpu_invalidate_code(f->cpu, SCPU_CODE, sizeof(one));
	assert_int_equal(rerun(f), 7);
	scpu_load(f, SCPU_CODE, five, sizeof(five));
	softcpu_invalidate_code(f->cpu, SCPU_CODE, sizeof(five));
	assert_int_equal(rerun(f), 4);
}

/* How many of the arena's first n pages have memory behind them. */
static unsigned arena_pages(const struct softcpu *cpu, unsigned n)
{
	unsigned resident = 0;

	for (unsigned i = 0; i < n; i++)
		resident += test_page_resident(cpu->icache_arena +
					       (size_t)i * PAGE);
	return resident;
}

/* Blocks take the room they need, side by side: the instructions of the
 * 21 blocks of a chain of jumps (two each and the block end, ~0.5 KB)
 * fill the arena's first three pages and touch no other; the table of
 * 1,024 full blocks took ~5 KB a block, a new page or two for each. */
static void test_blocks_side_by_side(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t link[8] = {
		0xff, 0xc0,                     /* inc eax */
		0xeb, 0x04,                     /* jmp +4 (the next link) */
		0x90, 0x90, 0x90, 0x90,         /* nop (never run) */
	};
	static const uint8_t last[] = {
		0xff, 0xc0,                     /* inc eax */
		0xf4,                           /* hlt */
	};
	const struct softcpu *cpu = f->cpu;

	for (unsigned i = 0; i < 20; i++)
		scpu_load(f, SCPU_CODE + 8 * i, link, sizeof(link));
	scpu_load(f, SCPU_CODE + 8 * 20, last, sizeof(last));
	f->regs.rax = 0;
	assert_int_equal(rerun(f), 21);
	assert_true(cpu->icache_used <= 3 * PAGE);
	assert_int_equal(arena_pages(cpu, 64),
			 (cpu->icache_used + PAGE - 1) / PAGE);
}

/* An arena with no room left for the longest block is emptied before the
 * next one is decoded: every slot forgets its block (the unannounced
 * rewrite runs, as after a flush), the pages are given back, and
 * decoding starts again at the arena's start. */
static void test_full_arena_emptied(void **state)
{
	struct scpu_fixture *f = *state;
	struct softcpu *cpu = f->cpu;

	scpu_load(f, SCPU_CODE, mov_one, sizeof(mov_one));
	assert_int_equal(rerun(f), 1);
	scpu_load(f, SCPU_CODE + 1, two, sizeof(two));
	scpu_load(f, SCPU_CODE + 0x100, (const uint8_t[]){ 0xf4 }, 1);
	cpu->icache_used = ICACHE_ARENA_BYTES - 64;
	restart_at(f, SCPU_CODE + 0x100);
	scpu_run(f, EXIT_HLT);
	assert_true(cpu->icache_used > 0 && cpu->icache_used < PAGE);
	assert_int_equal(arena_pages(cpu, 64), 1);
	assert_false(test_page_resident(cpu->icache_arena +
					ICACHE_ARENA_BYTES - PAGE));
	assert_int_equal(rerun(f), 2);
}

#define T(name) cmocka_unit_test_setup_teardown(name, scpu_setup, \
						  scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_second_run_hits),
		T(test_guest_store_into_old_block),
		T(test_accessed_bit_into_code),
		T(test_reset_forgets_blocks),
		T(test_block_decoded_again_shorter_and_longer),
		T(test_blocks_side_by_side),
		T(test_full_arena_emptied),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
