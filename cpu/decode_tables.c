/*
 * cpu/decode_tables.c - the one-byte and 0F opcode maps and the ModRM.reg
 * groups of the x86-64 decoder (cpu/decode.c), for 64-bit mode.
 *
 * Transcribed from the Intel SDM Vol. 2D, Appendix A, Tables A-2 (one-byte
 * opcodes), A-3 (two-byte opcodes) and A-6 (groups).  Only the instructions
 * vmscope's software CPU executes are listed: a missing entry makes
 * decode_insn() return -EILSEQ (#UD) when decode_ud_one[]/decode_ud_0f[]
 * mark it, else -ENOTSUP (not implemented here).  Ranges ([0x50 ... 0x57]) are the GNU C
 * designated-initialiser extension, used where the SDM lists a row of
 * registers or conditions.  Opcodes whose operation depends on ModRM.reg
 * carry INSN_INVALID and a group; decode_groups[] then gives the operation.
 */
#include "cpu/decode.h"
#include "cpu/decode_tables.h"

const struct decode_entry decode_map_one[256] = {
	/* add: 00-05 */
	[0x00] = { INSN_ADD, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0x01] = { INSN_ADD, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0x02] = { INSN_ADD, SIZE_B, 1, GROUP_NONE, { SPEC_Gb, SPEC_Eb } },
	[0x03] = { INSN_ADD, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev } },
	[0x04] = { INSN_ADD, SIZE_B, 0, GROUP_NONE, { SPEC_AL, SPEC_Ib } },
	[0x05] = { INSN_ADD, SIZE_V, 0, GROUP_NONE, { SPEC_rAX, SPEC_Iz } },
	/* or: 08-0D */
	[0x08] = { INSN_OR, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0x09] = { INSN_OR, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0x0a] = { INSN_OR, SIZE_B, 1, GROUP_NONE, { SPEC_Gb, SPEC_Eb } },
	[0x0b] = { INSN_OR, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev } },
	[0x0c] = { INSN_OR, SIZE_B, 0, GROUP_NONE, { SPEC_AL, SPEC_Ib } },
	[0x0d] = { INSN_OR, SIZE_V, 0, GROUP_NONE, { SPEC_rAX, SPEC_Iz } },
	/* adc: 10-15 */
	[0x10] = { INSN_ADC, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0x11] = { INSN_ADC, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0x12] = { INSN_ADC, SIZE_B, 1, GROUP_NONE, { SPEC_Gb, SPEC_Eb } },
	[0x13] = { INSN_ADC, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev } },
	[0x14] = { INSN_ADC, SIZE_B, 0, GROUP_NONE, { SPEC_AL, SPEC_Ib } },
	[0x15] = { INSN_ADC, SIZE_V, 0, GROUP_NONE, { SPEC_rAX, SPEC_Iz } },
	/* sbb: 18-1D */
	[0x18] = { INSN_SBB, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0x19] = { INSN_SBB, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0x1a] = { INSN_SBB, SIZE_B, 1, GROUP_NONE, { SPEC_Gb, SPEC_Eb } },
	[0x1b] = { INSN_SBB, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev } },
	[0x1c] = { INSN_SBB, SIZE_B, 0, GROUP_NONE, { SPEC_AL, SPEC_Ib } },
	[0x1d] = { INSN_SBB, SIZE_V, 0, GROUP_NONE, { SPEC_rAX, SPEC_Iz } },
	/* and: 20-25 */
	[0x20] = { INSN_AND, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0x21] = { INSN_AND, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0x22] = { INSN_AND, SIZE_B, 1, GROUP_NONE, { SPEC_Gb, SPEC_Eb } },
	[0x23] = { INSN_AND, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev } },
	[0x24] = { INSN_AND, SIZE_B, 0, GROUP_NONE, { SPEC_AL, SPEC_Ib } },
	[0x25] = { INSN_AND, SIZE_V, 0, GROUP_NONE, { SPEC_rAX, SPEC_Iz } },
	/* sub: 28-2D */
	[0x28] = { INSN_SUB, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0x29] = { INSN_SUB, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0x2a] = { INSN_SUB, SIZE_B, 1, GROUP_NONE, { SPEC_Gb, SPEC_Eb } },
	[0x2b] = { INSN_SUB, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev } },
	[0x2c] = { INSN_SUB, SIZE_B, 0, GROUP_NONE, { SPEC_AL, SPEC_Ib } },
	[0x2d] = { INSN_SUB, SIZE_V, 0, GROUP_NONE, { SPEC_rAX, SPEC_Iz } },
	/* xor: 30-35 */
	[0x30] = { INSN_XOR, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0x31] = { INSN_XOR, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0x32] = { INSN_XOR, SIZE_B, 1, GROUP_NONE, { SPEC_Gb, SPEC_Eb } },
	[0x33] = { INSN_XOR, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev } },
	[0x34] = { INSN_XOR, SIZE_B, 0, GROUP_NONE, { SPEC_AL, SPEC_Ib } },
	[0x35] = { INSN_XOR, SIZE_V, 0, GROUP_NONE, { SPEC_rAX, SPEC_Iz } },
	/* cmp: 38-3D */
	[0x38] = { INSN_CMP, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0x39] = { INSN_CMP, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0x3a] = { INSN_CMP, SIZE_B, 1, GROUP_NONE, { SPEC_Gb, SPEC_Eb } },
	[0x3b] = { INSN_CMP, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev } },
	[0x3c] = { INSN_CMP, SIZE_B, 0, GROUP_NONE, { SPEC_AL, SPEC_Ib } },
	[0x3d] = { INSN_CMP, SIZE_V, 0, GROUP_NONE, { SPEC_rAX, SPEC_Iz } },
	/* 40-4F are REX prefixes, consumed before the opcode. */
	[0x50 ... 0x57] = { INSN_PUSH, SIZE_D64, 0, GROUP_NONE, { SPEC_Zv } },
	[0x58 ... 0x5f] = { INSN_POP, SIZE_D64, 0, GROUP_NONE, { SPEC_Zv } },
	[0x63] = { INSN_MOVSXD, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ed } },
	[0x68] = { INSN_PUSH, SIZE_D64, 0, GROUP_NONE, { SPEC_Iz } },
	[0x69] = { INSN_IMUL, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev, SPEC_Iz } },
	[0x6a] = { INSN_PUSH, SIZE_D64, 0, GROUP_NONE, { SPEC_Ibs } },
	[0x6b] = { INSN_IMUL, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev, SPEC_Ibs } },
	/* INS/OUTS: ports and pointers are implicit (DX, RDI/RSI) */
	[0x6c] = { INSN_INS, SIZE_B, 0, GROUP_NONE, { SPEC_NONE } },
	[0x6d] = { INSN_INS, SIZE_Z, 0, GROUP_NONE, { SPEC_NONE } },
	[0x6e] = { INSN_OUTS, SIZE_B, 0, GROUP_NONE, { SPEC_NONE } },
	[0x6f] = { INSN_OUTS, SIZE_Z, 0, GROUP_NONE, { SPEC_NONE } },
	[0x70 ... 0x7f] = { INSN_JCC, SIZE_F64, 0, GROUP_NONE, { SPEC_Jb } },
	/* 82 is invalid in 64-bit mode */
	[0x80] = { INSN_INVALID, SIZE_B, 1, GROUP_1, { SPEC_Eb, SPEC_Ib } },
	[0x81] = { INSN_INVALID, SIZE_V, 1, GROUP_1, { SPEC_Ev, SPEC_Iz } },
	[0x83] = { INSN_INVALID, SIZE_V, 1, GROUP_1, { SPEC_Ev, SPEC_Ibs } },
	[0x84] = { INSN_TEST, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0x85] = { INSN_TEST, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0x86] = { INSN_XCHG, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0x87] = { INSN_XCHG, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0x88] = { INSN_MOV, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0x89] = { INSN_MOV, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0x8a] = { INSN_MOV, SIZE_B, 1, GROUP_NONE, { SPEC_Gb, SPEC_Eb } },
	[0x8b] = { INSN_MOV, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev } },
	/* a register destination takes the operand size, memory 16 bits */
	[0x8c] = { INSN_MOV_FROM_SREG, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Sw } },
	[0x8d] = { INSN_LEA, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_M } },
	[0x8e] = { INSN_MOV_TO_SREG, SIZE_V, 1, GROUP_NONE, { SPEC_Sw, SPEC_Ew } },
	[0x8f] = { INSN_INVALID, SIZE_D64, 1, GROUP_1A, { SPEC_Ev } },
	/* 90 is NOP (or PAUSE with F3) unless REX.B names R8 */
	[0x90] = { INSN_XCHG, SIZE_V, 0, GROUP_NONE, { SPEC_Zv, SPEC_rAX } },
	[0x91 ... 0x97] = { INSN_XCHG, SIZE_V, 0, GROUP_NONE, { SPEC_Zv, SPEC_rAX } },
	[0x98] = { INSN_CBW, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0x99] = { INSN_CWD, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0x9c] = { INSN_PUSHF, SIZE_D64, 0, GROUP_NONE, { SPEC_NONE } },
	[0x9d] = { INSN_POPF, SIZE_D64, 0, GROUP_NONE, { SPEC_NONE } },
	[0x9e] = { INSN_SAHF, SIZE_B, 0, GROUP_NONE, { SPEC_NONE } },
	[0x9f] = { INSN_LAHF, SIZE_B, 0, GROUP_NONE, { SPEC_NONE } },
	[0xa0] = { INSN_MOV, SIZE_B, 0, GROUP_NONE, { SPEC_AL, SPEC_Ob } },
	[0xa1] = { INSN_MOV, SIZE_V, 0, GROUP_NONE, { SPEC_rAX, SPEC_Ov } },
	[0xa2] = { INSN_MOV, SIZE_B, 0, GROUP_NONE, { SPEC_Ob, SPEC_AL } },
	[0xa3] = { INSN_MOV, SIZE_V, 0, GROUP_NONE, { SPEC_Ov, SPEC_rAX } },
	[0xa4] = { INSN_MOVS, SIZE_B, 0, GROUP_NONE, { SPEC_NONE } },
	[0xa5] = { INSN_MOVS, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xa6] = { INSN_CMPS, SIZE_B, 0, GROUP_NONE, { SPEC_NONE } },
	[0xa7] = { INSN_CMPS, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xaa] = { INSN_STOS, SIZE_B, 0, GROUP_NONE, { SPEC_NONE } },
	[0xab] = { INSN_STOS, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xac] = { INSN_LODS, SIZE_B, 0, GROUP_NONE, { SPEC_NONE } },
	[0xad] = { INSN_LODS, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xae] = { INSN_SCAS, SIZE_B, 0, GROUP_NONE, { SPEC_NONE } },
	[0xaf] = { INSN_SCAS, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xa8] = { INSN_TEST, SIZE_B, 0, GROUP_NONE, { SPEC_AL, SPEC_Ib } },
	[0xa9] = { INSN_TEST, SIZE_V, 0, GROUP_NONE, { SPEC_rAX, SPEC_Iz } },
	[0xb0 ... 0xb7] = { INSN_MOV, SIZE_B, 0, GROUP_NONE, { SPEC_Zb, SPEC_Ib } },
	[0xb8 ... 0xbf] = { INSN_MOV, SIZE_V, 0, GROUP_NONE, { SPEC_Zv, SPEC_Iv } },
	[0xc0] = { INSN_INVALID, SIZE_B, 1, GROUP_2, { SPEC_Eb, SPEC_Ib } },
	[0xc1] = { INSN_INVALID, SIZE_V, 1, GROUP_2, { SPEC_Ev, SPEC_Ib } },
	[0xc2] = { INSN_RET, SIZE_F64, 0, GROUP_NONE, { SPEC_Iw } },
	[0xc3] = { INSN_RET, SIZE_F64, 0, GROUP_NONE, { SPEC_NONE } },
	[0xc6] = { INSN_INVALID, SIZE_B, 1, GROUP_11, { SPEC_Eb, SPEC_Ib } },
	[0xc7] = { INSN_INVALID, SIZE_V, 1, GROUP_11, { SPEC_Ev, SPEC_Iz } },
	[0xc8] = { INSN_ENTER, SIZE_D64, 0, GROUP_NONE, { SPEC_Iw, SPEC_Ib } },
	[0xc9] = { INSN_LEAVE, SIZE_D64, 0, GROUP_NONE, { SPEC_NONE } },
	/* Far return pops RIP and CS as wide as the operand size (48 CB: retfq). */
	[0xca] = { INSN_RETF, SIZE_V, 0, GROUP_NONE, { SPEC_Iw } },
	[0xcb] = { INSN_RETF, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xcc] = { INSN_INT3, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xcd] = { INSN_INT, SIZE_V, 0, GROUP_NONE, { SPEC_Ib } },
	[0xcf] = { INSN_IRET, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xd0] = { INSN_INVALID, SIZE_B, 1, GROUP_2, { SPEC_Eb, SPEC_ONE } },
	[0xd1] = { INSN_INVALID, SIZE_V, 1, GROUP_2, { SPEC_Ev, SPEC_ONE } },
	[0xd2] = { INSN_INVALID, SIZE_B, 1, GROUP_2, { SPEC_Eb, SPEC_CL } },
	[0xd3] = { INSN_INVALID, SIZE_V, 1, GROUP_2, { SPEC_Ev, SPEC_CL } },
	[0xe4] = { INSN_IN, SIZE_B, 0, GROUP_NONE, { SPEC_AL, SPEC_Ib } },
	[0xe5] = { INSN_IN, SIZE_Z, 0, GROUP_NONE, { SPEC_eAX, SPEC_Ib } },
	[0xe6] = { INSN_OUT, SIZE_B, 0, GROUP_NONE, { SPEC_Ib, SPEC_AL } },
	[0xe7] = { INSN_OUT, SIZE_Z, 0, GROUP_NONE, { SPEC_Ib, SPEC_eAX } },
	[0xe8] = { INSN_CALL, SIZE_F64, 0, GROUP_NONE, { SPEC_Jz } },
	[0xe9] = { INSN_JMP, SIZE_F64, 0, GROUP_NONE, { SPEC_Jz } },
	[0xeb] = { INSN_JMP, SIZE_F64, 0, GROUP_NONE, { SPEC_Jb } },
	[0xec] = { INSN_IN, SIZE_B, 0, GROUP_NONE, { SPEC_AL, SPEC_DX } },
	[0xed] = { INSN_IN, SIZE_Z, 0, GROUP_NONE, { SPEC_eAX, SPEC_DX } },
	[0xee] = { INSN_OUT, SIZE_B, 0, GROUP_NONE, { SPEC_DX, SPEC_AL } },
	[0xef] = { INSN_OUT, SIZE_Z, 0, GROUP_NONE, { SPEC_DX, SPEC_eAX } },
	[0xf4] = { INSN_HLT, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xf5] = { INSN_CMC, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xf6] = { INSN_INVALID, SIZE_B, 1, GROUP_3B, { SPEC_NONE } },
	[0xf7] = { INSN_INVALID, SIZE_V, 1, GROUP_3V, { SPEC_NONE } },
	[0xf8] = { INSN_CLC, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xf9] = { INSN_STC, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xfa] = { INSN_CLI, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xfb] = { INSN_STI, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xfc] = { INSN_CLD, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xfd] = { INSN_STD, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xfe] = { INSN_INVALID, SIZE_B, 1, GROUP_4, { SPEC_NONE } },
	[0xff] = { INSN_INVALID, SIZE_V, 1, GROUP_5, { SPEC_NONE } },
};

