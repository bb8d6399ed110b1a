/*
 * tests/unit/test_nested_run_level.c - which level a run of L1's is, and
 * where its counts go (core/nested_run.c, nested_take_exit()), with the
 * exact counters.
 *
 * L0 tells L2's runs from L3's by a heuristic: a run doorbell of L2's,
 * reflected to L1, means L1's next run doorbell runs L2's guest, L3.
 * That holds only where the user asked for L3 (--nested 2).  At
 * --nested 1, L2 is the user's image, and an L1 may well intercept its
 * OUT to the run port: that OUT must stay an exit of L2's, and L2's
 * later runs L2's - else a hostile L2 labels its own runs L3, and their
 * counts go to the l3_* rows the summary hides at --nested 1 (the shown
 * runs and exits froze).  At --nested 2 the same sequence does run L3.
 *
 * The doorbells and L2's exits are records such as the backends hand to
 * core/vm.c; no CPU runs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/nested.h"
#include "core/vm.h"
#include "devices/uart16550.h"
#include "guest/abi/machine.h"

#define RAM   (64ULL << 20)
#define BLOCK 0x200000ULL   /* L1's block for L2 */
#define ROOT  0x201000ULL   /* L1's nested table (empty: no walk here) */
#define IOA   0x202000ULL
#define IOB   0x203000ULL

/* L1's RFLAGS after a doorbell are not this test's: its backend has no
 * registers to give, and L0 then leaves them alone. */
static int no_regs(struct vm *vm, struct vcpu_regs *r)
{
	(void)vm;
	(void)r;
	return -ENOSYS;
}

static const struct backend_ops l1_cpu = {
	.name = "test", .get_regs = no_regs,
};

struct fixture {
	struct vm vm;
	struct nested_l0 n;
	uint8_t data[4];        /* the OUT's bytes */
};

/* The block L1 writes: L2 in 64-bit long mode, L1 intercepting I/O on
 * the ports its bitmap names. */
static void write_block(struct guest_mem *mem)
{
	struct nested_block b;

	memset(&b, 0, sizeof(b));
	b.magic = NESTED_BLOCK_MAGIC;
	b.revision = NESTED_BLOCK_REVISION;
	b.rip = 0x100000;
	b.rflags = RFLAGS_FIXED;
	b.cr0 = CR0_PE | CR0_PG | CR0_ET | CR0_WP;
	b.cr3 = 0x10000;
	b.cr4 = CR4_PAE;
	b.efer = EFER_LME | EFER_LMA;
	b.cs = (struct nested_segment){ .selector = 8, .attrib = 0xb |
		NESTED_SEG_S | NESTED_SEG_P | NESTED_SEG_L | NESTED_SEG_G };
	b.ds = (struct nested_segment){ .selector = 0x10, .attrib = 0x3 |
		NESTED_SEG_S | NESTED_SEG_P | NESTED_SEG_DB | NESTED_SEG_G };
	b.es = b.ss = b.ds;
	b.intercepts = NESTED_INTERCEPT_IO | NESTED_INTERCEPT_HLT;
	b.io_bitmap_a = IOA;
	b.io_bitmap_b = IOB;
	b.nested_root = ROOT;
	assert_int_equal(guest_mem_write(mem, BLOCK, &b, sizeof(b)), 0);
}

/* L1's I/O bitmap asks for port (bitmap A: below 0x8000). */
static void intercept_port(struct guest_mem *mem, uint16_t port)
{
	uint8_t byte;

	assert_int_equal(guest_mem_read(mem, IOA + port / 8, &byte, 1), 0);
	byte |= (uint8_t)(1u << (port % 8));
	assert_int_equal(guest_mem_write(mem, IOA + port / 8, &byte, 1), 0);
}

static int setup(void **state, unsigned depth)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(guest_mem_init(&f->vm.mem, RAM), 0);
	f->vm.backend = &l1_cpu;
	f->n.depth = depth;
	f->n.run_level = 1;
	nested_shadows_init(&f->n.shadows);
	f->n.map = &f->n.shadows.set[0];
	f->vm.nested = &f->n;
	write_block(&f->vm.mem);
	intercept_port(&f->vm.mem, NESTED_PORT_RUN);
	intercept_port(&f->vm.mem, PORT_COM1 + UART_THR);
	*state = f;
	return 0;
}

