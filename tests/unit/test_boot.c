/*
 * tests/unit/test_boot.c - the entry state against guest/abi/machine.h:
 * GDT bytes, page tables (walked with paging_translate and read entry by
 * entry), boot_info, and every register the backends load.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/boot.h"
#include "core/paging.h"
#include "guest/abi/machine.h"

#define RAM_SIZE (64ULL << 20)

/* Page-table entry bits, SDM Vol. 3A table 4-19 */
#define PTE_P  (1ULL << 0)
#define PTE_W  (1ULL << 1)
#define PTE_U  (1ULL << 2)
#define PTE_PS (1ULL << 7)

#define PDPT (BOOT_PML4 + 0x1000)
#define PD0  (BOOT_PML4 + 0x2000)
#define PT   (BOOT_PML4 + 0x6000)

struct fixture {
	struct guest_mem mem;
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;
};

static int setup(void **state)
{
	static struct fixture f;

	if (guest_mem_init(&f.mem, RAM_SIZE))
		return -1;
	*state = &f;
	memset(f.mem.host, 0xee, BOOT_PT_END);   /* stale bytes must go */
	return boot_build(&f.mem, 0x100040, 0, &f.regs, &f.sregs);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	guest_mem_destroy(&f->mem);
	return 0;
}

static uint64_t entry(struct fixture *f, uint64_t table, unsigned index)
{
	uint64_t e;

	assert_int_equal(guest_mem_read(&f->mem, table + index * 8, &e, 8), 0);
	return e;
}

static void test_gdt(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(entry(f, BOOT_GDT, 0), 0);
	/* base 0, limit 0xfffff x 4 KiB, P, DPL 0, S, type 0xb, L, G */
	assert_int_equal(entry(f, BOOT_GDT, 1), 0x00af9b000000ffffULL);
	/* base 0, limit 0xfffff x 4 KiB, P, DPL 0, S, type 3, D/B, G */
	assert_int_equal(entry(f, BOOT_GDT, 2), 0x00cf93000000ffffULL);
	assert_int_equal(f->sregs.gdt.base, BOOT_GDT);
	assert_int_equal(f->sregs.gdt.limit, 23);
}

static void test_boot_info(void **state)
{
	struct fixture *f = *state;
	struct boot_info info;

	assert_int_equal(guest_mem_read(&f->mem, BOOT_INFO, &info, sizeof(info)), 0);
	assert_int_equal(info.magic, 0x564d5343);
	assert_int_equal(info.version, BOOT_INFO_VERSION);
	assert_int_equal(info.flags, 0);
	assert_int_equal(info.ram_size, RAM_SIZE);
}

/* The text screen starts blank, as a BIOS leaves it: 80x25 spaces in
 * light grey on black, and nothing after the last cell. */
static void test_blank_screen(void **state)
{
	struct fixture *f = *state;
	const unsigned cells = VGA_TEXT_COLS * VGA_TEXT_ROWS;
	uint16_t cell;

	for (unsigned i = 0; i < cells; i++) {
		assert_int_equal(guest_mem_read(&f->mem, VGA_TEXT_BASE + 2 * i,
						&cell, 2), 0);
		assert_int_equal(cell, 0x0720);
	}
	assert_int_equal(guest_mem_read(&f->mem, VGA_TEXT_BASE + 2 * cells,
					&cell, 2), 0);
	assert_int_equal(cell, 0);
}

/* The stages vmscope switched on reach the kernel in boot_info.flags. */
static void test_boot_info_flags(void **state)
{
	struct fixture f;
	struct boot_info info;

	(void)state;
	assert_int_equal(guest_mem_init(&f.mem, RAM_SIZE), 0);
	assert_int_equal(boot_build(&f.mem, 0x100000, BOOT_FLAG_CONSOLE_IRQ,
				    &f.regs, &f.sregs), 0);
	assert_int_equal(guest_mem_read(&f.mem, BOOT_INFO, &info, sizeof(info)), 0);
	assert_int_equal(info.flags, 0x1);
	guest_mem_destroy(&f.mem);
}

static void test_regs(void **state)
{
	struct fixture *f = *state;
	struct vcpu_regs expected = {
		.rip = 0x100040, .rsp = BOOT_STACK_TOP, .rdi = BOOT_INFO,
		.rflags = 0x2,
	};

	assert_memory_equal(&f->regs, &expected, sizeof(expected));
}

static void expect_segment(const struct vcpu_segment *s, uint16_t selector,
			   uint8_t type, uint8_t l, uint8_t db)
{
	assert_int_equal(s->base, 0);
	assert_int_equal(s->limit, 0xffffffff);
	assert_int_equal(s->selector, selector);
	assert_int_equal(s->type, type);
	assert_int_equal(s->present, 1);
	assert_int_equal(s->dpl, 0);
	assert_int_equal(s->s, 1);
	assert_int_equal(s->l, l);
	assert_int_equal(s->db, db);
	assert_int_equal(s->g, 1);
	assert_int_equal(s->avl, 0);
}

