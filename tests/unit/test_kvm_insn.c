/*
 * tests/unit/test_kvm_insn.c - instruction lengths (core/x86_insn.c) and
 * memory operands under KVM's registers (kvm/kvm_insn.c).
 *
 * Each case is raw bytes with its disassembly (GNU as / objdump, AT&T
 * syntax) in the comment, the length the decoder must find, and the
 * effective address of its memory operand under the registers of
 * test_regs (or NO_MEM).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kvm/kvm_insn.h"

#define NO_MEM UINT64_MAX
#define NEXT_RIP 0x500000ULL     /* where the instruction after it starts */
#define FS_BASE 0x10000000ULL

static const struct kvm_regs test_regs = {
	.rax = 0x1000, .rbx = 0x2000, .rcx = 0x3, .rdx = 0x4000,
	.rsi = 0xffffffff00005000ULL, .rdi = 0x6000, .rsp = 0x7000,
	.rbp = 0x8000, .r8 = 0x100, .r9 = 0x10, .r12 = 0xc000,
	.r13 = 0xd000,
};

struct insn_case {
	uint8_t bytes[X86_INSN_MAX];
	unsigned len;
	uint64_t ea;
};

static const struct insn_case cases[] = {
	/* movl $0x1234,(%rbx) */
	{ { 0xc7, 0x03, 0x34, 0x12, 0x00, 0x00 }, 6, 0x2000 },
	/* mov %eax,(%rdx) */
	{ { 0x89, 0x02 }, 2, 0x4000 },
	/* movabs %al,0xd0000000 */
	{ { 0xa2, 0x00, 0x00, 0x00, 0xd0, 0x00, 0x00, 0x00, 0x00 }, 9,
	  0xd0000000 },
	/* movabs %eax,0xd0000000 */
	{ { 0xa3, 0x00, 0x00, 0x00, 0xd0, 0x00, 0x00, 0x00, 0x00 }, 9,
	  0xd0000000 },
	/* mov %rax,0x10(%rsp) */
	{ { 0x48, 0x89, 0x44, 0x24, 0x10 }, 5, 0x7010 },
	/* mov %ecx,-0x8(%rbp) */
	{ { 0x89, 0x4d, 0xf8 }, 3, 0x7ff8 },
	/* mov %ax,(%r12,%r13,4) */
	{ { 0x66, 0x43, 0x89, 0x04, 0xac }, 5, 0xc000 + 0xd000 * 4 },
	/* movq $0xffffffffffffffff,0x12345678(%rip) */
	{ { 0x48, 0xc7, 0x05, 0x78, 0x56, 0x34, 0x12, 0xff, 0xff, 0xff,
	    0xff }, 11, NEXT_RIP + 0x12345678 },
	/* movw $0x5555,%fs:0x10 */
	{ { 0x64, 0x66, 0xc7, 0x04, 0x25, 0x10, 0x00, 0x00, 0x00, 0x55,
	    0x55 }, 11, FS_BASE + 0x10 },
	/* movb $0x1,0x20(%rax,%rcx,8) */
	{ { 0xc6, 0x44, 0xc8, 0x20, 0x01 }, 5, 0x1000 + 3 * 8 + 0x20 },
	/* add %al,(%rax) */
	{ { 0x00, 0x00 }, 2, 0x1000 },
	/* movabs $0x1122334455667788,%rax */
	{ { 0x48, 0xb8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 }, 10,
	  NO_MEM },
	/* mov $0x12345678,%ecx */
	{ { 0xb9, 0x78, 0x56, 0x34, 0x12 }, 5, NO_MEM },
	/* mov $0x1234,%cx */
	{ { 0x66, 0xb9, 0x34, 0x12 }, 4, NO_MEM },
	/* testb $0x1,(%rdi) */
	{ { 0xf6, 0x07, 0x01 }, 3, 0x6000 },
	/* testl $0x100,0x4(%rsi) */
	{ { 0xf7, 0x46, 0x04, 0x00, 0x01, 0x00, 0x00 }, 7,
	  0xffffffff00005004ULL },
	/* notl (%rdi) */
	{ { 0xf7, 0x17 }, 2, 0x6000 },
	/* vmovdqu %ymm0,(%rdi) */
	{ { 0xc5, 0xfe, 0x7f, 0x07 }, 4, 0x6000 },
	/* vmovdqu %xmm9,0x40(%r8,%r9,2) */
	{ { 0xc4, 0x01, 0x7a, 0x7f, 0x4c, 0x48, 0x40 }, 7, 0x100 + 0x20 + 0x40 },
	/* vmovdqu64 %zmm1,(%rax) */
	{ { 0x62, 0xf1, 0xfe, 0x48, 0x7f, 0x08 }, 6, 0x1000 },
	/* vpshufd $0x1b,(%rax),%xmm1 */
	{ { 0xc5, 0xf9, 0x70, 0x08, 0x1b }, 5, 0x1000 },
	/* pshufd $0x1b,(%rax),%xmm1 */
	{ { 0x66, 0x0f, 0x70, 0x08, 0x1b }, 5, 0x1000 },
	/* pblendw $0x3,(%rcx),%xmm2 */
	{ { 0x66, 0x0f, 0x3a, 0x0e, 0x11, 0x03 }, 6, 0x3 },
	/* pshufb (%rcx),%xmm2 */
	{ { 0x66, 0x0f, 0x38, 0x00, 0x11 }, 5, 0x3 },
	/* movnti %eax,(%rdi) */
	{ { 0x0f, 0xc3, 0x07 }, 3, 0x6000 },
	/* lock addl $0x1,(%rdi) */
	{ { 0xf0, 0x83, 0x07, 0x01 }, 4, 0x6000 },
	/* rep stos %al,%es:(%rdi) */
	{ { 0xf3, 0xaa }, 2, NO_MEM },
	/* out %al,$0x80 */
	{ { 0xe6, 0x80 }, 2, NO_MEM },
	/* call .+0x100 */
	{ { 0xe8, 0xfb, 0x00, 0x00, 0x00 }, 5, NO_MEM },
	/* jne .+0x1000 */
	{ { 0x0f, 0x85, 0xfa, 0x0f, 0x00, 0x00 }, 6, NO_MEM },
	/* enter $0x10,$0x0 */
	{ { 0xc8, 0x10, 0x00, 0x00 }, 4, NO_MEM },
	/* ret $0x8 */
	{ { 0xc2, 0x08, 0x00 }, 3, NO_MEM },
	/* push $0x12345678 */
	{ { 0x68, 0x78, 0x56, 0x34, 0x12 }, 5, NO_MEM },
	/* imul $0x10,(%rax),%ecx */
	{ { 0x6b, 0x08, 0x10 }, 3, 0x1000 },
	/* cmpxchg16b (%rdi) */
	{ { 0x48, 0x0f, 0xc7, 0x0f }, 4, 0x6000 },
	/* shufps $0x1,%xmm1,%xmm2 */
	{ { 0x0f, 0xc6, 0xd1, 0x01 }, 4, NO_MEM },
	/* mov %eax,(%esi): 32-bit addressing drops the high half */
	{ { 0x67, 0x89, 0x06 }, 3, 0x5000 },
	/* movl $0x7,0x100(,%rbx,2) */
	{ { 0xc7, 0x04, 0x5d, 0x00, 0x01, 0x00, 0x00, 0x07, 0x00, 0x00,
	    0x00 }, 11, 0x2000 * 2 + 0x100 },
	/* movl $0x7,0x0(%r13): r13 as base needs a disp8 */
	{ { 0x41, 0xc7, 0x45, 0x00, 0x07, 0x00, 0x00, 0x00 }, 8, 0xd000 },
	/* movl $0x7,(%r12): r12 as base needs a SIB */
	{ { 0x41, 0xc7, 0x04, 0x24, 0x07, 0x00, 0x00, 0x00 }, 8, 0xc000 },
	/* mov %cr0,%rbp: the mod field of 0f 20-23 is ignored (always 11b) */
	{ { 0x0f, 0x20, 0x05 }, 3, NO_MEM },
	/* ud2 */
	{ { 0x0f, 0x0b }, 2, NO_MEM },
	/* rex.W prefix ignored before a 66: mov %ax,(%rbx) */
	{ { 0x48, 0x66, 0x89, 0x03 }, 4, 0x2000 },
};

