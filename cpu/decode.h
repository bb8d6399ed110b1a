/*
 * cpu/decode.h - the software CPU's x86-64 instruction decoder (64-bit long
 * mode only).
 *
 * decode_insn() turns the bytes at the guest's RIP into a struct insn: which
 * operation (enum insn_op), its operand and address sizes, and up to three
 * explicit operands (register, memory or immediate) in Intel order,
 * destination first.  Implicit operands (AL/rAX of MUL, RSI/RDI of the
 * string instructions, the stack of PUSH) are not listed: the operation
 * names them.  The decoder never touches guest state; it only reads bytes.
 *
 * An x86-64 instruction is, in this order (Intel SDM Vol. 2A, 2.1 and 2.2.1):
 *   legacy prefixes (0..4 groups)  REX (0x40-0x4F)  opcode (1 or 2 bytes,
 *   0x0F escape)  ModRM  SIB  displacement (1 or 4)  immediate (1, 2, 4 or 8)
 * and is at most 15 bytes long (longer raises #GP).
 *
 * The decoder covers the general-purpose instructions the guest toolchain
 * emits plus the system instructions the teaching kernel uses; everything
 * else (x87, SSE, far transfers, ...) is reported as unsupported rather
 * than guessed at, so the backend can stop with INTERNAL_ERROR.  What the
 * architecture itself rejects (AAS in 64-bit mode, ...) is told apart: the
 * CPU delivers #UD for it, as hardware does.
 */
#ifndef CPU_DECODE_H
#define CPU_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Architectural limit on an instruction's length (SDM Vol. 2A, 2.3.11). */
#define INSN_MAX_LENGTH 15

/*
 * Operations.  One enumerator per instruction, whatever its encoding: the
 * operand size and operands say which form it was.
 */
enum insn_op {
	INSN_INVALID = 0,
	/* Integer ALU (00-3F, group 1 80/81/83). */
	INSN_ADD, INSN_OR, INSN_ADC, INSN_SBB,
	INSN_AND, INSN_SUB, INSN_XOR, INSN_CMP,
	/* Shifts and rotates (group 2 C0/C1/D0-D3). */
	INSN_ROL, INSN_ROR, INSN_RCL, INSN_RCR, INSN_SHL, INSN_SHR, INSN_SAR,
	/* Group 3 (F6/F7), INC/DEC (FE/FF), IMUL with explicit destination. */
	INSN_TEST, INSN_NOT, INSN_NEG, INSN_MUL, INSN_IMUL1, INSN_DIV,
	INSN_IDIV, INSN_IMUL, INSN_INC, INSN_DEC,
	/* Bit tests (0F A3/AB/B3/BB, group 8 0F BA). */
	INSN_BT, INSN_BTS, INSN_BTR, INSN_BTC,
	/* String instructions; struct insn.rep says whether REP-prefixed. */
	INSN_MOVS, INSN_CMPS, INSN_STOS, INSN_LODS, INSN_SCAS,
	INSN_INS, INSN_OUTS,
	/* Condition-code families; struct insn.cc holds the condition. */
	INSN_SETCC, INSN_CMOVCC, INSN_JCC,
	/* Control transfer and stack. */
	INSN_JMP, INSN_CALL, INSN_RET, INSN_PUSH, INSN_POP,
	INSN_RETF,	/* far return, how the kernel reloads CS (CA/CB) */
	INSN_ENTER, INSN_LEAVE, INSN_PUSHF, INSN_POPF,
	/* Data movement. */
	INSN_MOV, INSN_MOV_FROM_SREG, INSN_MOV_TO_SREG, INSN_LEA,
	INSN_XCHG, INSN_CMPXCHG, INSN_XADD, INSN_MOVZX, INSN_MOVSX,
	INSN_MOVSXD,
	INSN_CBW,	/* CBW/CWDE/CDQE by operand size (98) */
	INSN_CWD,	/* CWD/CDQ/CQO by operand size (99) */
	INSN_SAHF, INSN_LAHF, INSN_NOP, INSN_PAUSE,
	/* Flags. */
	INSN_CLC, INSN_STC, INSN_CMC, INSN_CLD, INSN_STD, INSN_CLI, INSN_STI,
	/* I/O. */
	INSN_IN, INSN_OUT,
	/* System. */
	INSN_HLT, INSN_LGDT, INSN_LIDT, INSN_LTR, INSN_INVLPG,
	/* ... that store what the CPU holds: GDTR, IDTR, LDTR, TR, CR0 */
	INSN_SGDT, INSN_SIDT, INSN_SLDT, INSN_STR, INSN_SMSW,
	INSN_MOV_FROM_CR, INSN_MOV_TO_CR, INSN_RDMSR, INSN_WRMSR,
	INSN_SWAPGS, INSN_SYSCALL, INSN_SYSRET, INSN_INT, INSN_INT3,
	INSN_IRET,	/* IRET/IRETD/IRETQ by operand size (CF) */
	INSN_CPUID, INSN_RDTSC, INSN_UD2,
	INSN_OP_COUNT
};