const struct decode_entry decode_map_0f[256] = {
	[0x00] = { INSN_INVALID, SIZE_V, 1, GROUP_6, { SPEC_NONE } },
	[0x01] = { INSN_INVALID, SIZE_V, 1, GROUP_7, { SPEC_NONE } },
	[0x05] = { INSN_SYSCALL, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	/* SYSRET returns to 64-bit code with REX.W, else 32-bit */
	[0x07] = { INSN_SYSRET, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0x0b] = { INSN_UD2, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0x1f] = { INSN_INVALID, SIZE_V, 1, GROUP_NOP, { SPEC_Ev } },
	/* MOV CRn: ModRM.mod is ignored, r/m is always a register */
	[0x20] = { INSN_MOV_FROM_CR, SIZE_F64, 1, GROUP_NONE, { SPEC_Rq, SPEC_Cq } },
	[0x22] = { INSN_MOV_TO_CR, SIZE_F64, 1, GROUP_NONE, { SPEC_Cq, SPEC_Rq } },
	[0x30] = { INSN_WRMSR, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0x31] = { INSN_RDTSC, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0x32] = { INSN_RDMSR, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0x40 ... 0x4f] = { INSN_CMOVCC, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev } },
	[0x80 ... 0x8f] = { INSN_JCC, SIZE_F64, 0, GROUP_NONE, { SPEC_Jz } },
	[0x90 ... 0x9f] = { INSN_SETCC, SIZE_B, 1, GROUP_NONE, { SPEC_Eb } },
	[0xa2] = { INSN_CPUID, SIZE_V, 0, GROUP_NONE, { SPEC_NONE } },
	[0xa3] = { INSN_BT, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0xab] = { INSN_BTS, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0xaf] = { INSN_IMUL, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ev } },
	[0xb0] = { INSN_CMPXCHG, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0xb1] = { INSN_CMPXCHG, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0xb3] = { INSN_BTR, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0xb6] = { INSN_MOVZX, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Eb } },
	[0xb7] = { INSN_MOVZX, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ew } },
	[0xba] = { INSN_INVALID, SIZE_V, 1, GROUP_8, { SPEC_Ev, SPEC_Ib } },
	[0xbb] = { INSN_BTC, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
	[0xbe] = { INSN_MOVSX, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Eb } },
	[0xbf] = { INSN_MOVSX, SIZE_V, 1, GROUP_NONE, { SPEC_Gv, SPEC_Ew } },
	[0xc0] = { INSN_XADD, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Gb } },
	[0xc1] = { INSN_XADD, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Gv } },
};

