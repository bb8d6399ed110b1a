/*
 * tests/unit/support/insn_gen_move.c - the data-movement and flag families
 * of the instruction generator: string instructions, SETcc/CMOVcc,
 * XCHG/CMPXCHG/XADD, MOVZX/MOVSX/MOVSXD, the CBW family, LEA, MOV, the
 * flag instructions and NOPs (insn_gen_encode.h).
 *
 * Opcodes: Intel SDM Vol. 2, appendix A (one-byte and 0F maps).
 */
#include "tests/unit/support/insn_gen_encode.h"

static void emit_simple(struct insn_gen_seq *seq, enum insn_gen_family family,
			uint8_t opcode)
{
	struct gen_enc e;

	gen_enc_init(&e, 1, opcode, 0);
	gen_emit(seq, family, &e);
}

/* RSI/RDI/RCX for a string instruction; with 0x67 only the low halves
 * count, so the high halves are random. */
static void set_string_reg(struct insn_gen *g, struct insn_gen_seq *seq,
			   int reg, uint32_t value, bool addr32)
{
	if (addr32)
		gen_set_reg64(seq, reg, insn_gen_random(g) << 32 | value);
	else
		gen_set_reg32(seq, reg, value);
}

static uint32_t string_address(struct insn_gen *g)
{
	return (uint32_t)(NATIVE_DATA_BASE + 256 +
			  insn_gen_below(g, NATIVE_DATA_SIZE - 512));
}

/* MOVS A4, CMPS A6, STOS AA, LODS AC, SCAS AE (+1 above bytes), with
 * REP (F3) or, for CMPS/SCAS, REPE (F3) / REPNE (F2), DF either way.
 * At most 16 elements of 8 bytes from 256 bytes inside the area. */
void gen_string(struct insn_gen *g, struct insn_gen_seq *seq)
{
	static const uint8_t opcodes[] = { 0xa4, 0xa6, 0xaa, 0xac, 0xae };
	static const uint8_t reps[] = { 0, 0xf3, 0xf2 };
	unsigned kind = (unsigned)insn_gen_below(g, 5), size = gen_size(g);
	uint8_t opcode = opcodes[kind];
	bool compares = opcode == 0xa6 || opcode == 0xae;
	bool addr32 = gen_chance(g, 4);
	struct gen_enc e;

	gen_enc_init(&e, 1, (uint8_t)(opcode + (size == 1 ? 0 : 1)), 0);
	e.rep = reps[insn_gen_below(g, compares ? 3 : 2)];
	e.addr32 = addr32;
	if (!gen_chance(g, 4))
		emit_simple(seq, GEN_FLAGS, gen_chance(g, 2) ? 0xfc : 0xfd);
	if (opcode == 0xa4 || opcode == 0xa6 || opcode == 0xac)
		set_string_reg(g, seq, 6, string_address(g), addr32);
	if (opcode != 0xac)
		set_string_reg(g, seq, 7, string_address(g), addr32);
	if (e.rep)
		set_string_reg(g, seq, GEN_RCX,
			       (uint32_t)insn_gen_below(g, 17), addr32);
	if (opcode == 0xae && gen_chance(g, 3))
		gen_set_reg32(seq, GEN_RAX, 0);
	gen_set_size(&e, size);
	gen_emit(seq, GEN_STRING, &e);
}

/* SETcc r/m8 (0F 90+cc). */
void gen_setcc(struct insn_gen *g, struct insn_gen_seq *seq)
{
	struct gen_enc e;

	gen_enc_init(&e, 2, 0x0f, (uint8_t)(0x90 + insn_gen_below(g, 16)));
	e.reg_is_digit = true;
	gen_rm(g, seq, &e, 1, gen_low(g, 1), true);
	gen_set_size(&e, 1);
	gen_emit(seq, GEN_SETCC, &e);
}

/* CMOVcc r, r/m (0F 40+cc): a 32-bit CMOV zero-extends even when the
 * condition is false. */
void gen_cmovcc(struct insn_gen *g, struct insn_gen_seq *seq)
{
	unsigned size = gen_wide_size(g);
	struct gen_enc e;

	gen_enc_init(&e, 2, 0x0f, (uint8_t)(0x40 + insn_gen_below(g, 16)));
	e.reg = gen_reg(g, size, false, true);
	gen_rm(g, seq, &e, size, false, false);
	gen_set_size(&e, size);
	gen_emit(seq, GEN_CMOVCC, &e);
}