static void test_sregs(void **state)
{
	struct fixture *f = *state;
	const struct vcpu_sregs *s = &f->sregs;

	expect_segment(&s->cs, 0x08, 11, 1, 0);
	expect_segment(&s->ds, 0x10, 3, 0, 1);
	expect_segment(&s->es, 0x10, 3, 0, 1);
	expect_segment(&s->fs, 0x10, 3, 0, 1);
	expect_segment(&s->gs, 0x10, 3, 0, 1);
	expect_segment(&s->ss, 0x10, 3, 0, 1);
	assert_int_equal(s->tr.selector, 0);
	assert_int_equal(s->tr.type, 11);
	assert_int_equal(s->tr.present, 1);
	assert_int_equal(s->tr.s, 0);
	assert_int_equal(s->tr.base, 0);
	assert_int_equal(s->tr.limit, 0x67);
	assert_int_equal(s->ldt.type, 2);
	assert_int_equal(s->ldt.present, 0);
	assert_int_equal(s->idt.base, 0);
	assert_int_equal(s->idt.limit, 0);
	/* PE | MP | ET | NE | WP | PG */
	assert_int_equal(s->cr0, 0x80010033);
	assert_int_equal(s->cr3, 0x10000);
	assert_int_equal(s->cr4, 0x20);
	assert_int_equal(s->efer, 0x500);    /* LME | LMA */
	assert_int_equal(s->cr2, 0);
	assert_int_equal(s->cr8, 0);
	assert_int_equal(s->apic_base, 0xfee00900);
}

static void expect_identity(struct fixture *f, uint64_t gva)
{
	uint64_t gpa = 0;

	assert_int_equal(paging_translate(&f->mem, BOOT_PML4, gva, &gpa), 0);
	assert_int_equal(gpa, gva);
}

static void expect_unmapped(struct fixture *f, uint64_t gva)
{
	uint64_t gpa;

	assert_int_equal(paging_translate(&f->mem, BOOT_PML4, gva, &gpa), -EFAULT);
}

static void test_translations(void **state)
{
	struct fixture *f = *state;

	expect_unmapped(f, 0);
	expect_unmapped(f, 0xfff);
	expect_identity(f, 0x1000);
	expect_identity(f, VGA_TEXT_BASE);
	expect_identity(f, KERNEL_BASE);
	expect_identity(f, 0x1fffff);
	expect_identity(f, 0x200000);
	expect_identity(f, USER_BASE + 0x123);
	expect_identity(f, RAM_SIZE - 1);
	expect_identity(f, RAM_SIZE);             /* mapped beyond RAM too */
	expect_identity(f, 0x40000000);
	expect_identity(f, MMIO_WINDOW);
	expect_identity(f, 0xffffffff);
	expect_unmapped(f, MAPPED_LIMIT);
	expect_unmapped(f, 0xffffffff80000000ULL);
}

/* Upper levels: P | W | U, so the leaves alone decide. */
static void test_upper_levels(void **state)
{
	struct fixture *f = *state;
	unsigned i;

	assert_int_equal(entry(f, BOOT_PML4, 0), PDPT | PTE_P | PTE_W | PTE_U);
	for (i = 1; i < 512; i++)
		assert_int_equal(entry(f, BOOT_PML4, i), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(entry(f, PDPT, i),
				 (PD0 + i * 0x1000) | PTE_P | PTE_W | PTE_U);
	for (i = 4; i < 512; i++)
		assert_int_equal(entry(f, PDPT, i), 0);
	assert_int_equal(entry(f, PD0, 0), PT | PTE_P | PTE_W | PTE_U);
}

/* U/S = 1 exactly on [USER_BASE, RAM end) and the virtio window. */
static void test_user_bit(void **state)
{
	struct fixture *f = *state;
	const uint64_t big = PTE_P | PTE_W | PTE_PS;

	assert_int_equal(entry(f, PT, 0), 0);
	assert_int_equal(entry(f, PT, 1), 0x1000 | PTE_P | PTE_W);
	assert_int_equal(entry(f, PT, 0x100), 0x100000 | PTE_P | PTE_W);
	assert_int_equal(entry(f, PT, 511), 0x1ff000 | PTE_P | PTE_W);
	assert_int_equal(entry(f, PD0, 1), 0x200000 | big);
	assert_int_equal(entry(f, PD0, 2), 0x400000 | big | PTE_U);
	assert_int_equal(entry(f, PD0, 31), 0x3e00000 | big | PTE_U);
	assert_int_equal(entry(f, PD0, 32), 0x4000000 | big);      /* RAM end */
	assert_int_equal(entry(f, PD0 + 0x3000, 0x80), 0xd0000000 | big);
	assert_int_equal(entry(f, PD0 + 0x3000, 0x81),
			 VIRTIO_WINDOW | big | PTE_U);
	assert_int_equal(entry(f, PD0 + 0x3000, 0x82), 0xd0400000 | big);
	assert_int_equal(entry(f, PD0 + 0x3000, 511), 0xffe00000 | big);
}

static void test_small_ram_rejected(void **state)
{
	struct guest_mem small = { .host = calloc(1, 2 << 20), .size = 2 << 20 };
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;

	(void)state;
	assert_non_null(small.host);
	assert_int_equal(boot_build(&small, 0x100000, 0, &regs, &sregs), -EINVAL);
	free(small.host);
}

/* With 4 MiB of RAM no page is user-accessible: RAM ends at USER_BASE. */
static void test_min_ram(void **state)
{
	struct fixture f;

	(void)state;
	assert_int_equal(guest_mem_init(&f.mem, 4 << 20), 0);
	assert_int_equal(boot_build(&f.mem, 0x100000, 0, &f.regs, &f.sregs), 0);
	assert_int_equal(entry(&f, PD0, 2), 0x400000 | PTE_P | PTE_W | PTE_PS);
	guest_mem_destroy(&f.mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gdt),
		cmocka_unit_test(test_boot_info),
		cmocka_unit_test(test_boot_info_flags),
		cmocka_unit_test(test_blank_screen),
		cmocka_unit_test(test_regs),
		cmocka_unit_test(test_sregs),
		cmocka_unit_test(test_translations),
		cmocka_unit_test(test_upper_levels),
		cmocka_unit_test(test_user_bit),
		cmocka_unit_test(test_small_ram_rejected),
		cmocka_unit_test(test_min_ram),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
