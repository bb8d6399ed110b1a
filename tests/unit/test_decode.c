/*
 * tests/unit/test_decode.c - the software CPU's x86-64 decoder
 * (cpu/decode.c): lengths, operations, operands and effective-address
 * fields, prefix and REX rules, and the error returns.
 *
 * Every case is raw bytes with its disassembly (Intel syntax, as objdump -M
 * intel prints it) in the comment.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/decode.h"

#define NONE INSN_REG_NONE

/* Decode a whole byte array, which must be exactly one instruction. */
static struct insn decode_exact(const uint8_t *bytes, size_t n)
{
	struct insn insn;

	assert_int_equal(decode_insn(bytes, n, &insn), (int)n);
	assert_int_equal(insn.length, n);
	return insn;
}

#define DECODE(...) decode_exact((const uint8_t[]){ __VA_ARGS__ }, \
	sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void assert_reg(const struct insn_operand *opd, uint8_t reg,
		       uint8_t size, bool high_byte)
{
	assert_int_equal(opd->kind, INSN_OPD_REG);
	assert_int_equal(opd->reg, reg);
	assert_int_equal(opd->size, size);
	assert_int_equal(opd->high_byte, high_byte);
}

static void assert_mem(const struct insn_operand *opd, uint8_t base,
		       uint8_t index, uint8_t scale, int64_t disp, uint8_t size)
{
	assert_int_equal(opd->kind, INSN_OPD_MEM);
	assert_int_equal(opd->mem.base, base);
	assert_int_equal(opd->mem.index, index);
	assert_int_equal(opd->mem.scale, scale);
	assert_int_equal(opd->mem.disp, disp);
	assert_false(opd->mem.rip_relative);
	assert_int_equal(opd->size, size);
}

static void assert_imm(const struct insn_operand *opd, int64_t imm,
		       uint8_t size)
{
	assert_int_equal(opd->kind, INSN_OPD_IMM);
	assert_int_equal(opd->imm, imm);
	assert_int_equal(opd->size, size);
}

static void test_modrm_sib_disp8(void **state)
{
	/* 48 8b 44 8b 10   mov rax, [rbx+rcx*4+0x10] */
	struct insn i = DECODE(0x48, 0x8b, 0x44, 0x8b, 0x10);

	(void)state;
	assert_int_equal(i.op, INSN_MOV);
	assert_int_equal(i.opsize, 8);
	assert_int_equal(i.addrsize, 8);
	assert_int_equal(i.operand_count, 2);
	assert_reg(&i.operand[0], 0, 8, false);
	assert_mem(&i.operand[1], 3, 1, 4, 0x10, 8);
	assert_int_equal(i.operand[1].mem.segment, INSN_SEG_DS);
}

static void test_modrm_forms(void **state)
{
	/* 8b 45 f8   mov eax, [rbp-0x8]: RBP base defaults to SS */
	struct insn i = DECODE(0x8b, 0x45, 0xf8);

	(void)state;
	assert_mem(&i.operand[1], 5, NONE, 1, -8, 4);
	assert_int_equal(i.operand[1].mem.segment, INSN_SEG_SS);
	/* 8b 04 24   mov eax, [rsp]: rm=100 needs a SIB, index 100 = none */
	i = DECODE(0x8b, 0x04, 0x24);
	assert_mem(&i.operand[1], 4, NONE, 1, 0, 4);
	assert_int_equal(i.operand[1].mem.segment, INSN_SEG_SS);
	/* 41 8b 04 24   mov eax, [r12]: same SIB, REX.B makes it R12, DS */
	i = DECODE(0x41, 0x8b, 0x04, 0x24);
	assert_mem(&i.operand[1], 12, NONE, 1, 0, 4);
	assert_int_equal(i.operand[1].mem.segment, INSN_SEG_DS);
	/* 41 8b 45 00   mov eax, [r13+0x0]: R13 as base needs a disp8 */
	i = DECODE(0x41, 0x8b, 0x45, 0x00);
	assert_mem(&i.operand[1], 13, NONE, 1, 0, 4);
	/* 42 8b 04 20   mov eax, [rax+r12*1]: index 100 with REX.X is R12 */
	i = DECODE(0x42, 0x8b, 0x04, 0x20);
	assert_mem(&i.operand[1], 0, 12, 1, 0, 4);
	/* 8b 84 f7 00 00 00 80   mov eax, [rdi+rsi*8-0x80000000] */
	i = DECODE(0x8b, 0x84, 0xf7, 0x00, 0x00, 0x00, 0x80);
	assert_mem(&i.operand[1], 7, 6, 8, -0x80000000LL, 4);
	/* 4f 8b 84 c7 10 00 00 00   mov r8, [r15+r8*8+0x10] */
	i = DECODE(0x4f, 0x8b, 0x84, 0xc7, 0x10, 0x00, 0x00, 0x00);
	assert_reg(&i.operand[0], 8, 8, false);
	assert_mem(&i.operand[1], 15, 8, 8, 0x10, 8);
	/* 89 d8   mov eax, ebx: mod=11, the r/m operand is a register */
	i = DECODE(0x89, 0xd8);
	assert_reg(&i.operand[0], 0, 4, false);
	assert_reg(&i.operand[1], 3, 4, false);
}