/* "mov rax, <the r/m operand's 64-bit container>" so that CMPXCHG finds
 * its accumulator equal: 48 8B /r, from a register or [disp32]. */
static void copy_to_rax(struct insn_gen_seq *seq, const struct gen_rm *rm)
{
	struct gen_enc e;

	gen_enc_init(&e, 1, 0x8b, 0);
	e.rexw = true;
	e.has_modrm = true;
	e.reg = GEN_RAX;
	e.rm.is_mem = rm->is_mem;
	e.rm.reg = rm->reg;
	e.rm.mem.disp = (int32_t)rm->mem.rip_target;
	e.rm.mem.disp_size = 4;
	gen_emit(seq, GEN_MOV, &e);
}

/* CMPXCHG r/m, r (0F B0/B1), half of the time with RAX made equal. */
static void gen_cmpxchg(struct insn_gen *g, struct insn_gen_seq *seq,
			unsigned size, bool low)
{
	struct gen_enc e;

	gen_enc_init(&e, 2, 0x0f, size == 1 ? 0xb0 : 0xb1);
	e.has_modrm = true;
	e.reg = gen_reg(g, size, low, false);
	if (gen_chance(g, 2)) {
		e.rm.reg = gen_reg(g, size, low, true);
		if (e.rm.reg < GEN_AH && gen_chance(g, 2))
			copy_to_rax(seq, &e.rm);
	} else {
		uint64_t target = gen_data_target(g, 8, 0);
		bool equal = gen_chance(g, 2);

		if (equal) {
			struct gen_rm at = { .is_mem = true };

			at.mem.rip_target = target;
			copy_to_rax(seq, &at);
		}
		gen_pick_mem(g, seq, &e.rm, target,
			     equal ? 1u << GEN_RAX : 0, low);
		gen_maybe_lock(g, &e);
	}
	gen_set_size(&e, size);
	gen_emit(seq, GEN_EXCHANGE, &e);
}

/* XCHG r/m, r (86/87), XCHG rAX, r (90+r), CMPXCHG, XADD (0F C0/C1). */
void gen_exchange(struct insn_gen *g, struct insn_gen_seq *seq)
{
	unsigned size = gen_size(g), form = (unsigned)insn_gen_below(g, 4);
	bool low = gen_low(g, size);
	struct gen_enc e;

	if (form == 2) {
		gen_cmpxchg(g, seq, size, low);
		return;
	}
	if (form == 1) {
		size = gen_wide_size(g);
		gen_enc_init(&e, 1, 0x90, 0);
		/* 90 alone is NOP; 90 with REX.B is XCHG R8. */
		do
			e.plus_reg = (int)insn_gen_below(g, 16);
		while (e.plus_reg == 0 || e.plus_reg == GEN_RSP);
	} else {
		if (form == 0)
			gen_enc_init(&e, 1, size == 1 ? 0x86 : 0x87, 0);
		else
			gen_enc_init(&e, 2, 0x0f, size == 1 ? 0xc0 : 0xc1);
		e.reg = gen_reg(g, size, low, true);
		gen_rm(g, seq, &e, size, low, true);
		gen_maybe_lock(g, &e);
	}
	gen_set_size(&e, size);
	gen_emit(seq, GEN_EXCHANGE, &e);
}

/* MOVZX (0F B6/B7), MOVSX (0F BE/BF), MOVSXD (REX.W 63). */
void gen_extend(struct insn_gen *g, struct insn_gen_seq *seq)
{
	static const uint8_t opcodes[] = { 0xb6, 0xb7, 0xbe, 0xbf };
	unsigned form = (unsigned)insn_gen_below(g, 5);
	unsigned source = form == 4 ? 4 : (form & 1) ? 2 : 1;
	unsigned size = form == 4 ? 8 : gen_wide_size(g);
	bool low = gen_low(g, source);
	struct gen_enc e;

	if (low && size == 8)
		size = 4;	/* AH..BH forbid REX, so REX.W too */
	if (form == 4)
		gen_enc_init(&e, 1, 0x63, 0);
	else
		gen_enc_init(&e, 2, 0x0f, opcodes[form]);
	e.reg = gen_reg(g, size, low, true);
	gen_rm(g, seq, &e, source, low, false);
	gen_set_size(&e, size);
	e.rm8 = source == 1;
	gen_emit(seq, GEN_EXTEND, &e);
}