/*
 * Indexed by group, then ModRM.reg.  An entry without operands takes the
 * operands and size of its opcode (80/81/83 differ only in the immediate).
 */
const struct decode_entry decode_groups[GROUP_COUNT][8] = {
	[GROUP_1] = {
		{ INSN_ADD }, { INSN_OR }, { INSN_ADC }, { INSN_SBB },
		{ INSN_AND }, { INSN_SUB }, { INSN_XOR }, { INSN_CMP },
	},
	[GROUP_1A] = { [0] = { INSN_POP } },
	/* /6 is an undocumented alias of SHL: not accepted. */
	[GROUP_2] = {
		[0] = { INSN_ROL }, [1] = { INSN_ROR }, [2] = { INSN_RCL },
		[3] = { INSN_RCR }, [4] = { INSN_SHL }, [5] = { INSN_SHR },
		[7] = { INSN_SAR },
	},
	/* /1 is an undocumented alias of TEST: not accepted. */
	[GROUP_3B] = {
		[0] = { INSN_TEST, SIZE_B, 1, GROUP_NONE, { SPEC_Eb, SPEC_Ib } },
		[2] = { INSN_NOT, SIZE_B, 1, GROUP_NONE, { SPEC_Eb } },
		[3] = { INSN_NEG, SIZE_B, 1, GROUP_NONE, { SPEC_Eb } },
		[4] = { INSN_MUL, SIZE_B, 1, GROUP_NONE, { SPEC_Eb } },
		[5] = { INSN_IMUL1, SIZE_B, 1, GROUP_NONE, { SPEC_Eb } },
		[6] = { INSN_DIV, SIZE_B, 1, GROUP_NONE, { SPEC_Eb } },
		[7] = { INSN_IDIV, SIZE_B, 1, GROUP_NONE, { SPEC_Eb } },
	},
	[GROUP_3V] = {
		[0] = { INSN_TEST, SIZE_V, 1, GROUP_NONE, { SPEC_Ev, SPEC_Iz } },
		[2] = { INSN_NOT, SIZE_V, 1, GROUP_NONE, { SPEC_Ev } },
		[3] = { INSN_NEG, SIZE_V, 1, GROUP_NONE, { SPEC_Ev } },
		[4] = { INSN_MUL, SIZE_V, 1, GROUP_NONE, { SPEC_Ev } },
		[5] = { INSN_IMUL1, SIZE_V, 1, GROUP_NONE, { SPEC_Ev } },
		[6] = { INSN_DIV, SIZE_V, 1, GROUP_NONE, { SPEC_Ev } },
		[7] = { INSN_IDIV, SIZE_V, 1, GROUP_NONE, { SPEC_Ev } },
	},
	[GROUP_4] = {
		[0] = { INSN_INC, SIZE_B, 1, GROUP_NONE, { SPEC_Eb } },
		[1] = { INSN_DEC, SIZE_B, 1, GROUP_NONE, { SPEC_Eb } },
	},
	/* /3 and /5 are far CALL and JMP: not supported. */
	[GROUP_5] = {
		[0] = { INSN_INC, SIZE_V, 1, GROUP_NONE, { SPEC_Ev } },
		[1] = { INSN_DEC, SIZE_V, 1, GROUP_NONE, { SPEC_Ev } },
		[2] = { INSN_CALL, SIZE_F64, 1, GROUP_NONE, { SPEC_Ev } },
		[4] = { INSN_JMP, SIZE_F64, 1, GROUP_NONE, { SPEC_Ev } },
		[6] = { INSN_PUSH, SIZE_D64, 1, GROUP_NONE, { SPEC_Ev } },
	},
	[GROUP_6] = { [3] = { INSN_LTR, SIZE_V, 1, GROUP_NONE, { SPEC_Ew } } },
	/* Register forms (mod = 11) are other instructions; see decode.c. */
	[GROUP_7] = {
		[2] = { INSN_LGDT, SIZE_V, 1, GROUP_NONE, { SPEC_M } },
		[3] = { INSN_LIDT, SIZE_V, 1, GROUP_NONE, { SPEC_M } },
		[7] = { INSN_INVLPG, SIZE_V, 1, GROUP_NONE, { SPEC_M } },
	},
	[GROUP_8] = {
		[4] = { INSN_BT }, [5] = { INSN_BTS }, [6] = { INSN_BTR },
		[7] = { INSN_BTC },
	},
	/* C6 F8 / C7 F8 (XABORT, XBEGIN) are not supported. */
	[GROUP_11] = { [0] = { INSN_MOV } },
	[GROUP_NOP] = { [0] = { INSN_NOP } },
};