static void test_rip_relative(void **state)
{
	/* 48 8d 05 78 56 34 12   lea rax, [rip+0x12345678] */
	struct insn i = DECODE(0x48, 0x8d, 0x05, 0x78, 0x56, 0x34, 0x12);

	(void)state;
	assert_int_equal(i.op, INSN_LEA);
	assert_int_equal(i.operand[1].kind, INSN_OPD_MEM);
	assert_true(i.operand[1].mem.rip_relative);
	assert_int_equal(i.operand[1].mem.base, NONE);
	assert_int_equal(i.operand[1].mem.index, NONE);
	assert_int_equal(i.operand[1].mem.disp, 0x12345678);
	assert_int_equal(i.operand[1].size, 0);
	/* 41 8b 0d f0 ff ff ff   mov ecx, [rip-0x10]: REX.B does not matter */
	i = DECODE(0x41, 0x8b, 0x0d, 0xf0, 0xff, 0xff, 0xff);
	assert_true(i.operand[1].mem.rip_relative);
	assert_int_equal(i.operand[1].mem.disp, -0x10);
	/* 8b 05 ... with 67: still relative (to EIP); only addrsize changes */
	i = DECODE(0x67, 0x8b, 0x05, 0x00, 0x01, 0x00, 0x00);
	assert_true(i.operand[1].mem.rip_relative);
	assert_int_equal(i.addrsize, 4);
}

static void test_sib_no_base(void **state)
{
	/* 8b 04 8d 00 10 00 00   mov eax, [rcx*4+0x1000] */
	struct insn i = DECODE(0x8b, 0x04, 0x8d, 0x00, 0x10, 0x00, 0x00);

	(void)state;
	assert_mem(&i.operand[1], NONE, 1, 4, 0x1000, 4);
	/* 8b 04 25 78 56 34 12   mov eax, ds:0x12345678 (no base, no index) */
	i = DECODE(0x8b, 0x04, 0x25, 0x78, 0x56, 0x34, 0x12);
	assert_mem(&i.operand[1], NONE, NONE, 1, 0x12345678, 4);
	assert_int_equal(i.operand[1].mem.segment, INSN_SEG_DS);
	/* 43 8b 04 2d 00 00 00 00   mov eax, [r13*1+0x0]: SIB base 101 with
	 * mod=00 means "no base, disp32" even when REX.B would name R13 */
	i = DECODE(0x43, 0x8b, 0x04, 0x2d, 0x00, 0x00, 0x00, 0x00);
	assert_mem(&i.operand[1], NONE, 13, 1, 0, 4);
	/* 41 8b 44 25 08   mov eax, [r13+0x8]: with mod=01 base 101 is R13 */
	i = DECODE(0x41, 0x8b, 0x44, 0x25, 0x08);
	assert_mem(&i.operand[1], 13, NONE, 1, 8, 4);
}

static void test_byte_registers(void **state)
{
	/* 88 f0   mov al, dh: without REX, reg 6 is DH */
	struct insn i = DECODE(0x88, 0xf0);

	(void)state;
	assert_reg(&i.operand[0], 0, 1, false);
	assert_reg(&i.operand[1], 2, 1, true);
	/* 40 88 f0   mov al, sil: any REX, even 40, makes it SIL */
	i = DECODE(0x40, 0x88, 0xf0);
	assert_reg(&i.operand[1], 6, 1, false);
	/* 44 88 f8   mov al, r15b */
	i = DECODE(0x44, 0x88, 0xf8);
	assert_reg(&i.operand[1], 15, 1, false);
	/* b4 12   mov ah, 0x12 */
	i = DECODE(0xb4, 0x12);
	assert_reg(&i.operand[0], 0, 1, true);
	assert_imm(&i.operand[1], 0x12, 1);
	/* 0f b6 c7   movzx eax, bh */
	i = DECODE(0x0f, 0xb6, 0xc7);
	assert_int_equal(i.op, INSN_MOVZX);
	assert_reg(&i.operand[1], 3, 1, true);
}

static void test_rex_rules(void **state)
{
	/* 48 66 89 c0   mov ax, ax: a REX followed by a prefix is ignored */
	struct insn i = DECODE(0x48, 0x66, 0x89, 0xc0);

	(void)state;
	assert_int_equal(i.opsize, 2);
	assert_int_equal(i.rex, 0);
	/* 66 48 89 c0   mov rax, rax: REX.W wins over 66 */
	i = DECODE(0x66, 0x48, 0x89, 0xc0);
	assert_int_equal(i.opsize, 8);
	/* 41 48 89 c0   mov rax, rax: only the last REX counts (no REX.B) */
	i = DECODE(0x41, 0x48, 0x89, 0xc0);
	assert_reg(&i.operand[0], 0, 8, false);
	/* 4c 89 c0   mov rax, r8 (REX.R) / 49 89 c0   mov r8, rax (REX.B) */
	i = DECODE(0x4c, 0x89, 0xc0);
	assert_reg(&i.operand[1], 8, 8, false);
	i = DECODE(0x49, 0x89, 0xc0);
	assert_reg(&i.operand[0], 8, 8, false);
	/* 41 54   push r12 / 66 50   push ax: PUSH defaults to 64 bits */
	i = DECODE(0x41, 0x54);
	assert_int_equal(i.op, INSN_PUSH);
	assert_reg(&i.operand[0], 12, 8, false);
	i = DECODE(0x66, 0x50);
	assert_reg(&i.operand[0], 0, 2, false);
	/* 90 nop / 48 90 nop / f3 90 pause / 41 90 xchg r8d, eax */
	assert_int_equal(DECODE(0x90).op, INSN_NOP);
	assert_int_equal(DECODE(0x48, 0x90).op, INSN_NOP);
	assert_int_equal(DECODE(0xf3, 0x90).op, INSN_PAUSE);
	i = DECODE(0x41, 0x90);
	assert_int_equal(i.op, INSN_XCHG);
	assert_reg(&i.operand[0], 8, 4, false);
	assert_reg(&i.operand[1], 0, 4, false);
}