/* CBW/CWDE/CDQE (98), CWD/CDQ/CQO (99). */
void gen_cbw(struct insn_gen *g, struct insn_gen_seq *seq)
{
	struct gen_enc e;

	gen_enc_init(&e, 1, gen_chance(g, 2) ? 0x98 : 0x99, 0);
	gen_set_size(&e, gen_wide_size(g));
	gen_emit(seq, GEN_CBW, &e);
}

/* LEA r, m (8D) with any addressing form and whatever the registers hold. */
void gen_lea(struct insn_gen *g, struct insn_gen_seq *seq)
{
	unsigned size = gen_wide_size(g);
	struct gen_enc e;

	gen_enc_init(&e, 1, 0x8d, 0);
	e.has_modrm = true;
	e.reg = gen_reg(g, size, false, true);
	gen_any_mem(g, &e.rm);
	gen_set_size(&e, size);
	gen_emit(seq, GEN_LEA, &e);
}

/* MOV A0-A3: AL/AX/EAX/RAX from or to an absolute moffs (8 bytes, or 4
 * with 0x67). */
static void gen_mov_moffs(struct insn_gen *g, struct insn_gen_seq *seq,
			  unsigned size)
{
	struct gen_enc e;

	gen_enc_init(&e, 1, (uint8_t)((gen_chance(g, 2) ? 0xa0 : 0xa2) +
				      (size == 1 ? 0 : 1)), 0);
	e.addr32 = gen_chance(g, 3);
	e.imm = (int64_t)gen_data_target(g, size, 0);
	e.imm_size = e.addr32 ? 4 : 8;
	gen_set_size(&e, size);
	gen_emit(seq, GEN_MOV, &e);
}

/* MOV 88/89/8A/8B, B0+r/B8+r (imm64 with REX.W), C6/C7 /0, A0-A3. */
void gen_mov(struct insn_gen *g, struct insn_gen_seq *seq)
{
	unsigned size = gen_size(g), form = (unsigned)insn_gen_below(g, 5);
	bool low = gen_low(g, size);
	struct gen_enc e;

	if (form == 4) {
		gen_mov_moffs(g, seq, size);
		return;
	}
	gen_enc_init(&e, 1, 0, 0);
	if (form <= 1) {	/* 88/89 r/m <- r, 8A/8B r <- r/m */
		e.opc[0] = (uint8_t)((form == 0 ? 0x88 : 0x8a) + (size == 1 ? 0 : 1));
		e.reg = gen_reg(g, size, low, form == 1);
		gen_rm(g, seq, &e, size, low, form == 0);
	} else if (form == 2) {	/* B0+r ib, B8+r iw/id/io */
		e.opc[0] = size == 1 ? 0xb0 : 0xb8;
		e.plus_reg = gen_reg(g, size, low, true);
		e.imm_size = size;
	} else {		/* C6/C7 /0 */
		e.opc[0] = size == 1 ? 0xc6 : 0xc7;
		e.reg_is_digit = true;
		gen_rm(g, seq, &e, size, low, true);
		e.imm_size = size == 8 ? 4 : size;
	}
	e.imm = (int64_t)gen_value(g);
	gen_set_size(&e, size);
	gen_emit(seq, GEN_MOV, &e);
}

/* CLC F8, STC F9, CMC F5, CLD FC, STD FD, SAHF 9E, LAHF 9F. */
void gen_flags(struct insn_gen *g, struct insn_gen_seq *seq)
{
	static const uint8_t opcodes[] = { 0xf8, 0xf9, 0xf5, 0xfc, 0xfd,
					   0x9e, 0x9f };

	emit_simple(seq, GEN_FLAGS, opcodes[insn_gen_below(g, sizeof(opcodes))]);
}

/* NOP 90, 66 90, PAUSE F3 90, and 0F 1F /0, which names an address and
 * never accesses it. */
void gen_nop(struct insn_gen *g, struct insn_gen_seq *seq)
{
	struct gen_enc e;

	switch (insn_gen_below(g, 4)) {
	case 0:
		emit_simple(seq, GEN_NOP, 0x90);
		return;
	case 1:
		gen_enc_init(&e, 1, 0x90, 0);
		e.p66 = true;
		break;
	case 2:
		gen_enc_init(&e, 1, 0x90, 0);
		e.rep = 0xf3;
		break;
	default:
		gen_enc_init(&e, 2, 0x0f, 0x1f);
		e.reg_is_digit = true;
		e.has_modrm = true;
		gen_any_mem(g, &e.rm);
		e.p66 = gen_chance(g, 2);
		break;
	}
	gen_emit(seq, GEN_NOP, &e);
}
