/*
 * tests/unit/test_softcpu_sysregs.c - SGDT, SIDT, SLDT, STR and SMSW on
 * the software CPU at CPL 0, with exact bytes and register values: what
 * each stores and how wide (SDM Vol. 2B, each instruction's "64-bit
 * mode" rules), and that a store crossing into a page that faults writes
 * nothing.  Their rule at CPL 3 under CR4.UMIP is in
 * test_softcpu_system.c (it has the user segments), the register forms of
 * 0f 01 /0 and /1 in test_softcpu_ud.c, and the host CPU's own answers in
 * test_cpu_diff_sysregs.c.  Programs are raw bytes with their assembly in
 * a comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/softcpu.h"
#include "tests/unit/support/softcpu_fixture.h"

#define DATA      0x200000ULL          /* identity-mapped, writable */
#define FILL      0xccU
#define GDT_BASE  0xfffff00012345678ULL
#define GDT_LIMIT 0x1234
#define LDT_SEL   0x0038
#define TR_SEL    0x0028
#define ONES      0xaaaaaaaaaaaaaaaaULL
#define VEC_PF    14

/* The registers the instructions store: a GDTR no boot state has, and
 * selectors in LDTR and TR (CR0 stays the boot state's). */
static struct vcpu_sregs load_sysregs(struct scpu_fixture *f)
{
	struct vcpu_sregs s;

	softcpu_get_sregs(f->cpu, &s);
	s.gdt = (struct vcpu_table){ .base = GDT_BASE, .limit = GDT_LIMIT };
	s.ldt.selector = LDT_SEL;
	s.tr.selector = TR_SEL;
	assert_int_equal(softcpu_set_sregs(f->cpu, &s), 0);
	return s;
}

static void fill(struct scpu_fixture *f, uint64_t gpa, size_t len)
{
	uint8_t bytes[64];

	memset(bytes, FILL, sizeof(bytes));
	assert_int_equal(guest_mem_write(&f->mem, gpa, bytes, len), 0);
}

/* len bytes at gpa are the little-endian value v (FILL: untouched) */
static void assert_stored(struct scpu_fixture *f, uint64_t gpa, size_t len,
			  uint64_t v)
{
	uint8_t bytes[8];

	assert_int_equal(guest_mem_read(&f->mem, gpa, bytes, len), 0);
	for (size_t i = 0; i < len; i++)
		assert_int_equal(bytes[i], (uint8_t)(v >> (8 * i)));
}

/* SGDT and SIDT store the 16-bit limit, then the 64-bit base: 10 bytes,
 * with 66 or REX.W alike. */
static void test_sgdt_sidt_store_ten_bytes(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x0f, 0x01, 0x04, 0x25, 0x00, 0x00, 0x20, 0x00,
					/* sgdt [0x200000] */
		0x66, 0x0f, 0x01, 0x0c, 0x25, 0x10, 0x00, 0x20, 0x00,
					/* sidt [0x200010] (66) */
		0x48, 0x0f, 0x01, 0x04, 0x25, 0x20, 0x00, 0x20, 0x00,
					/* sgdt [0x200020] (REX.W) */
		0xf4,                   /* hlt */
	};
	struct vcpu_sregs s;

	scpu_install_idt(f, 0);
	s = load_sysregs(f);
	fill(f, DATA, 48);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	for (uint64_t at = DATA; at <= DATA + 0x20; at += 0x10) {
		bool gdt = at != DATA + 0x10;

		assert_stored(f, at, 2, gdt ? GDT_LIMIT : s.idt.limit);
		assert_stored(f, at + 2, 8, gdt ? GDT_BASE : s.idt.base);
		assert_stored(f, at + 10, 1, FILL);
	}
}

/* A register as wide as the operand size: 16 bits keep the rest, 32 are
 * zero-extended, SMSW r64 takes all of CR0; memory 16 bits always. */
static void test_sldt_str_smsw_sizes(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x66, 0x0f, 0x00, 0xc0,         /* sldt ax */
		0x0f, 0x00, 0xcb,               /* str ebx */
		0x48, 0x0f, 0x00, 0xc1,         /* sldt rcx */
		0x66, 0x0f, 0x01, 0xe2,         /* smsw dx */
		0x0f, 0x01, 0xe6,               /* smsw esi */
		0x48, 0x0f, 0x01, 0xe7,         /* smsw rdi */
		0x49, 0x0f, 0x01, 0xe0,         /* smsw r8 */
		0x0f, 0x00, 0x0c, 0x25, 0x00, 0x00, 0x20, 0x00,
						/* str [0x200000] */
		0x48, 0x0f, 0x01, 0x24, 0x25, 0x08, 0x00, 0x20, 0x00,
						/* smsw [0x200008] (REX.W) */
		0xf4,                           /* hlt */
	};
	struct vcpu_sregs s = load_sysregs(f);

	fill(f, DATA, 16);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	f->regs.rax = f->regs.rbx = f->regs.rcx = f->regs.rdx = ONES;
	f->regs.rsi = f->regs.rdi = f->regs.r8 = ONES;
	assert_int_equal(softcpu_set_regs(f->cpu, &f->regs), 0);
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->regs.rax, (ONES & ~0xffffULL) | LDT_SEL);
	assert_int_equal(f->regs.rbx, TR_SEL);
	assert_int_equal(f->regs.rcx, LDT_SEL);
	assert_int_equal(f->regs.rdx, (ONES & ~0xffffULL) | (s.cr0 & 0xffff));
	assert_int_equal(f->regs.rsi, s.cr0 & 0xffffffff);
	assert_int_equal(f->regs.rdi, s.cr0);
	assert_int_equal(f->regs.r8, s.cr0);
	assert_stored(f, DATA, 3, TR_SEL | FILL << 16);
	assert_stored(f, DATA + 8, 3, (s.cr0 & 0xffff) | FILL << 16);
}

/* SGDT's 10 bytes across into a page that is not present: #PF for the
 * second page (CR2 its first byte, a write at CPL 0), and not a byte
 * written on the first. */
static void test_sgdt_fault_writes_nothing(void **state)
{
	struct scpu_fixture *f = *state;
	static const uint8_t code[] = {
		0x0f, 0x01, 0x04, 0x25, 0xfc, 0x0f, 0x04, 0x00,
					/* sgdt [0x40ffc] */
	};
	const uint64_t none = 0;
	struct vcpu_sregs s;
	uint64_t error;

	scpu_install_idt(f, 0);   /* the boot GDT: the #PF goes through it */
	assert_int_equal(guest_mem_write(&f->mem, SCPU_BOOT_PT + 8 * 0x41,
					 &none, 8), 0);
	fill(f, 0x40ffc, 4);
	scpu_load(f, SCPU_CODE, code, sizeof(code));
	scpu_run(f, EXIT_HLT);
	assert_int_equal(f->exit.rip, SCPU_HANDLERS + 16 * VEC_PF);
	assert_int_equal(guest_mem_read(&f->mem, f->regs.rsp, &error, 8), 0);
	assert_int_equal(error, 2);
	softcpu_get_sregs(f->cpu, &s);
	assert_int_equal(s.cr2, 0x41000);
	assert_stored(f, 0x40ffc, 4, 0xccccccccU);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, scpu_setup, scpu_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sgdt_sidt_store_ten_bytes),
		T(test_sldt_str_smsw_sizes),
		T(test_sgdt_fault_writes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
