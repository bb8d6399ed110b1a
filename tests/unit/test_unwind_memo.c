/*
 * tests/unit/test_unwind_memo.c - the unwinder's memo gives the chain a
 * fresh unwind would give, and unwinds again whenever anything the walk
 * read has changed: a frame record, a code byte, a page-table entry.
 *
 * The fixture is a kernel stack of three frame records, mapped through
 * page tables at a high address, and kernel code identity-mapped; every
 * check compares the memo's answer with unwind_guest()'s own on the same
 * memory.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/mem_reads.h"
#include "core/paging.h"
#include "core/unwind_memo.h"
#include "tests/unit/support/mem_syms.h"

#define RAM_SIZE (64ULL << 20)
#define STACK    0xffffffff80010000ULL   /* one page, at RAM 0x200000 */
#define STACK_GPA 0x200000ULL
#define OTHER_GPA 0x300000ULL            /* another page for the stack */
#define KCODE    0x100000ULL             /* identity-mapped code page */

static const struct sym_def guest_syms[] = {
	{ "kmain", 0x100000, 0x40 },
	{ "tty_write", 0x100040, 0x40 },
	{ "uart_putc", 0x100080, 0x40 },
	{ "uart_wait", 0x1000c0, 0x40 },
};

#define RIP_PUTC 0x100090ULL
#define RIP_WAIT 0x1000d0ULL

struct fixture {
	struct guest_mem mem;
	struct pt_builder pt;
	struct symtab syms;
	struct unwind_memo memo;
	struct unwind_chain chain;
};

static void poke(struct fixture *f, uint64_t gva, uint64_t value)
{
	pt_poke(&f->pt, gva, value);
}

/* A frame record at rbp: the caller's %rbp, the return address. */
static void record(struct fixture *f, uint64_t rbp, uint64_t saved_rbp,
		   uint64_t ret)
{
	mem_syms_record(&f->pt, rbp, saved_rbp, ret);
}

/* kmain > tty_write > uart_putc, and uart_wait called from uart_putc. */
static void build_stack(struct fixture *f)
{
	record(f, STACK + 0x100, STACK + 0x140, 0x100050);   /* in tty_write */
	record(f, STACK + 0x140, 0, 0x100010);               /* in kmain */
	record(f, STACK + 0xc0, STACK + 0x100, 0x100098);    /* in uart_putc */
}

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	if (mem_syms_init(&f.mem, &f.syms, RAM_SIZE, guest_syms,
			  sizeof(guest_syms) / sizeof(guest_syms[0])))
		return -1;
	*state = &f;
	pt_builder_init(&f.pt, &f.mem, 0x10000);
	pt_map(&f.pt, STACK, STACK_GPA, PT_PAGE_4K);
	pt_map(&f.pt, KCODE, KCODE, PT_PAGE_4K);
	build_stack(&f);
	unwind_memo_forget(&f.memo);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	mem_syms_free(&f->mem, &f->syms);
	return 0;
}

static struct unwind_regs at_putc(void)
{
	return (struct unwind_regs){ RIP_PUTC, STACK + 0xe0, STACK + 0x100 };
}

static struct unwind_regs at_wait(void)
{
	return (struct unwind_regs){ RIP_WAIT, STACK + 0xa0, STACK + 0xc0 };
}

/*
 * The memo's chain at regs, checked against a fresh unwind of the same
 * memory (text and frames); returns whether the memo unwound.
 */
static bool memo_at(struct fixture *f, struct unwind_regs regs,
		    unsigned *slot_out)
{
	char want[512], got[512];
	unsigned slot;
	bool fresh;
	struct vspace vs = vspace_flat(&f->mem, f->pt.cr3);
	const struct unwind_chain *c =
		unwind_memo_space(&f->memo, &vs, &f->syms, &regs, &slot,
				  &fresh);

	unwind_guest(&f->mem, &f->syms, f->pt.cr3, &regs, &f->chain);
	assert_string_equal(unwind_format(c, got, sizeof(got)),
			    unwind_format(&f->chain, want, sizeof(want)));
	assert_int_equal(c->count, f->chain.count);
	assert_memory_equal(c->frames, f->chain.frames,
			    c->count * sizeof(c->frames[0]));
	if (slot_out)
		*slot_out = slot;
	return fresh;
}

