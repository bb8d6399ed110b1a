/*
 * kvm/kvm_insn.h - just enough x86-64 decoding to find an instruction
 * KVM has already stepped past.
 *
 * After an MMIO write KVM reports the RIP of the *next* instruction
 * (kvm/kvm_rip.c says why).  To show the student the store that exited,
 * vmscope tries the byte sequences that end at that RIP: one that decodes
 * to exactly that length, has a memory operand, and whose effective address
 * is the written GPA, is the store.  So this decoder knows lengths (all
 * one-, two- and three-byte opcodes, VEX and EVEX) and memory operands
 * (ModRM/SIB, RIP-relative, moffs), nothing more.  kvm/kvm_rip.c also uses
 * it to recognise the IN/OUT instruction around a port-I/O exit.
 *
 * Tables: Intel SDM vol. 2, appendix A (opcode map) and 2.1-2.3 (prefixes,
 * ModRM, SIB, displacement, immediate, VEX, EVEX).
 *
 * Why not the software CPU's decoder (cpu/decode.c): that one decodes
 * only what the software CPU executes, into operands it can run, and
 * refuses the rest; a KVM guest runs any instruction natively, so the
 * store that exited may be an SSE or AVX move (VEX, EVEX) it does not
 * know.  And a backend does not include the other backend's headers
 * (dependencies point to core/ only: docs/ARCHITECTURE.md).
 */
#ifndef KVM_KVM_INSN_H
#define KVM_KVM_INSN_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/kvm.h>

#define KVM_INSN_MAX 15

enum kvm_insn_mem {
	INSN_MEM_NONE,     /* no memory operand (or only an implicit one) */
	INSN_MEM_MODRM,    /* ModRM with mod != 3: base/index/disp */
	INSN_MEM_MOFFS,    /* mov to/from an absolute address (A0-A3) */
};

struct kvm_insn {
	uint8_t len;
	uint8_t map;            /* 0: one-byte opcode, 1: 0f, 2: 0f38, 3: 0f3a */
	uint8_t opcode;         /* the opcode byte in that map */
	bool opsize16;          /* a 0x66 prefix */
	enum kvm_insn_mem mem;
	uint8_t modrm, sib;
	bool has_sib;
	int32_t disp;
	uint64_t moffs;
	uint8_t rex_b, rex_x;   /* register-number extensions, 0 or 8 */
	bool addr32;            /* 0x67: 32-bit addressing */
	uint8_t segment;        /* 0, or the 0x64 (FS) / 0x65 (GS) prefix */
};

/* Decode the instruction at code[0..n).  Returns its length, or 0 when it
 * is invalid in 64-bit mode or longer than n. */
unsigned kvm_insn_decode(const uint8_t *code, unsigned n,
			 struct kvm_insn *insn);
/*
 * The linear address of the instruction's memory operand, given the
 * registers and the address of the next instruction (RIP-relative
 * operands count from there).  False when it has none.
 */
bool kvm_insn_mem_addr(const struct kvm_insn *insn,
		       const struct kvm_regs *regs,
		       const struct kvm_sregs *sregs, uint64_t next_rip,
		       uint64_t *addr);

#endif /* KVM_KVM_INSN_H */