static const char *const op_names[INSN_OP_COUNT] = {
	[INSN_INVALID] = "(invalid)",
	[INSN_ADD] = "add",
	[INSN_OR] = "or",
	[INSN_ADC] = "adc",
	[INSN_SBB] = "sbb",
	[INSN_AND] = "and",
	[INSN_SUB] = "sub",
	[INSN_XOR] = "xor",
	[INSN_CMP] = "cmp",
	[INSN_ROL] = "rol",
	[INSN_ROR] = "ror",
	[INSN_RCL] = "rcl",
	[INSN_RCR] = "rcr",
	[INSN_SHL] = "shl",
	[INSN_SHR] = "shr",
	[INSN_SAR] = "sar",
	[INSN_TEST] = "test",
	[INSN_NOT] = "not",
	[INSN_NEG] = "neg",
	[INSN_MUL] = "mul",
	[INSN_IMUL1] = "imul",
	[INSN_DIV] = "div",
	[INSN_IDIV] = "idiv",
	[INSN_IMUL] = "imul",
	[INSN_INC] = "inc",
	[INSN_DEC] = "dec",
	[INSN_BT] = "bt",
	[INSN_BTS] = "bts",
	[INSN_BTR] = "btr",
	[INSN_BTC] = "btc",
	[INSN_MOVS] = "movs",
	[INSN_CMPS] = "cmps",
	[INSN_STOS] = "stos",
	[INSN_LODS] = "lods",
	[INSN_SCAS] = "scas",
	[INSN_INS] = "ins",
	[INSN_OUTS] = "outs",
	[INSN_SETCC] = "setcc",
	[INSN_CMOVCC] = "cmovcc",
	[INSN_JCC] = "jcc",
	[INSN_JMP] = "jmp",
	[INSN_CALL] = "call",
	[INSN_RET] = "ret",
	[INSN_PUSH] = "push",
	[INSN_POP] = "pop",
	[INSN_RETF] = "retf",
	[INSN_ENTER] = "enter",
	[INSN_LEAVE] = "leave",
	[INSN_PUSHF] = "pushf",
	[INSN_POPF] = "popf",
	[INSN_MOV] = "mov",
	[INSN_MOV_FROM_SREG] = "mov",
	[INSN_MOV_TO_SREG] = "mov",
	[INSN_LEA] = "lea",
	[INSN_XCHG] = "xchg",
	[INSN_CMPXCHG] = "cmpxchg",
	[INSN_XADD] = "xadd",
	[INSN_MOVZX] = "movzx",
	[INSN_MOVSX] = "movsx",
	[INSN_MOVSXD] = "movsxd",
	[INSN_CBW] = "cbw",
	[INSN_CWD] = "cwd",
	[INSN_SAHF] = "sahf",
	[INSN_LAHF] = "lahf",
	[INSN_NOP] = "nop",
	[INSN_PAUSE] = "pause",
	[INSN_CLC] = "clc",
	[INSN_STC] = "stc",
	[INSN_CMC] = "cmc",
	[INSN_CLD] = "cld",
	[INSN_STD] = "std",
	[INSN_CLI] = "cli",
	[INSN_STI] = "sti",
	[INSN_IN] = "in",
	[INSN_OUT] = "out",
	[INSN_HLT] = "hlt",
	[INSN_LGDT] = "lgdt",
	[INSN_LIDT] = "lidt",
	[INSN_LTR] = "ltr",
	[INSN_INVLPG] = "invlpg",
	[INSN_MOV_FROM_CR] = "mov",
	[INSN_MOV_TO_CR] = "mov",
	[INSN_RDMSR] = "rdmsr",
	[INSN_WRMSR] = "wrmsr",
	[INSN_SWAPGS] = "swapgs",
	[INSN_SYSCALL] = "syscall",
	[INSN_SYSRET] = "sysret",
	[INSN_INT] = "int",
	[INSN_INT3] = "int3",
	[INSN_IRET] = "iret",
	[INSN_CPUID] = "cpuid",
	[INSN_RDTSC] = "rdtsc",
	[INSN_UD2] = "ud2",
};