static int setup_nested_1(void **state)
{
	return setup(state, 1);
}

static int setup_nested_2(void **state)
{
	return setup(state, 2);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	guest_mem_destroy(&f->vm.mem);
	free(f);
	return 0;
}

/* A 32-bit OUT at level (0: L1's code, 1: L2's, 2: L3's) of value to
 * port, as the backend reports it; for a guest's, the exit L1's
 * controls see. */
static void take_out(struct fixture *f, uint32_t level, uint16_t port,
		     uint8_t size, uint32_t value)
{
	struct exit_record e;

	memset(&e, 0, sizeof(e));
	memcpy(f->data, &value, sizeof(value));
	e.level = level;
	e.reason = EXIT_IO;
	e.u.io = (struct exit_io){ .port = port, .size = size,
				   .direction = IO_OUT, .count = 1,
				   .data = f->data };
	if (level > 0)
		e.nest.l2_reason = NESTED_EXIT_IO;
	assert_true(nested_take_exit(&f->vm, &e));
}

/* L1 rings the run doorbell with its block: L0 runs a guest from it. */
static void l1_runs_block(struct fixture *f)
{
	take_out(f, 0, NESTED_PORT_RUN, 4, BLOCK);
	assert_true(nested_l2_active(&f->vm));
}

/* L2 rings the run doorbell, L1 intercepts it and runs L2 again with
 * the same block, and L2 writes to COM1 (L1 intercepts that too). */
static void l2_rings_then_writes(struct fixture *f)
{
	l1_runs_block(f);
	take_out(f, nested_next_level(&f->vm), NESTED_PORT_RUN, 4, 0x1234);
	assert_false(nested_l2_active(&f->vm));   /* reflected to L1 */
	l1_runs_block(f);
	take_out(f, nested_next_level(&f->vm), PORT_COM1 + UART_THR, 1, 'A');
}

/* The counters of both levels' runs and exits, exactly. */
static void expect_counts(const struct nested_counters *c, uint64_t runs,
			  uint64_t l2_exits, uint64_t l3_runs,
			  uint64_t l3_exits)
{
	assert_int_equal(c->runs, runs);
	assert_int_equal(c->l2_exits, l2_exits);
	assert_int_equal(c->reflected, l2_exits);   /* L1 asked for each */
	assert_int_equal(c->handled_l0, 0);
	assert_int_equal(c->l3_runs, l3_runs);
	assert_int_equal(c->l3_exits, l3_exits);
	assert_int_equal(c->l3_reflected, l3_exits);
	assert_int_equal(c->l3_handled_l0, 0);
}

static void test_nested_1_stays_l2(void **state)
{
	struct fixture *f = *state;

	l2_rings_then_writes(f);
	assert_int_equal(f->n.run_level, 1);
	expect_counts(&f->n.counters, 2, 2, 0, 0);
	/* and again: L2 never becomes L3, however often it rings */
	l2_rings_then_writes(f);
	assert_int_equal(f->n.run_level, 1);
	expect_counts(&f->n.counters, 4, 4, 0, 0);
}

/* --nested 2: L2 is the hypervisor, and L1's next run is its guest's. */
static void test_nested_2_runs_l3(void **state)
{
	struct fixture *f = *state;

	l2_rings_then_writes(f);
	assert_int_equal(f->n.run_level, 2);
	expect_counts(&f->n.counters, 1, 1, 1, 1);
	/* L3's own OUT to the run port: no fourth level, L3 stays L3 */
	take_out(f, 2, NESTED_PORT_RUN, 4, 0x1234);
	l1_runs_block(f);
	assert_int_equal(f->n.run_level, 2);
	expect_counts(&f->n.counters, 1, 1, 2, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nested_1_stays_l2,
						setup_nested_1, teardown),
		cmocka_unit_test_setup_teardown(test_nested_2_runs_l3,
						setup_nested_2, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