static void test_immediates(void **state)
{
	/* 66 81 c3 34 12   add bx, 0x1234 */
	struct insn i = DECODE(0x66, 0x81, 0xc3, 0x34, 0x12);

	(void)state;
	assert_int_equal(i.op, INSN_ADD);
	assert_reg(&i.operand[0], 3, 2, false);
	assert_imm(&i.operand[1], 0x1234, 2);
	/* 66 c7 00 34 12   mov word [rax], 0x1234 */
	i = DECODE(0x66, 0xc7, 0x00, 0x34, 0x12);
	assert_mem(&i.operand[0], 0, NONE, 1, 0, 2);
	assert_imm(&i.operand[1], 0x1234, 2);
	/* 66 b8 34 12   mov ax, 0x1234 */
	assert_imm(&DECODE(0x66, 0xb8, 0x34, 0x12).operand[1], 0x1234, 2);
	/* 48 b8 88 77 66 55 44 33 22 11   movabs rax, 0x1122334455667788 */
	i = DECODE(0x48, 0xb8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11);
	assert_imm(&i.operand[1], 0x1122334455667788LL, 8);
	/* 49 bf ... movabs r15, -2 */
	i = DECODE(0x49, 0xbf, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
	assert_reg(&i.operand[0], 15, 8, false);
	assert_imm(&i.operand[1], -2, 8);
	/* 48 c7 c0 ff ff ff ff   mov rax, -1: imm32 sign-extended */
	assert_imm(&DECODE(0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff)
			    .operand[1], -1, 8);
	/* 48 83 c4 f8   add rsp, -8: imm8 sign-extended */
	assert_imm(&DECODE(0x48, 0x83, 0xc4, 0xf8).operand[1], -8, 8);
	/* 48 69 c1 00 01 00 00   imul rax, rcx, 0x100 */
	i = DECODE(0x48, 0x69, 0xc1, 0x00, 0x01, 0x00, 0x00);
	assert_int_equal(i.op, INSN_IMUL);
	assert_int_equal(i.operand_count, 3);
	assert_imm(&i.operand[2], 0x100, 8);
	/* c8 10 00 01   enter 0x10, 0x1 */
	i = DECODE(0xc8, 0x10, 0x00, 0x01);
	assert_imm(&i.operand[0], 0x10, 2);
	assert_imm(&i.operand[1], 1, 1);
	/* 6a ff   push -1 (64-bit push of a sign-extended imm8) */
	i = DECODE(0x6a, 0xff);
	assert_int_equal(i.opsize, 8);
	assert_imm(&i.operand[0], -1, 8);
	/* c1 e0 04   shl eax, 4 / d1 f8   sar eax, 1 / d3 e8   shr eax, cl */
	assert_imm(&DECODE(0xc1, 0xe0, 0x04).operand[1], 4, 1);
	assert_imm(&DECODE(0xd1, 0xf8).operand[1], 1, 1);
	assert_reg(&DECODE(0xd3, 0xe8).operand[1], 1, 1, false);
	/* f6 c1 80   test cl, 0x80 (group 3 /0 carries an immediate) */
	i = DECODE(0xf6, 0xc1, 0x80);
	assert_int_equal(i.op, INSN_TEST);
	assert_imm(&i.operand[1], 0x80, 1);
}

static void test_moffs(void **state)
{
	/* 48 a1 88 77 66 55 44 33 22 11   movabs rax, [0x1122334455667788] */
	struct insn i = DECODE(0x48, 0xa1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33,
			       0x22, 0x11);

	(void)state;
	assert_reg(&i.operand[0], 0, 8, false);
	assert_mem(&i.operand[1], NONE, NONE, 1, 0x1122334455667788LL, 8);
	/* 64 a2 08 00 00 00 00 00 00 00   movabs fs:0x8, al */
	i = DECODE(0x64, 0xa2, 0x08, 0, 0, 0, 0, 0, 0, 0);
	assert_mem(&i.operand[0], NONE, NONE, 1, 8, 1);
	assert_int_equal(i.operand[0].mem.segment, INSN_SEG_FS);
	/* 67 a0 78 56 34 12   addr32 mov al, [0x12345678] */
	i = DECODE(0x67, 0xa0, 0x78, 0x56, 0x34, 0x12);
	assert_mem(&i.operand[1], NONE, NONE, 1, 0x12345678, 1);
}

static void test_prefixes(void **state)
{
	/* 64 48 8b 04 25 28 00 00 00   mov rax, fs:0x28 */
	struct insn i = DECODE(0x64, 0x48, 0x8b, 0x04, 0x25, 0x28, 0, 0, 0);

	(void)state;
	assert_true(i.has_segment);
	assert_int_equal(i.operand[1].mem.segment, INSN_SEG_FS);
	/* 2e 65 8b 00   mov eax, gs:[rax]: the last override counts */
	assert_int_equal(DECODE(0x2e, 0x65, 0x8b, 0x00).operand[1].mem.segment,
			 INSN_SEG_GS);
	/* f3 48 a5   rep movsq */
	i = DECODE(0xf3, 0x48, 0xa5);
	assert_int_equal(i.op, INSN_MOVS);
	assert_int_equal(i.rep, INSN_REP_F3);
	assert_int_equal(i.opsize, 8);
	assert_int_equal(i.operand_count, 0);
	/* f2 ae   repne scasb */
	i = DECODE(0xf2, 0xae);
	assert_int_equal(i.op, INSN_SCAS);
	assert_int_equal(i.rep, INSN_REP_F2);
	assert_int_equal(i.opsize, 1);
	/* 67 f3 aa   rep stos byte [edi], al (32-bit addresses) */
	assert_int_equal(DECODE(0x67, 0xf3, 0xaa).addrsize, 4);
	/* f0 48 0f b1 0a   lock cmpxchg [rdx], rcx */
	i = DECODE(0xf0, 0x48, 0x0f, 0xb1, 0x0a);
	assert_int_equal(i.op, INSN_CMPXCHG);
	assert_true(i.lock);
	assert_mem(&i.operand[0], 2, NONE, 1, 0, 8);
	assert_reg(&i.operand[1], 1, 8, false);
	/* 66 f0 ff 00   lock inc word [rax]: prefixes in any order */
	i = DECODE(0x66, 0xf0, 0xff, 0x00);
	assert_int_equal(i.op, INSN_INC);
	assert_true(i.lock);
	assert_int_equal(i.opsize, 2);
}

static void test_branches(void **state)
{
	/* 74 fe   je . (rel8 -2) */
	struct insn i = DECODE(0x74, 0xfe);

	(void)state;
	assert_int_equal(i.op, INSN_JCC);
	assert_int_equal(i.cc, 4);
	assert_int_equal(i.operand[0].kind, INSN_OPD_REL);
	assert_int_equal(i.operand[0].imm, -2);
	/* 0f 85 10 00 00 00   jne +0x10 */
	i = DECODE(0x0f, 0x85, 0x10, 0x00, 0x00, 0x00);
	assert_int_equal(i.cc, 5);
	assert_int_equal(i.operand[0].imm, 0x10);
	/* e8 00 00 00 80   call -0x80000000 */
	i = DECODE(0xe8, 0x00, 0x00, 0x00, 0x80);
	assert_int_equal(i.op, INSN_CALL);
	assert_int_equal(i.operand[0].imm, -0x80000000LL);
	/* 67 e8 00 00 00 00   addr32 call (what ld's relaxation emits) */
	assert_int_equal(DECODE(0x67, 0xe8, 0, 0, 0, 0).op, INSN_CALL);
	/* ff d0   call rax: 64-bit without REX.W */
	i = DECODE(0xff, 0xd0);
	assert_int_equal(i.opsize, 8);
	assert_reg(&i.operand[0], 0, 8, false);
	/* ff 24 c5 00 10 00 00   jmp [rax*8+0x1000] */
	i = DECODE(0xff, 0x24, 0xc5, 0x00, 0x10, 0x00, 0x00);
	assert_int_equal(i.op, INSN_JMP);
	assert_mem(&i.operand[0], NONE, 0, 8, 0x1000, 8);
	/* c2 08 00   ret 0x8 */
	assert_imm(&DECODE(0xc2, 0x08, 0x00).operand[0], 8, 2);
	/* 0f 9c c0   setl al / 48 0f 4f c1   cmovg rax, rcx */
	i = DECODE(0x0f, 0x9c, 0xc0);
	assert_int_equal(i.op, INSN_SETCC);
	assert_int_equal(i.cc, 0xc);
	i = DECODE(0x48, 0x0f, 0x4f, 0xc1);
	assert_int_equal(i.op, INSN_CMOVCC);
	assert_int_equal(i.cc, 0xf);
}

static void test_system(void **state)
{
	/* 0f 20 d8   mov rax, cr3 */
	struct insn i = DECODE(0x0f, 0x20, 0xd8);

	(void)state;
	assert_int_equal(i.op, INSN_MOV_FROM_CR);
	assert_reg(&i.operand[0], 0, 8, false);
	assert_int_equal(i.operand[1].kind, INSN_OPD_CREG);
	assert_int_equal(i.operand[1].reg, 3);
	/* 0f 22 04   mov cr0, rsp: mod is ignored, so no SIB follows */
	i = DECODE(0x0f, 0x22, 0x04);
	assert_int_equal(i.operand[0].reg, 0);
	assert_reg(&i.operand[1], 4, 8, false);
	/* 44 0f 22 c0   mov cr8, rax */
	assert_int_equal(DECODE(0x44, 0x0f, 0x22, 0xc0).operand[0].reg, 8);
	/* 0f 01 15 00 10 00 00   lgdt [rip+0x1000] */
	i = DECODE(0x0f, 0x01, 0x15, 0x00, 0x10, 0x00, 0x00);
	assert_int_equal(i.op, INSN_LGDT);
	assert_true(i.operand[0].mem.rip_relative);
	/* 0f 01 1f lidt [rdi] / 0f 01 38 invlpg [rax] / 0f 01 f8 swapgs */
	assert_int_equal(DECODE(0x0f, 0x01, 0x1f).op, INSN_LIDT);
	assert_int_equal(DECODE(0x0f, 0x01, 0x38).op, INSN_INVLPG);
	assert_int_equal(DECODE(0x0f, 0x01, 0xf8).op, INSN_SWAPGS);
	/* 0f 00 d8   ltr ax */
	i = DECODE(0x0f, 0x00, 0xd8);
	assert_int_equal(i.op, INSN_LTR);
	assert_reg(&i.operand[0], 0, 2, false);
	/* 0f 01 07 sgdt [rdi] / 0f 01 0e sidt [rsi]: an address only */
	i = DECODE(0x0f, 0x01, 0x07);
	assert_int_equal(i.op, INSN_SGDT);
	assert_int_equal(i.operand[0].kind, INSN_OPD_MEM);
	assert_int_equal(i.operand[0].size, 0);
	assert_int_equal(DECODE(0x0f, 0x01, 0x0e).op, INSN_SIDT);
	/* 48 0f 00 c1 sldt rcx / 0f 00 08 str [rax]: a register as wide as
	 * the operand size, memory 16 bits even with REX.W (48 0f 01 20
	 * smsw [rax]) */
	i = DECODE(0x48, 0x0f, 0x00, 0xc1);
	assert_int_equal(i.op, INSN_SLDT);
	assert_reg(&i.operand[0], 1, 8, false);
	i = DECODE(0x0f, 0x00, 0x08);
	assert_int_equal(i.op, INSN_STR);
	assert_int_equal(i.operand[0].size, 2);
	i = DECODE(0x48, 0x0f, 0x01, 0x20);
	assert_int_equal(i.op, INSN_SMSW);
	assert_int_equal(i.operand[0].size, 2);
	/* 66 0f 01 e2 smsw dx: the register form of 0f 01 /4 */
	i = DECODE(0x66, 0x0f, 0x01, 0xe2);
	assert_int_equal(i.op, INSN_SMSW);
	assert_reg(&i.operand[0], 2, 2, false);
	/* 8e d8   mov ds, eax / 8c 18   mov [rax], ds (16-bit store) */
	i = DECODE(0x8e, 0xd8);
	assert_int_equal(i.op, INSN_MOV_TO_SREG);
	assert_int_equal(i.operand[0].kind, INSN_OPD_SREG);
	assert_int_equal(i.operand[0].reg, INSN_SEG_DS);
	assert_mem(&DECODE(0x8c, 0x18).operand[0], 0, NONE, 1, 0, 2);
	/* 48 cf iretq / cf iretd / 48 0f 07 sysretq */
	assert_int_equal(DECODE(0x48, 0xcf).opsize, 8);
	assert_int_equal(DECODE(0xcf).opsize, 4);
	assert_int_equal(DECODE(0x48, 0x0f, 0x07).opsize, 8);
	/* cd 80   int 0x80 */
	i = DECODE(0xcd, 0x80);
	assert_int_equal(i.op, INSN_INT);
	assert_imm(&i.operand[0], 0x80, 1);
}

static void test_io(void **state)
{
	/* e4 60   in al, 0x60 */
	struct insn i = DECODE(0xe4, 0x60);

	(void)state;
	assert_int_equal(i.op, INSN_IN);
	assert_reg(&i.operand[0], 0, 1, false);
	assert_imm(&i.operand[1], 0x60, 1);
	/* 66 ef   out dx, ax */
	i = DECODE(0x66, 0xef);
	assert_int_equal(i.op, INSN_OUT);
	assert_reg(&i.operand[0], 2, 2, false);
	assert_reg(&i.operand[1], 0, 2, false);
	/* 48 ed   in eax, dx: REX.W does not make I/O 64-bit */
	assert_int_equal(DECODE(0x48, 0xed).opsize, 4);
	/* f3 6c   rep insb / 66 6f   outsw */
	assert_int_equal(DECODE(0xf3, 0x6c).op, INSN_INS);
	assert_int_equal(DECODE(0x66, 0x6f).opsize, 2);
}

/* Operation and length of one instruction of each supported family. */
struct family_case {
	uint8_t bytes[INSN_MAX_LENGTH];
	uint8_t length;
	enum insn_op op;
	uint8_t opsize;
};

static const struct family_case families[] = {
	{ { 0x01, 0xd8 }, 2, INSN_ADD, 4 },		/* add eax, ebx */
	{ { 0x08, 0xe0 }, 2, INSN_OR, 1 },		/* or al, ah */
	{ { 0x11, 0x08 }, 2, INSN_ADC, 4 },		/* adc [rax], ecx */
	{ { 0x1a, 0xc1 }, 2, INSN_SBB, 1 },		/* sbb al, cl */
	{ { 0x25, 0xff, 0, 0, 0 }, 5, INSN_AND, 4 },	/* and eax, 0xff */
	{ { 0x2c, 0x01 }, 2, INSN_SUB, 1 },		/* sub al, 1 */
	{ { 0x48, 0x33, 0xc0 }, 3, INSN_XOR, 8 },	/* xor rax, rax */
	{ { 0x80, 0x38, 0x2f }, 3, INSN_CMP, 1 },	/* cmp byte [rax], '/' */
	{ { 0xc0, 0xc0, 0x03 }, 3, INSN_ROL, 1 },	/* rol al, 3 */
	{ { 0xd1, 0xc8 }, 2, INSN_ROR, 4 },		/* ror eax, 1 */
	{ { 0xd0, 0xd0 }, 2, INSN_RCL, 1 },		/* rcl al, 1 */
	{ { 0x48, 0xd3, 0xd8 }, 3, INSN_RCR, 8 },	/* rcr rax, cl */
	{ { 0x85, 0xc0 }, 2, INSN_TEST, 4 },		/* test eax, eax */
	{ { 0xa8, 0x01 }, 2, INSN_TEST, 1 },		/* test al, 1 */
	{ { 0xf7, 0xd0 }, 2, INSN_NOT, 4 },		/* not eax */
	{ { 0x48, 0xf7, 0xd8 }, 3, INSN_NEG, 8 },	/* neg rax */
	{ { 0xf7, 0xe1 }, 2, INSN_MUL, 4 },		/* mul ecx */
	{ { 0xf6, 0xe9 }, 2, INSN_IMUL1, 1 },		/* imul cl */
	{ { 0x48, 0xf7, 0xf1 }, 3, INSN_DIV, 8 },	/* div rcx */
	{ { 0xf7, 0x3b }, 2, INSN_IDIV, 4 },		/* idiv dword [rbx] */
	{ { 0x0f, 0xaf, 0xc1 }, 3, INSN_IMUL, 4 },	/* imul eax, ecx */
	{ { 0x6b, 0xc0, 0x0a }, 3, INSN_IMUL, 4 },	/* imul eax, eax, 10 */
	{ { 0xff, 0xc0 }, 2, INSN_INC, 4 },		/* inc eax */
	{ { 0xfe, 0x08 }, 2, INSN_DEC, 1 },		/* dec byte [rax] */
	{ { 0x0f, 0xa3, 0xc8 }, 3, INSN_BT, 4 },	/* bt eax, ecx */
	{ { 0x0f, 0xab, 0x08 }, 3, INSN_BTS, 4 },	/* bts [rax], ecx */
	{ { 0x0f, 0xb3, 0xc8 }, 3, INSN_BTR, 4 },	/* btr eax, ecx */
	{ { 0x0f, 0xbb, 0xc8 }, 3, INSN_BTC, 4 },	/* btc eax, ecx */
	{ { 0x0f, 0xba, 0xe0, 0x05 }, 4, INSN_BT, 4 },	/* bt eax, 5 */
	{ { 0x0f, 0xba, 0xf8, 0x05 }, 4, INSN_BTC, 4 },	/* btc eax, 5 */
	{ { 0xa4 }, 1, INSN_MOVS, 1 },			/* movsb */
	{ { 0xa7 }, 1, INSN_CMPS, 4 },			/* cmpsd */
	{ { 0x66, 0xab }, 2, INSN_STOS, 2 },		/* stosw */
	{ { 0x48, 0xad }, 2, INSN_LODS, 8 },		/* lodsq */
	{ { 0x6e }, 1, INSN_OUTS, 1 },			/* outsb */
	{ { 0xeb, 0x00 }, 2, INSN_JMP, 8 },		/* jmp .+2 */
	{ { 0xe9, 0, 0, 0, 0 }, 5, INSN_JMP, 8 },	/* jmp .+5 */
	{ { 0xc3 }, 1, INSN_RET, 8 },			/* ret */
	{ { 0x48, 0xcb }, 2, INSN_RETF, 8 },		/* retfq */
	{ { 0xca, 0x08, 0x00 }, 3, INSN_RETF, 4 },	/* retf 0x8 */
	{ { 0x68, 0, 0, 0, 1 }, 5, INSN_PUSH, 8 },	/* push 0x1000000 */
	{ { 0xff, 0x35, 0, 0, 0, 0 }, 6, INSN_PUSH, 8 },/* push [rip+0] */
	{ { 0x41, 0x5f }, 2, INSN_POP, 8 },		/* pop r15 */
	{ { 0x8f, 0x00 }, 2, INSN_POP, 8 },		/* pop qword [rax] */
	{ { 0xc9 }, 1, INSN_LEAVE, 8 },			/* leave */
	{ { 0x9c }, 1, INSN_PUSHF, 8 },			/* pushfq */
	{ { 0x9d }, 1, INSN_POPF, 8 },			/* popfq */
	{ { 0x86, 0xe0 }, 2, INSN_XCHG, 1 },		/* xchg al, ah */
	{ { 0x48, 0x87, 0x07 }, 3, INSN_XCHG, 8 },	/* xchg [rdi], rax */
	{ { 0x0f, 0xb0, 0x0a }, 3, INSN_CMPXCHG, 1 },	/* cmpxchg [rdx], cl */
	{ { 0xf0, 0x0f, 0xc1, 0x07 }, 4, INSN_XADD, 4 },/* lock xadd [rdi], eax */
	{ { 0x0f, 0xc0, 0xc8 }, 3, INSN_XADD, 1 },	/* xadd al, cl */
	{ { 0x0f, 0xb7, 0xc1 }, 3, INSN_MOVZX, 4 },	/* movzx eax, cx */
	{ { 0x48, 0x0f, 0xbe, 0xc1 }, 4, INSN_MOVSX, 8 },/* movsx rax, cl */
	{ { 0x48, 0x63, 0xc1 }, 3, INSN_MOVSXD, 8 },	/* movsxd rax, ecx */
	{ { 0x66, 0x98 }, 2, INSN_CBW, 2 },		/* cbw */
	{ { 0x48, 0x98 }, 2, INSN_CBW, 8 },		/* cdqe */
	{ { 0x99 }, 1, INSN_CWD, 4 },			/* cdq */
	{ { 0x48, 0x99 }, 2, INSN_CWD, 8 },		/* cqo */
	{ { 0x9e }, 1, INSN_SAHF, 1 },			/* sahf */
	{ { 0x9f }, 1, INSN_LAHF, 1 },			/* lahf */
	{ { 0x0f, 0x1f, 0x00 }, 3, INSN_NOP, 4 },	/* nop dword [rax] */
	{ { 0x66, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0 }, 9, INSN_NOP, 2 },
							/* nop word [rax+rax*1+0] */
	{ { 0x88, 0x07 }, 2, INSN_MOV, 1 },		/* mov [rdi], al */
	{ { 0xc6, 0x07, 0x00 }, 3, INSN_MOV, 1 },	/* mov byte [rdi], 0 */
	{ { 0x8c, 0xd8 }, 2, INSN_MOV_FROM_SREG, 4 },	/* mov eax, ds */
	{ { 0xf4 }, 1, INSN_HLT, 4 },			/* hlt */
	{ { 0xfa }, 1, INSN_CLI, 4 },			/* cli */
	{ { 0xfb }, 1, INSN_STI, 4 },			/* sti */
	{ { 0xf8 }, 1, INSN_CLC, 4 },			/* clc */
	{ { 0xf9 }, 1, INSN_STC, 4 },			/* stc */
	{ { 0xf5 }, 1, INSN_CMC, 4 },			/* cmc */
	{ { 0xfc }, 1, INSN_CLD, 4 },			/* cld */
	{ { 0xfd }, 1, INSN_STD, 4 },			/* std */
	{ { 0x0f, 0x32 }, 2, INSN_RDMSR, 4 },		/* rdmsr */
	{ { 0x0f, 0x30 }, 2, INSN_WRMSR, 4 },		/* wrmsr */
	{ { 0x0f, 0x05 }, 2, INSN_SYSCALL, 4 },		/* syscall */
	{ { 0xcc }, 1, INSN_INT3, 4 },			/* int3 */
	{ { 0x0f, 0xa2 }, 2, INSN_CPUID, 4 },		/* cpuid */
	{ { 0x0f, 0x31 }, 2, INSN_RDTSC, 4 },		/* rdtsc */
	{ { 0x0f, 0x0b }, 2, INSN_UD2, 4 },		/* ud2 */
};

static void test_families(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(families) / sizeof(families[0]); k++) {
		const struct family_case *c = &families[k];
		struct insn insn;

		assert_int_equal(decode_insn(c->bytes, c->length, &insn),
				 c->length);
		assert_int_equal(insn.op, c->op);
		assert_int_equal(insn.opsize, c->opsize);
	}
	assert_string_equal(decode_op_name(INSN_CMPXCHG), "cmpxchg");
	assert_string_equal(decode_op_name(INSN_MOV_TO_CR), "mov");
	assert_string_equal(decode_op_name(INSN_SGDT), "sgdt");
	assert_string_equal(decode_op_name(INSN_SIDT), "sidt");
	assert_string_equal(decode_op_name(INSN_SLDT), "sldt");
	assert_string_equal(decode_op_name(INSN_STR), "str");
	assert_string_equal(decode_op_name(INSN_SMSW), "smsw");
}