static const char *memo_text(struct fixture *f, struct unwind_regs regs)
{
	static char text[512];
	struct vspace vs = vspace_flat(&f->mem, f->pt.cr3);
	unsigned slot;
	bool fresh;

	return unwind_format(unwind_memo_space(&f->memo, &vs, &f->syms,
					       &regs, &slot, &fresh),
			     text, sizeof(text));
}

static void test_same_inputs_reused(void **state)
{
	struct fixture *f = *state;
	unsigned first, again;

	assert_true(memo_at(f, at_putc(), &first));
	assert_string_equal(memo_text(f, at_putc()),
			    "kmain > tty_write > uart_putc");
	assert_false(memo_at(f, at_putc(), &again));
	assert_int_equal(again, first);
}

static void test_changed_record_unwinds_again(void **state)
{
	struct fixture *f = *state;

	assert_true(memo_at(f, at_putc(), NULL));
	poke(f, STACK + 0x148, 0x100050);   /* tty_write's caller: itself */
	assert_true(memo_at(f, at_putc(), NULL));
	assert_string_equal(memo_text(f, at_putc()),
			    "tty_write > tty_write > uart_putc");
	assert_false(memo_at(f, at_putc(), NULL));
}

/* RIP on a `ret`: the return address is at [rsp] (unwind_insn.h), so
 * the code bytes decide which record is read. */
static void test_changed_code_unwinds_again(void **state)
{
	struct fixture *f = *state;
	struct unwind_regs regs = at_putc();
	uint8_t ret = 0xc3;

	poke(f, regs.rsp, 0x100010);        /* a return into kmain */
	assert_true(memo_at(f, regs, NULL));
	assert_string_equal(memo_text(f, regs),
			    "kmain > tty_write > uart_putc");
	assert_int_equal(guest_mem_write(&f->mem, RIP_PUTC, &ret, 1), 0);
	assert_true(memo_at(f, regs, NULL));
	assert_string_equal(memo_text(f, regs),
			    "kmain > tty_write > kmain > uart_putc");
}

/* The stack's page mapped elsewhere: the same virtual addresses hold
 * other records. */
static void test_changed_page_table_unwinds_again(void **state)
{
	struct fixture *f = *state;
	uint64_t *pte = pt_leaf(&f->pt, STACK);
	uint64_t top[2] = { 0, 0x100010 };   /* uart_putc called from kmain */

	assert_true(memo_at(f, at_putc(), NULL));
	assert_int_equal(guest_mem_write(&f->mem, OTHER_GPA + 0x100, top,
					 sizeof(top)), 0);
	*pte = (*pte & 0xfffULL) | OTHER_GPA;
	assert_true(memo_at(f, at_putc(), NULL));
	assert_string_equal(memo_text(f, at_putc()), "kmain > uart_putc");
}

/* A driver's loop goes round between two exits: both chains stay. */
static void test_alternating_positions_kept(void **state)
{
	struct fixture *f = *state;
	unsigned putc_slot, wait_slot, slot;

	assert_true(memo_at(f, at_putc(), &putc_slot));
	assert_true(memo_at(f, at_wait(), &wait_slot));
	assert_int_not_equal(putc_slot, wait_slot);
	for (int i = 0; i < 3; i++) {
		assert_false(memo_at(f, at_putc(), &slot));
		assert_int_equal(slot, putc_slot);
		assert_false(memo_at(f, at_wait(), &slot));
		assert_int_equal(slot, wait_slot);
	}
	assert_string_equal(memo_text(f, at_wait()),
			    "kmain > tty_write > uart_putc > uart_wait");
}

/* One position more than the slots, in a round: the least recently used
 * goes, and each comes back unwound again. */
static void test_least_recent_goes(void **state)
{
	struct fixture *f = *state;
	struct unwind_regs regs[UNWIND_MEMO_SLOTS + 1];

	for (unsigned i = 0; i <= UNWIND_MEMO_SLOTS; i++) {
		regs[i] = at_putc();
		regs[i].rsp -= 8 * i;
		assert_true(memo_at(f, regs[i], NULL));
	}
	assert_true(memo_at(f, regs[0], NULL));   /* was the oldest */
	assert_false(memo_at(f, regs[UNWIND_MEMO_SLOTS], NULL));
}