static void test_lengths_and_addresses(void **state)
{
	const struct kvm_sregs sregs = { .fs = { .base = FS_BASE } };
	struct x86_insn insn;
	uint64_t ea;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct insn_case *c = &cases[i];

		print_message("case %zu\n", i);
		assert_int_equal(x86_insn_decode(c->bytes, X86_INSN_MAX, &insn),
				 c->len);
		assert_int_equal(insn.len, c->len);
		if (c->ea == NO_MEM) {
			assert_false(kvm_insn_mem_addr(&insn, &test_regs,
						       &sregs, NEXT_RIP, &ea));
			continue;
		}
		assert_true(kvm_insn_mem_addr(&insn, &test_regs, &sregs,
					      NEXT_RIP, &ea));
		assert_int_equal(ea, c->ea);
	}
}

/* Exactly as many bytes as the instruction: decodes; one fewer: not. */
static void test_truncated(void **state)
{
	struct x86_insn insn;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(x86_insn_decode(cases[i].bytes, cases[i].len,
						 &insn), cases[i].len);
		assert_int_equal(x86_insn_decode(cases[i].bytes,
						 cases[i].len - 1, &insn), 0);
	}
}

/* kvm/kvm_rip.c tells I/O instructions apart by map, opcode and 0x66;
 * the nesting stage's I/O exit qualification asks for REP too. */
