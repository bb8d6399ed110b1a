/*
 * cpu/decode_tables.h - the opcode maps behind cpu/decode.c (internal to
 * the decoder).
 *
 * Each opcode byte maps to a struct decode_entry written in the notation of
 * the Intel SDM Vol. 2D, Appendix A ("Opcode Map"): operand specifiers such
 * as Eb, Gv, Iz name where an operand comes from (E: ModRM r/m, G: ModRM
 * reg, I: immediate, J: relative offset, O: moffs, Z: low three opcode bits)
 * and its size (b: byte, w: word, d: dword, v: 16/32/64 by operand size,
 * z: 16/32 by operand size).  An entry with no operation is not supported.
 */
#ifndef CPU_DECODE_TABLES_H
#define CPU_DECODE_TABLES_H

#include <stdint.h>

/* Where an operand comes from and what size it is (SDM Vol. 2D, A.2). */
enum decode_spec {
	SPEC_NONE = 0,
	SPEC_Eb, SPEC_Ew, SPEC_Ed, SPEC_Ev,	/* ModRM r/m, register or memory */
	SPEC_Gb, SPEC_Gv,		/* ModRM reg, general register */
	SPEC_M,				/* ModRM r/m, memory only, address */
	SPEC_Rq,			/* ModRM r/m, always a 64-bit register */
	SPEC_Sw,			/* ModRM reg, segment register */
	SPEC_Cq,			/* ModRM reg (+REX.R), control register */
	SPEC_Zb, SPEC_Zv,		/* register in the opcode's low 3 bits */
	SPEC_AL, SPEC_rAX, SPEC_eAX, SPEC_CL, SPEC_DX,
	SPEC_ONE,			/* the constant 1 of D0/D1 shifts */
	SPEC_Ib,			/* imm8, zero-extended */
	SPEC_Ibs,			/* imm8, sign-extended to operand size */
	SPEC_Iw,			/* imm16 */
	SPEC_Iz,			/* imm16/32, sign-extended to operand size */
	SPEC_Iv,			/* imm16/32/64 (MOV r, imm) */
	SPEC_Jb, SPEC_Jz,		/* rel8, rel32 */
	SPEC_Ob, SPEC_Ov,		/* moffs: an absolute address */
};

/* How the operand size is chosen (SDM Vol. 2A, 3.6.1 and Table 3-4). */
enum decode_size {
	SIZE_V = 0,	/* 32; 64 with REX.W; 16 with 0x66 */
	SIZE_B,		/* always 8 bits */
	SIZE_Z,		/* 32, or 16 with 0x66; REX.W does not make it 64 (I/O) */
	SIZE_D64,	/* 64 by default (PUSH, POP); 16 with 0x66 */
	SIZE_F64,	/* always 64 (near branches); 0x66 rejected, vendors differ */
};

/* The groups whose operation is chosen by ModRM.reg (SDM Vol. 2D, A.4). */
enum decode_group {
	GROUP_NONE = 0,
	GROUP_1,	/* 80, 81, 83: ALU with immediate */
	GROUP_1A,	/* 8F: POP */
	GROUP_2,	/* C0, C1, D0-D3: shifts and rotates */
	GROUP_3B,	/* F6: TEST/NOT/NEG/MUL/IMUL/DIV/IDIV byte */
	GROUP_3V,	/* F7: the same, word/dword/qword */
	GROUP_4,	/* FE: INC/DEC byte */
	GROUP_5,	/* FF: INC/DEC/CALL/JMP/PUSH */
	GROUP_6,	/* 0F 00: SLDT, STR, LTR */
	GROUP_7,	/* 0F 01: SGDT, SIDT, LGDT, LIDT, SMSW, INVLPG, SWAPGS */
	GROUP_8,	/* 0F BA: BT/BTS/BTR/BTC with imm8 */
	GROUP_11,	/* C6, C7: MOV with immediate */
	GROUP_NOP,	/* 0F 1F: multi-byte NOP */
	GROUP_COUNT
};

/*
 * One opcode.  modrm says a ModRM byte follows.  In a group table, an entry
 * without operands takes its operands and size from the opcode's entry.
 */
struct decode_entry {
	uint8_t op;		/* enum insn_op; INSN_INVALID = unsupported */
	uint8_t size;		/* enum decode_size */
	uint8_t modrm;		/* 1 when a ModRM byte follows */
	uint8_t group;		/* enum decode_group */
	uint8_t spec[3];	/* enum decode_spec, destination first */
};

extern const struct decode_entry decode_map_one[256];	/* one-byte map */
extern const struct decode_entry decode_map_0f[256];	/* 0F xx map */
extern const struct decode_entry decode_groups[GROUP_COUNT][8];

#endif /* CPU_DECODE_TABLES_H */