static void test_too_short(void **state)
{
	/* 48 8b 44 8b 10   mov rax, [rbx+rcx*4+0x10], cut at every byte */
	static const uint8_t code[] = { 0x48, 0x8b, 0x44, 0x8b, 0x10 };
	struct insn insn;

	(void)state;
	for (size_t n = 0; n < sizeof(code); n++)
		assert_int_equal(decode_insn(code, n, &insn), -ENODATA);
	/* 48 b8 + imm64 with only 9 of its 10 bytes */
	assert_int_equal(decode_insn((const uint8_t[]){ 0x48, 0xb8, 1, 2, 3,
						       4, 5, 6, 7 }, 9, &insn),
			 -ENODATA);
}

static void test_too_long(void **state)
{
	uint8_t code[16];
	struct insn insn;

	(void)state;
	/* 14 x 66, then 90: 15 bytes, the longest legal instruction */
	memset(code, 0x66, sizeof(code));
	code[14] = 0x90;
	assert_int_equal(decode_insn(code, 15, &insn), 15);
	/* 15 x 66, then 90: 16 bytes, #GP */
	code[14] = 0x66;
	code[15] = 0x90;
	assert_int_equal(decode_insn(code, 16, &insn), -E2BIG);
	/* 11 x 2e, then 48 c7 c0 imm32 (18 bytes): too long even though the
	 * caller offers only 15 */
	memset(code, 0x2e, 11);
	memcpy(code + 11, (const uint8_t[]){ 0x48, 0xc7, 0xc0, 0x01 }, 4);
	assert_int_equal(decode_insn(code, 15, &insn), -E2BIG);
}