static void test_opcode_fields(void **state)
{
	static const uint8_t out_dx_ax[] = { 0x66, 0xef },   /* out %ax,(%dx) */
			     in_imm[] = { 0xe4, 0x60 },      /* in $0x60,%al */
			     rep_outsw[] = { 0xf3, 0x66, 0x6f },
			     pshufb[] = { 0x66, 0x0f, 0x38, 0x00, 0x11 };
	struct x86_insn insn;

	(void)state;
	assert_int_equal(x86_insn_decode(out_dx_ax, 2, &insn), 2);
	assert_int_equal(insn.map, 0);
	assert_int_equal(insn.opcode, 0xef);
	assert_true(insn.opsize16);
	assert_int_equal(insn.rep, 0);
	assert_int_equal(x86_insn_decode(in_imm, 2, &insn), 2);
	assert_int_equal(insn.opcode, 0xe4);
	assert_false(insn.opsize16);
	assert_int_equal(x86_insn_decode(rep_outsw, 3, &insn), 3);
	assert_int_equal(insn.opcode, 0x6f);
	assert_int_equal(insn.rep, 0xf3);
	assert_int_equal(x86_insn_decode(pshufb, 5, &insn), 5);
	assert_int_equal(insn.map, 2);
	assert_int_equal(insn.opcode, 0x00);
}

/* REX.W wins over 0x66: the Iz immediate stays 4 bytes (SDM Vol. 2A,
 * 2.2.1.2); only 0x66 alone makes it 2. */
static void test_rex_w_over_opsize(void **state)
{
	static const uint8_t add_rsp[] = { 0x66, 0x48, 0x81, 0xc4,  /* add $0x1000,%rsp */
					   0x00, 0x10, 0x00, 0x00 },
			     add_rax[] = { 0x66, 0x48, 0x05,        /* add $0x10,%rax */
					   0x10, 0x00, 0x00, 0x00 },
			     add_ax[] = { 0x66, 0x05, 0x10, 0x00 }; /* add $0x10,%ax */
	struct x86_insn insn;

	(void)state;
	assert_int_equal(x86_insn_decode(add_rsp, sizeof(add_rsp), &insn), 8);
	assert_int_equal(x86_insn_decode(add_rax, sizeof(add_rax), &insn), 7);
	assert_int_equal(x86_insn_decode(add_ax, sizeof(add_ax), &insn), 4);
}

static void test_invalid_in_64bit_mode(void **state)
{
	/* push %es, aaa, into: gone in 64-bit mode */
	static const uint8_t push_es[] = { 0x06 }, aaa[] = { 0x37 },
			     into[] = { 0xce };
	struct x86_insn insn;

	(void)state;
	assert_int_equal(x86_insn_decode(push_es, 1, &insn), 0);
	assert_int_equal(x86_insn_decode(aaa, 1, &insn), 0);
	assert_int_equal(x86_insn_decode(into, 1, &insn), 0);
}

/* A group's reserved slot is no instruction either; its neighbours are,
 * and UD1 has a length although it raises #UD (x86_insn_invalid()). */
static void test_reserved_group_slots(void **state)
{
	static const uint8_t ff7[] = { 0xff, 0x38 }, ff6[] = { 0xff, 0x30 },
			     c7_1[] = { 0xc7, 0xc8, 1, 0, 0, 0 },
			     ba_0[] = { 0x0f, 0xba, 0xc0, 1 },
			     ba_4[] = { 0x0f, 0xba, 0xe0, 1 },
			     ud1[] = { 0x0f, 0xb9, 0xc0 };
	struct x86_insn insn;

	(void)state;
	assert_int_equal(x86_insn_decode(ff7, 2, &insn), 0);
	assert_int_equal(x86_insn_decode(ff6, 2, &insn), 2);   /* push [rax] */
	assert_int_equal(x86_insn_decode(c7_1, 6, &insn), 0);
	assert_int_equal(x86_insn_decode(ba_0, 4, &insn), 0);
	assert_int_equal(x86_insn_decode(ba_4, 4, &insn), 4);  /* bt eax, 1 */
	assert_int_equal(x86_insn_decode(ud1, 3, &insn), 3);
	assert_true(x86_insn_invalid(1, 0xb9));
	assert_true(x86_insn_invalid(0, 0x3f));
	assert_false(x86_insn_invalid(0, 0xc5));   /* VEX: a prefix */
	assert_true(x86_insn_reserved(0, 0xfe, 0x10));
	assert_false(x86_insn_reserved(0, 0xfe, 0x08));
}

/* Prefixes alone, and anything longer than 15 bytes, are no instruction. */
static void test_prefixes_only_and_too_long(void **state)
{
	uint8_t bytes[X86_INSN_MAX + 1];
	struct x86_insn insn;

	(void)state;
	memset(bytes, 0x66, sizeof(bytes));
	assert_int_equal(x86_insn_decode(bytes, 3, &insn), 0);
	bytes[X86_INSN_MAX] = 0x90;               /* 15 prefixes + nop */
	assert_int_equal(x86_insn_decode(bytes, sizeof(bytes), &insn), 0);
	bytes[X86_INSN_MAX - 1] = 0x90;           /* 14 prefixes + nop */
	assert_int_equal(x86_insn_decode(bytes, sizeof(bytes), &insn),
			 X86_INSN_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lengths_and_addresses),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_opcode_fields),
		cmocka_unit_test(test_rex_w_over_opsize),
		cmocka_unit_test(test_invalid_in_64bit_mode),
		cmocka_unit_test(test_reserved_group_slots),
		cmocka_unit_test(test_prefixes_only_and_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
