/*
 * tests/unit/support/insn_gen_encode.h - the generator's insides, shared by
 * its files: the instruction encoder (prefixes, REX, opcode, ModRM, SIB,
 * displacement, immediate; Intel SDM Vol. 2A, chapter 2) and the setup MOVs
 * and memory operands (insn_gen_encode.c), the operand choices
 * (insn_gen.c), and one function per family (insn_gen_arith.c: ALU,
 * shifts, multiply/divide, unary, bit tests; insn_gen_move.c: the rest).
 */
#ifndef TESTS_UNIT_SUPPORT_INSN_GEN_ENCODE_H
#define TESTS_UNIT_SUPPORT_INSN_GEN_ENCODE_H

#include <stdbool.h>
#include <stdint.h>

#include "tests/unit/support/insn_gen.h"

/* Register numbers: 0..15 as ModRM/REX number them; for byte operands
 * 4..7 are SPL BPL SIL DIL (they need a REX prefix) and GEN_AH..GEN_BH
 * the legacy high bytes (encoded as 4..7, they forbid a REX prefix). */
#define GEN_RAX 0
#define GEN_RCX 1
#define GEN_RDX 2
#define GEN_RSP 4
#define GEN_AH 16
#define GEN_BH 19
#define GEN_NONE (-1)

/* A memory operand.  With rip the displacement is computed from
 * rip_target when the instruction is encoded; with base and index both
 * GEN_NONE and !rip it is an absolute [disp32] (SIB with no base). */
struct gen_mem {
	int base;
	int index;
	unsigned scale_log;	/* scale = 1 << scale_log */
	bool rip;
	int32_t disp;
	unsigned disp_size;	/* 0, 1 or 4 bytes */
	uint64_t rip_target;
	bool addr32;		/* 0x67 */
	uint8_t seg;		/* a segment override prefix byte, or 0 */
};

/* A ModRM r/m operand: a register or memory. */
struct gen_rm {
	bool is_mem;
	int reg;
	struct gen_mem mem;
};

struct gen_enc {
	uint8_t opc[3];
	unsigned opc_len;
	bool p66;		/* operand-size prefix */
	bool rexw;
	bool lock;
	uint8_t rep;		/* 0xf2, 0xf3 or 0 */
	bool addr32;		/* 0x67 without a ModRM memory operand */
	bool reg8;		/* ModRM.reg names an 8-bit register */
	bool rm8;		/* ModRM.rm or plus_reg names an 8-bit one */
	bool has_modrm;
	int reg;		/* ModRM.reg: a register or the /digit */
	bool reg_is_digit;
	struct gen_rm rm;
	int plus_reg;		/* register added to the last opcode byte */
	int64_t imm;
	unsigned imm_size;	/* 0, 1, 2, 4 or 8 */
};

/* An encoding request with no operands yet (plus_reg GEN_NONE). */
void gen_enc_init(struct gen_enc *e, unsigned opc_len, uint8_t opc0,
		  uint8_t opc1);
/* Encode e at the end of seq as one instruction of the family, check it
 * with the decoder, abort on any inconsistency. */
void gen_emit(struct insn_gen_seq *seq, enum insn_gen_family family,
	      const struct gen_enc *e);

/* Setup: "mov r32, imm32" (zero-extends) and "mov r64, imm64". */
void gen_set_reg32(struct insn_gen_seq *seq, int reg, uint32_t value);
void gen_set_reg64(struct insn_gen_seq *seq, int reg, uint64_t value);

/*
 * Fill rm with a memory operand addressing `target` (an address in the data
 * area) through a random addressing form, emitting the setup MOVs of its
 * base and index registers.  Registers with their bit set in `avoid` are
 * not used (RSP never is); with `low_regs` only registers 0..7 are (an
 * instruction with AH..BH cannot have a REX prefix).
 */
void gen_pick_mem(struct insn_gen *g, struct insn_gen_seq *seq,
		  struct gen_rm *rm, uint64_t target, uint32_t avoid,
		  bool low_regs);
/* Fill rm with any addressing form and random registers, for LEA and the
 * multi-byte NOP, which compute an address without accessing it. */
void gen_any_mem(struct insn_gen *g, struct gen_rm *rm);

/* Operand choices (insn_gen.c). */
bool gen_chance(struct insn_gen *g, unsigned one_in);
/* Edge cases (0, powers of two, sign boundaries, small numbers) far more
 * often than uniform bits would give them. */
uint64_t gen_value(struct insn_gen *g);
uint64_t gen_size_mask(unsigned size);
unsigned gen_size(struct insn_gen *g);		/* 1, 2, 4 or 8 */
unsigned gen_wide_size(struct insn_gen *g);	/* 2, 4 or 8 */
/* 0x66 / REX.W / byte registers for the operand size. */
void gen_set_size(struct gen_enc *e, unsigned size);
/* Whether a byte instruction uses the legacy AH..BH registers. */
bool gen_low(struct insn_gen *g, unsigned size);
/* An address in the data area for an access of size bytes, at least
 * margin bytes from either end; sometimes one that crosses a page. */
uint64_t gen_data_target(struct insn_gen *g, unsigned size, unsigned margin);
/* A register operand.  low: AH..BH may appear, so only registers 0..7
 * (for bytes AL..BL and AH..BH).  written: never RSP or SPL. */
int gen_reg(struct insn_gen *g, unsigned size, bool low, bool written);
/* The r/m operand: a register, or memory anywhere in the data area. */
void gen_rm(struct insn_gen *g, struct insn_gen_seq *seq, struct gen_enc *e,
	    unsigned size, bool low, bool written);
/* LOCK, sometimes, on a memory read-modify-write. */
void gen_maybe_lock(struct insn_gen *g, struct gen_enc *e);

/* The families. */
void gen_alu(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_shift(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_muldiv(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_unary(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_bittest(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_string(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_setcc(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_cmovcc(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_exchange(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_extend(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_cbw(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_lea(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_mov(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_flags(struct insn_gen *g, struct insn_gen_seq *seq);
void gen_nop(struct insn_gen *g, struct insn_gen_seq *seq);

#endif /* TESTS_UNIT_SUPPORT_INSN_GEN_ENCODE_H */