/* Instructions the software CPU does not implement: -ENOTSUP, so the
 * backend stops with INTERNAL_ERROR instead of guessing. */
static void test_unsupported(void **state)
{
	static const struct {
		uint8_t bytes[4];
		size_t n;
	} cases[] = {
		{ { 0xd9, 0xc0 }, 2 },			/* fld st(0) (x87) */
		{ { 0x0f, 0x10, 0xc1 }, 3 },		/* movups xmm0, xmm1 */
		{ { 0xff, 0x1c, 0x24 }, 3 },		/* call far [rsp] */
		{ { 0x0f, 0x0f, 0xc1, 0x9e }, 4 },	/* 3DNow! pfadd */
		{ { 0x66, 0xe8, 0x00, 0x00 }, 4 },	/* call with 66: vendors differ */
		{ { 0xf6, 0xc8, 0x01 }, 3 },		/* f6 /1 (undocumented test) */
		{ { 0x0f, 0x01, 0xf0 }, 3 },		/* lmsw ax */
	};
	struct insn insn;

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		assert_int_equal(decode_insn(cases[k].bytes, cases[k].n, &insn),
				 -ENOTSUP);
}

/* What the architecture rejects in 64-bit mode: -EILSEQ, #UD. */
static void test_invalid_in_64bit(void **state)
{
	static const struct {
		uint8_t bytes[4];
		size_t n;
	} cases[] = {
		{ { 0x06 }, 1 },			/* push es */
		{ { 0x07 }, 1 },			/* pop es */
		{ { 0x0e }, 1 },			/* push cs */
		{ { 0x16 }, 1 },			/* push ss */
		{ { 0x17 }, 1 },			/* pop ss */
		{ { 0x1e }, 1 },			/* push ds */
		{ { 0x1f }, 1 },			/* pop ds */
		{ { 0x27 }, 1 },			/* daa */
		{ { 0x2f }, 1 },			/* das */
		{ { 0x37 }, 1 },			/* aaa */
		{ { 0x3f }, 1 },			/* aas */
		{ { 0x60 }, 1 },			/* pusha */
		{ { 0x61 }, 1 },			/* popa */
		{ { 0x62, 0xf1, 0x7c, 0x48 }, 4 },	/* EVEX prefix (no AVX-512) */
		{ { 0x82, 0xc0, 0x01 }, 3 },		/* 82 /0: add al, 1 in 32-bit */
		{ { 0x9a }, 1 },			/* call far ptr16:32 */
		{ { 0xc4, 0xe2, 0x79, 0x18 }, 4 },	/* 3-byte VEX (no AVX) */
		{ { 0xc5, 0xf8, 0x77 }, 3 },		/* vzeroupper: 2-byte VEX */
		{ { 0xce }, 1 },			/* into */
		{ { 0xd4, 0x0a }, 2 },			/* aam */
		{ { 0xd5, 0x0a }, 2 },			/* aad */
		{ { 0xd6 }, 1 },			/* (salc) */
		{ { 0xea }, 1 },			/* jmp far ptr16:32 */
		{ { 0x0f, 0xb9, 0xc0 }, 3 },		/* ud1 eax, eax */
		{ { 0x0f, 0xff, 0xc0 }, 3 },		/* ud0 eax, eax */
		{ { 0x8e, 0xc8 }, 2 },			/* mov cs, eax */
		{ { 0x0f, 0x20, 0xc8 }, 3 },		/* mov rax, cr1 */
		{ { 0x8d, 0xc0 }, 2 },			/* lea eax, eax */
		{ { 0xf0, 0x01, 0xc0 }, 3 },		/* lock add eax, eax */
		{ { 0xf0, 0x39, 0x00 }, 3 },		/* lock cmp [rax], eax */
		{ { 0x0f, 0x01, 0xc1 }, 3 },		/* vmcall: no VMX */
		{ { 0x0f, 0x01, 0xc8 }, 3 },		/* monitor: no MONITOR */
		{ { 0xf0, 0x0f, 0x01, 0x00 }, 4 },	/* lock sgdt [rax] */
		{ { 0xff, 0xf8 }, 2 },			/* ff /7: reserved */
		{ { 0xfe, 0x10 }, 2 },			/* fe /2 */
		{ { 0xc7, 0x08, 0, 0 }, 4 },		/* c7 /1 */
		{ { 0x0f, 0xba, 0x00, 0x01 }, 4 },	/* 0f ba /0 */
		{ { 0x0f, 0x04 }, 2 },			/* holes in the 0F map */
		{ { 0x0f, 0x26, 0xc0 }, 3 },
		{ { 0x0f, 0x3f }, 2 },
		{ { 0x0f, 0xa7 }, 2 },
	};
	struct insn insn;

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		assert_int_equal(decode_insn(cases[k].bytes, cases[k].n, &insn),
				 -EILSEQ);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modrm_sib_disp8),
		cmocka_unit_test(test_modrm_forms),
		cmocka_unit_test(test_rip_relative),
		cmocka_unit_test(test_sib_no_base),
		cmocka_unit_test(test_byte_registers),
		cmocka_unit_test(test_rex_rules),
		cmocka_unit_test(test_immediates),
		cmocka_unit_test(test_moffs),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_branches),
		cmocka_unit_test(test_system),
		cmocka_unit_test(test_io),
		cmocka_unit_test(test_families),
		cmocka_unit_test(test_too_short),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_unsupported),
		cmocka_unit_test(test_invalid_in_64bit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
