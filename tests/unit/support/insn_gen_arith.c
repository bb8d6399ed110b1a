/*
 * tests/unit/support/insn_gen_arith.c - the arithmetic families of the
 * instruction generator: ALU, shifts and rotates, multiply and divide,
 * NOT/NEG/INC/DEC/TEST, bit tests (insn_gen_encode.h).
 *
 * Opcodes: Intel SDM Vol. 2, appendix A (one-byte map, groups 1, 2, 3, 4, 8).
 */
#include "tests/unit/support/insn_gen_encode.h"

void gen_alu(struct insn_gen *g, struct insn_gen_seq *seq)
{
	unsigned op = (unsigned)insn_gen_below(g, 8), size = gen_size(g);
	bool low = gen_low(g, size), writes = op != 7;	/* 7: CMP */
	struct gen_enc e;

	switch (insn_gen_below(g, 4)) {
	case 0:		/* op r/m, r */
		gen_enc_init(&e, 1, (uint8_t)(op * 8 + (size == 1 ? 0 : 1)), 0);
		e.reg = gen_reg(g, size, low, false);
		gen_rm(g, seq, &e, size, low, writes);
		if (writes)
			gen_maybe_lock(g, &e);
		break;
	case 1:		/* op r, r/m */
		gen_enc_init(&e, 1, (uint8_t)(op * 8 + (size == 1 ? 2 : 3)), 0);
		e.reg = gen_reg(g, size, low, writes);
		gen_rm(g, seq, &e, size, low, false);
		break;
	case 2:		/* op AL/AX/EAX/RAX, imm */
		gen_enc_init(&e, 1, (uint8_t)(op * 8 + (size == 1 ? 4 : 5)), 0);
		e.imm = (int64_t)gen_value(g);
		e.imm_size = size == 8 ? 4 : size;
		break;
	default:	/* group 1: 80 /op ib, 81 /op iz, 83 /op ib */
		gen_enc_init(&e, 1, size == 1 ? 0x80 :
				    gen_chance(g, 2) ? 0x83 : 0x81, 0);
		e.reg = (int)op;
		e.reg_is_digit = true;
		gen_rm(g, seq, &e, size, low, writes);
		if (writes)
			gen_maybe_lock(g, &e);
		e.imm = (int64_t)gen_value(g);
		e.imm_size = e.opc[0] != 0x81 ? 1 : size == 8 ? 4 : size;
		break;
	}
	gen_set_size(&e, size);
	gen_emit(seq, GEN_ALU, &e);
}

/* A shift count: mostly within the operand width, sometimes beyond it
 * and beyond the 5/6-bit mask the CPU applies. */
static uint8_t shift_count(struct insn_gen *g, unsigned size)
{
	static const uint8_t edges[] = { 0, 1, 7, 8, 9, 15, 16, 17, 31, 32,
					 33, 63, 64, 65, 0x80, 0xff };

	switch (insn_gen_below(g, 8)) {
	case 0: case 1: case 2: case 3:
		return (uint8_t)insn_gen_below(g, 8 * size + 1);
	case 4: case 5:
		return (uint8_t)insn_gen_below(g, 64);
	case 6:
		return (uint8_t)insn_gen_random(g);
	default:
		return edges[insn_gen_below(g, sizeof(edges))];
	}
}

/* "mov cl, imm8" (B1 ib). */
static void set_cl(struct insn_gen_seq *seq, uint8_t value)
{
	struct gen_enc e;

	gen_enc_init(&e, 1, 0xb0, 0);
	e.plus_reg = GEN_RCX;
	e.rm8 = true;
	e.imm = value;
	e.imm_size = 1;
	gen_emit(seq, GEN_MOV, &e);
}

/* Group 2: D0/D1 by 1, D2/D3 by CL, C0/C1 by imm8; /6 (SAL) is left out. */
void gen_shift(struct insn_gen *g, struct insn_gen_seq *seq)
{
	static const uint8_t digits[] = { 0, 1, 2, 3, 4, 5, 7 };
	unsigned size = gen_size(g), form = (unsigned)insn_gen_below(g, 3);
	bool low = gen_low(g, size);
	uint8_t opcode = form == 0 ? 0xd0 : form == 1 ? 0xd2 : 0xc0;
	struct gen_enc e;

	if (form == 1 && gen_chance(g, 2))
		set_cl(seq, shift_count(g, size));
	gen_enc_init(&e, 1, (uint8_t)(opcode + (size == 1 ? 0 : 1)), 0);
	e.reg = digits[insn_gen_below(g, sizeof(digits))];
	e.reg_is_digit = true;
	e.has_modrm = true;
	if (gen_chance(g, 2))
		e.rm.reg = gen_reg(g, size, low, true);
	else
		gen_pick_mem(g, seq, &e.rm, gen_data_target(g, size, 0),
			     form == 1 ? 1u << GEN_RCX : 0, low);
	if (form == 2) {
		e.imm = shift_count(g, size);
		e.imm_size = 1;
	}
	gen_set_size(&e, size);
	gen_emit(seq, GEN_SHIFT, &e);
}