/* L2's space: its walk reads L1's tables past the record (unwind_memo.h),
 * so its chain is unwound at every exit. */
static void test_nested_space_never_kept(void **state)
{
	struct fixture *f = *state;
	struct vspace vs = {
		.mem = &f->mem, .cr3 = f->pt.cr3, .nested = true,
		.nested_root = f->pt.cr3,
	};
	struct unwind_regs regs = at_putc();
	unsigned slot;
	bool fresh;

	for (int i = 0; i < 3; i++) {
		unwind_memo_space(&f->memo, &vs, &f->syms, &regs, &slot,
				  &fresh);
		assert_true(fresh);
	}
}

static void test_forget(void **state)
{
	struct fixture *f = *state;

	assert_true(memo_at(f, at_putc(), NULL));
	unwind_memo_forget(&f->memo);
	assert_true(memo_at(f, at_putc(), NULL));
}

/* Random writes to the stack page, the code page and the stack's page
 * table entry, between exits at two positions: the memo's chain is always
 * a fresh unwind's (memo_at() compares). */
static void test_random_writes_agree(void **state)
{
	struct fixture *f = *state;
	uint64_t *pte = pt_leaf(&f->pt, STACK);
	uint64_t stack_pte = *pte, reused = 0;

	srand(15);
	for (int i = 0; i < 2000; i++) {
		uint64_t word = 0x100000 + (uint64_t)(rand() % 0x100);
		uint64_t at = (uint64_t)(rand() % 0x200) & ~7ULL;
		int what = rand() % 8;

		if (what == 0)
			poke(f, STACK + 0x80 + at, word);
		else if (what == 1)
			guest_mem_write(&f->mem, KCODE + at / 2,
					&(uint8_t){ (uint8_t)word }, 1);
		else if (what == 2)
			*pte = *pte == stack_pte
			       ? (stack_pte & 0xfffULL) | OTHER_GPA : stack_pte;
		reused += !memo_at(f, rand() % 2 ? at_putc() : at_wait(),
				   NULL);
	}
	assert_true(reused > 0);   /* the memo was used, not only filled */
}

static void test_reads_noted_and_checked(void **state)
{
	struct fixture *f = *state;
	static struct mem_reads reads;
	struct guest_mem view;
	uint8_t buf[16];

	guest_mem_reading(&f->mem, &reads, &view);
	assert_int_equal(guest_mem_read(&view, STACK_GPA, buf, 16), 0);
	assert_int_equal(guest_mem_read(&view, STACK_GPA + 8, buf, 8), 0);
	assert_int_equal(reads.count, 1);   /* inside the first range */
	assert_int_equal(guest_mem_read(&view, RAM_SIZE, buf, 8), -EFAULT);
	assert_int_equal(reads.count, 1);
	assert_true(mem_reads_unchanged(&reads, &f->mem));
	poke(f, STACK, 1);
	assert_false(mem_reads_unchanged(&reads, &f->mem));
	assert_null(f->mem.reads);          /* only the view notes */
}

/* More than the record holds: never called unchanged. */
static void test_full_record_never_trusted(void **state)
{
	struct fixture *f = *state;
	static struct mem_reads reads;
	static uint8_t big[MEM_READS_BYTES + 1];
	struct guest_mem view;

	guest_mem_reading(&f->mem, &reads, &view);
	assert_int_equal(guest_mem_read(&view, STACK_GPA, big, sizeof(big)),
			 0);
	assert_true(reads.full);
	assert_false(mem_reads_unchanged(&reads, &f->mem));
	guest_mem_reading(&f->mem, &reads, &view);
	for (unsigned i = 0; i <= MEM_READS_MAX; i++)
		guest_mem_read(&view, STACK_GPA + 16 * i, big, 8);
	assert_true(reads.full);
	assert_false(mem_reads_unchanged(&reads, &f->mem));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_inputs_reused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_record_unwinds_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_code_unwinds_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_page_table_unwinds_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alternating_positions_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_least_recent_goes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_space_never_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forget, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_writes_agree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads_noted_and_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_record_never_trusted, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