/*
 * The one-byte opcodes Table A-2 marks "i64" (invalid in 64-bit mode) or
 * leaves empty: the CPU raises #UD for them.  C4, C5 and 62 are the VEX
 * and EVEX prefixes in 64-bit mode, but this CPU reports neither AVX nor
 * AVX-512 in CPUID (cpu/exec_msr.c), and such a CPU raises #UD for every
 * VEX and EVEX instruction, as it does for LES, LDS and BOUND.
 */
const bool decode_ud_one[256] = {
	[0x06] = true,	/* push es */
	[0x07] = true,	/* pop es */
	[0x0e] = true,	/* push cs */
	[0x16] = true,	/* push ss */
	[0x17] = true,	/* pop ss */
	[0x1e] = true,	/* push ds */
	[0x1f] = true,	/* pop ds */
	[0x27] = true,	/* daa */
	[0x2f] = true,	/* das */
	[0x37] = true,	/* aaa */
	[0x3f] = true,	/* aas */
	[0x60] = true,	/* pusha */
	[0x61] = true,	/* popa */
	[0x62] = true,	/* bound; EVEX (no AVX-512) */
	[0x82] = true,	/* group 1 byte alias of 80 */
	[0x9a] = true,	/* call far ptr16:32 */
	[0xc4] = true,	/* les; 3-byte VEX (no AVX) */
	[0xc5] = true,	/* lds; 2-byte VEX (no AVX) */
	[0xce] = true,	/* into */
	[0xd4] = true,	/* aam */
	[0xd5] = true,	/* aad */
	[0xd6] = true,	/* empty in Table A-2 (salc on some CPUs) */
	[0xea] = true,	/* jmp far ptr16:32 */
};

/* In the 0F map: UD1 and UD0, defined to raise #UD (UD2 is 0F 0B). */
const bool decode_ud_0f[256] = {
	[0xb9] = true,	/* ud1 */
	[0xff] = true,	/* ud0 */
};

const char *decode_op_name(enum insn_op op)
{
	if ((unsigned)op >= INSN_OP_COUNT)
		return "(invalid)";
	return op_names[op];
}