/* A nonzero value of size bytes, sign-extended when is_signed. */
static int64_t nonzero_value(struct insn_gen *g, unsigned size, bool is_signed)
{
	for (;;) {
		uint64_t v = gen_value(g) & gen_size_mask(size);
		int shift = 64 - 8 * (int)size;

		if (v == 0)
			continue;
		return is_signed ? (int64_t)(v << shift) >> shift : (int64_t)v;
	}
}

/*
 * A dividend for a divisor d such that the quotient fits: pick the
 * quotient q (size bytes) and a remainder r with |r| < |d| and the
 * dividend's sign, then dividend = q * d + r (SDM DIV/IDIV: #DE exactly
 * when the quotient does not fit).
 */
static __int128 safe_dividend(struct insn_gen *g, unsigned size, int64_t d,
			      bool is_signed)
{
	int shift = 64 - 8 * (int)size;
	uint64_t q_bits = gen_value(g) & gen_size_mask(size);
	unsigned __int128 magnitude = d < 0 && is_signed ?
		(unsigned __int128)(-(__int128)d) : (unsigned __int128)(uint64_t)d;
	__int128 r = (__int128)(insn_gen_random(g) % magnitude);
	__int128 product;

	if (!is_signed)
		return (__int128)((unsigned __int128)q_bits * (uint64_t)d +
				  (unsigned __int128)r);
	product = (__int128)((int64_t)(q_bits << shift) >> shift) * d;
	if (product < 0 || (product == 0 && gen_chance(g, 2)))
		r = -r;
	return product + r;
}

/* A value of size bytes at bit `at` of a register, random elsewhere. */
static uint64_t place(struct insn_gen *g, uint64_t value, unsigned size,
		      unsigned at)
{
	uint64_t mask = gen_size_mask(size) << at;

	return (insn_gen_random(g) & ~mask) | ((value << at) & mask);
}

/* "mov [disp32], imm" of size bytes (C6/C7 /0; imm32 sign-extended for
 * size 8). */
static void store_imm(struct insn_gen_seq *seq, uint64_t target,
		      unsigned size, int64_t value)
{
	struct gen_enc e;

	gen_enc_init(&e, 1, size == 1 ? 0xc6 : 0xc7, 0);
	e.has_modrm = true;
	e.reg_is_digit = true;
	e.rm.is_mem = true;
	e.rm.mem.disp = (int32_t)target;
	e.rm.mem.disp_size = 4;
	e.imm = value;
	e.imm_size = size == 8 ? 4 : size;
	gen_set_size(&e, size);
	gen_emit(seq, GEN_MOV, &e);
}

/* The divisor's register: not the dividend's (RAX, and RDX above bytes). */
static int divisor_reg(struct insn_gen *g, unsigned size, bool low)
{
	for (;;) {
		int reg = gen_reg(g, size, low, true);
		int full = reg >= GEN_AH ? reg - GEN_AH : reg;

		if (full != GEN_RAX && !(size > 1 && full == GEN_RDX))
			return reg;
	}
}

/* F6/F7 /6 DIV, /7 IDIV, after setting up a dividend that cannot #DE. */
static void gen_divide(struct insn_gen *g, struct insn_gen_seq *seq)
{
	unsigned size = gen_size(g), bits = 8 * size;
	bool is_signed = gen_chance(g, 2), in_memory = gen_chance(g, 3);
	bool low = gen_low(g, size);
	int64_t d = nonzero_value(g, in_memory && size == 8 ? 4 : size,
				  is_signed || (in_memory && size == 8));
	__int128 dividend = safe_dividend(g, size, d, is_signed);
	uint64_t target = gen_data_target(g, size, 0);
	struct gen_enc e;

	if (size == 1) {
		gen_set_reg64(seq, GEN_RAX, place(g, (uint64_t)dividend, 2, 0));
	} else {
		gen_set_reg64(seq, GEN_RDX, place(g, (uint64_t)(dividend >> bits),
						  size, 0));
		gen_set_reg64(seq, GEN_RAX, place(g, (uint64_t)dividend, size, 0));
	}
	gen_enc_init(&e, 1, size == 1 ? 0xf6 : 0xf7, 0);
	e.reg = is_signed ? 7 : 6;
	e.reg_is_digit = true;
	e.has_modrm = true;
	if (in_memory) {
		store_imm(seq, target, size, d);
		gen_pick_mem(g, seq, &e.rm, target,
			     1u << GEN_RAX | 1u << GEN_RDX, low);
	} else {
		e.rm.reg = divisor_reg(g, size, low);
		gen_set_reg64(seq, e.rm.reg >= GEN_AH ? e.rm.reg - GEN_AH : e.rm.reg,
			      place(g, (uint64_t)d, size,
				    e.rm.reg >= GEN_AH ? 8 : 0));
	}
	gen_set_size(&e, size);
	gen_emit(seq, GEN_MULDIV, &e);
}

