/*
 * core/x86_insn.h - just enough x86-64 decoding to know an instruction's
 * length and memory operand, for any instruction a guest may run.
 *
 * Three readers of guest code use it: the KVM backend, to find the store
 * or I/O instruction KVM has already stepped past (kvm/kvm_rip.c); the
 * unwinder, to tell where in a function's prologue RIP stands
 * (core/unwind.c); and the nesting stage, for the length of L2's exiting
 * instruction and whether an I/O one is a string one with REP
 * (core/nested_run.c, both backends' L2).  So this decoder knows lengths
 * (all one-, two- and three-byte opcodes, VEX and EVEX), memory operands
 * (ModRM/SIB, RIP-relative, moffs) and the prefixes, nothing more.
 *
 * Tables: Intel SDM vol. 2, appendix A (opcode map) and 2.1-2.3 (prefixes,
 * ModRM, SIB, displacement, immediate, VEX, EVEX).
 *
 * Why not the software CPU's decoder (cpu/decode.c): that one decodes
 * only what the software CPU executes, into operands it can run, and
 * refuses the rest; a KVM guest runs any instruction natively, so the
 * store that exited may be an SSE or AVX move (VEX, EVEX) it does not
 * know.  And core/ does not include a backend's headers (dependencies
 * point to core/ only: docs/ARCHITECTURE.md).  The other way round the
 * software CPU does use this file: the architecture's invalid opcodes
 * are listed here once, and it raises #UD for them.
 */
#ifndef CORE_X86_INSN_H
#define CORE_X86_INSN_H

#include <stdbool.h>
#include <stdint.h>

#define X86_INSN_MAX 15

enum x86_insn_mem {
	X86_INSN_MEM_NONE,   /* no memory operand (or only an implicit one) */
	X86_INSN_MEM_MODRM,  /* ModRM with mod != 3: base/index/disp */
	X86_INSN_MEM_MOFFS,  /* mov to/from an absolute address (A0-A3) */
};

struct x86_insn {
	uint8_t len;
	uint8_t map;            /* 0: one-byte opcode, 1: 0f, 2: 0f38, 3: 0f3a */
	uint8_t opcode;         /* the opcode byte in that map */
	bool opsize16;          /* a 0x66 prefix */
	uint8_t rex;            /* the REX byte before the opcode, or 0 */
	enum x86_insn_mem mem;
	uint8_t modrm, sib;
	bool has_sib;
	int32_t disp;
	uint64_t moffs;
	uint8_t rex_b, rex_x;   /* register-number extensions, 0 or 8 */
	bool addr32;            /* 0x67: 32-bit addressing */
	uint8_t segment;        /* 0, or the 0x64 (FS) / 0x65 (GS) prefix */
	uint8_t rep;            /* 0, or the last 0xf2 / 0xf3 prefix */
};

/* Decode the instruction at code[0..n).  Returns its length, or 0 when it
 * is invalid in 64-bit mode (x86_insn_invalid() or x86_insn_reserved())
 * or longer than n. */
unsigned x86_insn_decode(const uint8_t *code, unsigned n,
			 struct x86_insn *insn);

/*
 * What the opcode maps say of an opcode in 64-bit mode, whatever a CPU
 * implements; every x86-64 CPU raises #UD for these, and so does the
 * software CPU (cpu/decode.c).  map as in struct x86_insn (0: one byte,
 * 1: 0F).
 *   x86_insn_invalid   marked i64 or left empty in the map (AAS, PUSH ES,
 *                      0F 04, 0F 24-27, ...), or defined to raise #UD
 *                      (UD1, UD0; the length decoder still gives their
 *                      length).  The VEX and EVEX escapes (C4, C5, 62) are
 *                      not: they are prefixes in 64-bit mode.
 *   x86_insn_reserved  a group's ModRM.reg slot the map leaves empty
 *                      (FE /2-7, FF /7, C6 and C7 /1-6, 0F 00 /6-7,
 *                      0F BA /0-3); modrm is the ModRM byte.
 */
bool x86_insn_invalid(unsigned map, uint8_t opcode);
bool x86_insn_reserved(unsigned map, uint8_t opcode, uint8_t modrm);

#endif /* CORE_X86_INSN_H */