/* Segment registers, numbered as in the ModRM reg field of MOV Sreg. */
enum insn_seg {
	INSN_SEG_ES = 0,
	INSN_SEG_CS = 1,
	INSN_SEG_SS = 2,
	INSN_SEG_DS = 3,
	INSN_SEG_FS = 4,
	INSN_SEG_GS = 5,
};

/* "No register" in a memory operand's base or index. */
#define INSN_REG_NONE 0xff

enum insn_operand_kind {
	INSN_OPD_NONE = 0,
	INSN_OPD_REG,	/* general-purpose register */
	INSN_OPD_MEM,	/* memory at an effective address */
	INSN_OPD_IMM,	/* immediate, sign-extended to 64 bits */
	INSN_OPD_REL,	/* branch displacement: target = next RIP + imm */
	INSN_OPD_SREG,	/* segment register (enum insn_seg) */
	INSN_OPD_CREG,	/* control register CRn */
};

/*
 * A memory operand: address = base + index * scale + disp, truncated to
 * the instruction's address size.  With rip_relative the base is the
 * address of the next instruction (RIP + length) and base/index are NONE.
 * segment is the override prefix, or DS (SS when the base is RSP or RBP).
 */
struct insn_mem {
	uint8_t base;		/* 0..15 or INSN_REG_NONE */
	uint8_t index;		/* 0..15 or INSN_REG_NONE */
	uint8_t scale;		/* 1, 2, 4 or 8 */
	bool rip_relative;
	uint8_t segment;	/* enum insn_seg */
	int64_t disp;		/* sign-extended; a moffs address for A0-A3 */
};

/*
 * One operand.  size is in bytes (1, 2, 4, 8; for memory, the size of the
 * access; 0 for LEA/LGDT/LIDT/SGDT/SIDT/INVLPG whose memory operand is
 * only an address).  A register is 0..15 in the usual order (RAX, RCX, RDX, RBX,
 * RSP, RBP, RSI, RDI, R8..R15); high_byte selects bits 8..15 of register
 * 0..3, i.e. AH, CH, DH, BH, which exist only without a REX prefix.
 */
struct insn_operand {
	enum insn_operand_kind kind;
	uint8_t size;
	uint8_t reg;
	bool high_byte;
	struct insn_mem mem;
	int64_t imm;
};

enum insn_rep {
	INSN_REP_NONE = 0,
	INSN_REP_F3,	/* REP / REPE / REPZ */
	INSN_REP_F2,	/* REPNE / REPNZ */
};

struct insn {
	enum insn_op op;
	uint8_t length;		/* bytes, 1..15 */
	uint8_t opsize;		/* operand size in bytes: 1, 2, 4 or 8 */
	uint8_t addrsize;	/* address size in bytes: 8, or 4 with 0x67 */
	uint8_t cc;		/* condition 0..15 of Jcc/SETcc/CMOVcc */
	uint8_t rep;		/* enum insn_rep: the last F2/F3 prefix */
	bool lock;		/* F0 on an instruction that allows it */
	bool has_segment;	/* a segment override prefix was seen */
	uint8_t segment;	/* the last override (enum insn_seg) */
	uint8_t rex;		/* the effective REX byte, or 0 */
	bool two_byte;		/* opcode came from the 0x0F map */
	uint8_t opcode;		/* the (last) opcode byte */
	uint8_t modrm;		/* valid when has_modrm */
	bool has_modrm;
	uint8_t operand_count;
	struct insn_operand operand[3];
};

/*
 * Decode the instruction at bytes[0 .. avail).
 *
 * Returns its length (1..15) and fills *out, or a negative error (then *out
 * is unspecified):
 *   -ENODATA  avail ends before the instruction does: fetch more bytes;
 *   -EILSEQ   an instruction that raises #UD: invalid in 64-bit mode, a
 *             hole in the 0F map or a reserved group slot (the maps of
 *             core/x86_insn.c list them), UD0/UD1, VEX/EVEX (this CPU
 *             has no AVX), LOCK where not allowed, MOV to CS, a segment
 *             or control register that does not exist, a register where
 *             only memory is allowed (LEA, LGDT, ...);
 *   -ENOTSUP  an instruction the software CPU does not implement (x87,
 *             SSE, far transfers through a group, ...);
 *   -E2BIG    the instruction would be longer than 15 bytes (#GP).
 */
int decode_insn(const uint8_t *bytes, size_t avail, struct insn *out);

/* The mnemonic of an operation ("add", "jcc", ...), for messages. */
const char *decode_op_name(enum insn_op op);

#endif /* CPU_DECODE_H */
