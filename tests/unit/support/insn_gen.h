/*
 * tests/unit/support/insn_gen.h - random straight-line x86-64 instruction
 * sequences for the software CPU's differential test.
 *
 * A sequence is user-mode code for the fixed areas of native_exec.h: it
 * runs unchanged natively on the host (the oracle) and in the software CPU,
 * at NATIVE_CODE_BASE in both.  The generator draws from the general-purpose
 * instructions the software CPU implements, in all operand sizes and
 * encodings (families below), and keeps every sequence safe to run:
 *
 *   - no instruction writes RSP or uses the stack;
 *   - every memory access lands in the data area: a base or index register
 *     is first loaded by a setup MOV (itself part of the test), or the
 *     operand is RIP-relative or an absolute disp32;
 *   - DIV/IDIV get a dividend and divisor set up so they never raise #DE;
 *   - string instructions get RSI/RDI in the data area and a small RCX;
 *   - no FS/GS override (FS is the host's thread pointer).
 *
 * Every instruction emitted is decoded with cpu/decode.h and must decode
 * with the length the generator encoded (the process aborts otherwise), so
 * the generator exercises exactly what the decoder claims to support.
 */
#ifndef TESTS_UNIT_SUPPORT_INSN_GEN_H
#define TESTS_UNIT_SUPPORT_INSN_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tests/unit/support/native_exec.h"

enum insn_gen_family {
	GEN_ALU,	/* add or adc sbb and sub xor cmp */
	GEN_SHIFT,	/* rol ror rcl rcr shl shr sar: by 1, CL, imm8 */
	GEN_MULDIV,	/* mul imul (1, 2, 3 operands) div idiv */
	GEN_UNARY,	/* not neg inc dec test */
	GEN_BITTEST,	/* bt bts btr btc: register and imm8 offsets */
	GEN_STRING,	/* movs cmps stos lods scas, with and without REP */
	GEN_SETCC,
	GEN_CMOVCC,
	GEN_EXCHANGE,	/* xchg cmpxchg xadd */
	GEN_EXTEND,	/* movzx movsx movsxd */
	GEN_CBW,	/* cbw cwde cdqe cwd cdq cqo */
	GEN_LEA,	/* every addressing form, 0x67 included */
	GEN_MOV,	/* every MOV form; also the setup instructions */
	GEN_FLAGS,	/* clc stc cmc cld std sahf lahf */
	GEN_NOP,	/* nop, 66 nop, pause, 0F 1F multi-byte nops */
	GEN_FAMILY_COUNT
};

#define INSN_GEN_MAX_INSNS 160
#define INSN_GEN_MAX_CODE  (NATIVE_CODE_SIZE - NATIVE_EXIT_STUB_SIZE)

struct insn_gen_seq {
	uint8_t code[INSN_GEN_MAX_CODE];
	size_t len;
	unsigned count;				/* instructions */
	uint16_t offset[INSN_GEN_MAX_INSNS + 1];	/* offset[count] == len */
	uint8_t family[INSN_GEN_MAX_INSNS];	/* enum insn_gen_family */
	/* Instruction i belongs to group[i]: one generated instruction and
	 * the setup before it.  A group is self-contained (its memory
	 * operands are safe whatever ran before), so a group replaced by
	 * NOPs leaves a sequence that is still safe to run. */
	uint8_t group[INSN_GEN_MAX_INSNS];
	unsigned groups;
};

/* The generator's state: a xorshift64 stream (never 0). */
struct insn_gen {
	uint64_t rng;
};

void insn_gen_init(struct insn_gen *g, uint64_t seed);
uint64_t insn_gen_random(struct insn_gen *g);
/* Uniform in [0, n), n > 0. */
uint64_t insn_gen_below(struct insn_gen *g, uint64_t n);

void insn_gen_seq_reset(struct insn_gen_seq *seq);
/* One instruction written by hand, a group of its own (counted as a
 * GEN_MOV), at the end of seq. */
void insn_gen_append(struct insn_gen_seq *seq, const uint8_t *bytes,
		     size_t n);
/* Append one instruction of the family, preceded by its setup MOVs. */
void insn_gen_one(struct insn_gen *g, enum insn_gen_family family,
		  struct insn_gen_seq *seq);
/* A fresh sequence of `count` instructions of random families (plus their
 * setup), count <= 24. */
void insn_gen_sequence(struct insn_gen *g, unsigned count,
		       struct insn_gen_seq *seq);

/* Random inputs: every register but RSP (a random spot in the scratch
 * stack), RFLAGS from NATIVE_RFLAGS_INPUT, and the data area's bytes. */
void insn_gen_inputs(struct insn_gen *g, struct native_state *st,
		     uint8_t *data, size_t size);

const char *insn_gen_family_name(enum insn_gen_family family);

#endif /* TESTS_UNIT_SUPPORT_INSN_GEN_H */