void gen_muldiv(struct insn_gen *g, struct insn_gen_seq *seq)
{
	unsigned size = gen_wide_size(g), form = (unsigned)insn_gen_below(g, 5);
	struct gen_enc e;

	if (form >= 3) {
		gen_divide(g, seq);
		return;
	}
	if (form == 0) {		/* F6/F7 /4 MUL, /5 IMUL */
		size = gen_size(g);
		gen_enc_init(&e, 1, size == 1 ? 0xf6 : 0xf7, 0);
		e.reg = 4 + (int)insn_gen_below(g, 2);
		e.reg_is_digit = true;
		gen_rm(g, seq, &e, size, gen_low(g, size), false);
	} else if (form == 1) {		/* 0F AF IMUL r, r/m */
		gen_enc_init(&e, 2, 0x0f, 0xaf);
		e.reg = gen_reg(g, size, false, true);
		gen_rm(g, seq, &e, size, false, false);
	} else {			/* 69 IMUL r, r/m, iz; 6B ib */
		gen_enc_init(&e, 1, gen_chance(g, 2) ? 0x69 : 0x6b, 0);
		e.reg = gen_reg(g, size, false, true);
		gen_rm(g, seq, &e, size, false, false);
		e.imm = (int64_t)gen_value(g);
		e.imm_size = e.opc[0] == 0x6b ? 1 : size == 8 ? 4 : size;
	}
	gen_set_size(&e, size);
	gen_emit(seq, GEN_MULDIV, &e);
}

/* NOT/NEG (F6/F7 /2 /3), INC/DEC (FE/FF /0 /1), TEST (84/85, A8/A9,
 * F6/F7 /0). */
void gen_unary(struct insn_gen *g, struct insn_gen_seq *seq)
{
	unsigned size = gen_size(g), form = (unsigned)insn_gen_below(g, 5);
	bool low = gen_low(g, size);
	uint8_t byte_form = size == 1 ? 0 : 1;
	struct gen_enc e;

	if (form <= 1) {	/* NOT/NEG, INC/DEC */
		gen_enc_init(&e, 1, (uint8_t)((form == 0 ? 0xf6 : 0xfe) + byte_form), 0);
		e.reg = (form == 0 ? 2 : 0) + (int)insn_gen_below(g, 2);
		e.reg_is_digit = true;
		gen_rm(g, seq, &e, size, low, true);
		gen_maybe_lock(g, &e);
	} else if (form == 2) {	/* TEST r/m, r */
		gen_enc_init(&e, 1, (uint8_t)(0x84 + byte_form), 0);
		e.reg = gen_reg(g, size, low, false);
		gen_rm(g, seq, &e, size, low, false);
	} else {		/* TEST rAX, imm; TEST r/m, imm */
		gen_enc_init(&e, 1, (uint8_t)((form == 3 ? 0xa8 : 0xf6) + byte_form), 0);
		if (form == 4) {
			e.reg_is_digit = true;
			gen_rm(g, seq, &e, size, low, false);
		}
		e.imm = (int64_t)gen_value(g);
		e.imm_size = size == 8 ? 4 : size;
	}
	gen_set_size(&e, size);
	gen_emit(seq, GEN_UNARY, &e);
}

/* BT/BTS/BTR/BTC r/m, r (0F A3/AB/B3/BB) and r/m, imm8 (0F BA /4../7).
 * A register bit offset into memory is signed and reaches beyond the
 * operand: it gets a setup value that stays inside the data area. */
void gen_bittest(struct insn_gen *g, struct insn_gen_seq *seq)
{
	static const uint8_t reg_forms[] = { 0xa3, 0xab, 0xb3, 0xbb };
	unsigned size = gen_wide_size(g), op = (unsigned)insn_gen_below(g, 4);
	bool writes = op != 0, imm_form = gen_chance(g, 2);
	struct gen_enc e;

	gen_enc_init(&e, 2, 0x0f, imm_form ? 0xba : reg_forms[op]);
	e.has_modrm = true;
	if (imm_form) {
		e.reg = 4 + (int)op;
		e.reg_is_digit = true;
		e.imm = (int64_t)insn_gen_random(g);
		e.imm_size = 1;
		gen_rm(g, seq, &e, size, false, writes);
	} else if (gen_chance(g, 2)) {
		e.reg = gen_reg(g, size, false, false);
		e.rm.reg = gen_reg(g, size, false, writes);
	} else {
		int64_t offset = (int64_t)insn_gen_below(g, 3072) - 1024;

		e.reg = gen_reg(g, size, false, true);
		gen_set_reg64(seq, e.reg, place(g, (uint64_t)offset, size, 0));
		gen_pick_mem(g, seq, &e.rm, gen_data_target(g, size, 400),
			     1u << e.reg, false);
	}
	if (writes)
		gen_maybe_lock(g, &e);
	gen_set_size(&e, size);
	gen_emit(seq, GEN_BITTEST, &e);
}
