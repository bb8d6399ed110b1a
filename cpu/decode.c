/*
 * cpu/decode.c - the x86-64 instruction decoder of the software CPU.
 *
 * decode_insn() walks an instruction in encoding order (Intel SDM Vol. 2A,
 * chapter 2): legacy prefixes and REX, the opcode (looked up in the maps of
 * cpu/decode_tables.c), ModRM/SIB/displacement, then the immediates, and
 * turns the table's operand specifiers into struct insn_operand.  Every
 * byte is fetched through need(), which enforces both the caller's buffer
 * (-ENODATA) and the 15-byte architectural limit (-E2BIG).
 */
#include <errno.h>

#include "core/x86_insn.h"
#include "cpu/decode.h"
#include "cpu/decode_tables.h"

/* REX prefix bits (SDM Vol. 2A, 2.2.1, Table 2-4). */
#define REX_B 0x01	/* extends ModRM.rm, SIB.base or the opcode register */
#define REX_X 0x02	/* extends SIB.index */
#define REX_R 0x04	/* extends ModRM.reg */
#define REX_W 0x08	/* 64-bit operand size */

/* The decoder's position in the byte stream and the prefixes seen. */
struct decoder {
	const uint8_t *bytes;
	size_t avail;
	size_t pos;
	bool p66;	/* operand-size override */
	bool p67;	/* address-size override */
};

/* Check that n more bytes exist, within the buffer and the 15-byte limit. */
static int need(const struct decoder *d, size_t n)
{
	if (d->pos + n > INSN_MAX_LENGTH)
		return -E2BIG;
	if (d->pos + n > d->avail)
		return -ENODATA;
	return 0;
}

/* Fetch an n-byte little-endian value, sign-extended when is_signed. */
static int fetch(struct decoder *d, size_t n, bool is_signed, int64_t *value)
{
	uint64_t v = 0;
	int err = need(d, n);

	if (err)
		return err;
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)d->bytes[d->pos + i] << (8 * i);
	d->pos += n;
	if (is_signed && n < 8 && (v >> (8 * n - 1)) & 1)
		v |= ~0ULL << (8 * n);
	*value = (int64_t)v;
	return 0;
}

static int fetch_byte(struct decoder *d, uint8_t *byte)
{
	int64_t v = 0;
	int err = fetch(d, 1, false, &v);

	*byte = (uint8_t)v;
	return err;
}

/* Record a legacy prefix; false when b is not one (SDM Vol. 2A, 2.1.1). */
static bool legacy_prefix(uint8_t b, struct decoder *d, struct insn *out)
{
	static const int8_t segment_of[256] = {
		[0x26] = INSN_SEG_ES + 1, [0x2e] = INSN_SEG_CS + 1,
		[0x36] = INSN_SEG_SS + 1, [0x3e] = INSN_SEG_DS + 1,
		[0x64] = INSN_SEG_FS + 1, [0x65] = INSN_SEG_GS + 1,
	};

	if (segment_of[b]) {
		out->has_segment = true;
		out->segment = (uint8_t)(segment_of[b] - 1);
	} else if (b == 0x66) {
		d->p66 = true;
	} else if (b == 0x67) {
		d->p67 = true;
	} else if (b == 0xf0) {
		out->lock = true;
	} else if (b == 0xf3) {
		out->rep = INSN_REP_F3;
	} else if (b == 0xf2) {
		out->rep = INSN_REP_F2;
	} else {
		return false;
	}
	return true;
}

/*
 * Consume prefixes up to the opcode.  A REX counts only when it is the last
 * prefix: one followed by a legacy prefix is ignored (SDM Vol. 2A, 2.2.1).
 */
static int decode_prefixes(struct decoder *d, struct insn *out)
{
	for (;;) {
		int err = need(d, 1);
		uint8_t b;

		if (err)
			return err;
		b = d->bytes[d->pos];
		if (b >= 0x40 && b <= 0x4f)
			out->rex = b;
		else if (legacy_prefix(b, d, out))
			out->rex = 0;
		else
			return 0;
		d->pos++;
	}
}

/* Operand size in bytes for a table size rule (SDM Vol. 2A, Table 3-4). */
static int operand_size(const struct decoder *d, const struct insn *out,
			enum decode_size rule)
{
	bool rex_w = out->rex & REX_W;

	switch (rule) {
	case SIZE_B:
		return 1;
	case SIZE_Z:
		return d->p66 ? 2 : 4;
	case SIZE_D64:
		return d->p66 && !rex_w ? 2 : 8;
	case SIZE_F64:
		/* Intel ignores 0x66 on near branches, AMD honours it. */
		return d->p66 ? -ENOTSUP : 8;
	case SIZE_V:
	default:
		return rex_w ? 8 : d->p66 ? 2 : 4;
	}
}

/*
 * Parse the memory form of ModRM (mod != 11) with its SIB and displacement
 * (SDM Vol. 2A, 2.2.1.3-2.2.1.6, Tables 2-2 and 2-3 as extended by REX).
 */
static int decode_memory(struct decoder *d, const struct insn *out,
			 struct insn_mem *mem)
{
	uint8_t mod = out->modrm >> 6, rm = out->modrm & 7;
	size_t disp_size = mod == 1 ? 1 : mod == 2 ? 4 : 0;
	uint8_t b = out->rex & REX_B ? 8 : 0;
	int err;

	*mem = (struct insn_mem){ .base = INSN_REG_NONE,
				  .index = INSN_REG_NONE, .scale = 1 };
	if (rm == 4) {
		uint8_t sib, index;

		err = fetch_byte(d, &sib);
		if (err)
			return err;
		mem->scale = (uint8_t)(1 << (sib >> 6));
		index = ((sib >> 3) & 7) | (out->rex & REX_X ? 8 : 0);
		if (index != 4)		/* index 100 without REX.X: none */
			mem->index = index;
		if ((sib & 7) == 5 && mod == 0)	/* no base, disp32 */
			disp_size = 4;
		else
			mem->base = (sib & 7) | b;
	} else if (rm == 5 && mod == 0) {
		mem->rip_relative = true;
		disp_size = 4;
	} else {
		mem->base = rm | b;
	}
	if (disp_size) {
		err = fetch(d, disp_size, true, &mem->disp);
		if (err)
			return err;
	}
	mem->segment = out->has_segment ? out->segment
		     : mem->base == 4 || mem->base == 5 ? INSN_SEG_SS
		     : INSN_SEG_DS;
	return 0;
}

/* A general register; byte registers 4..7 are AH..BH unless REX is present. */
static void set_reg(struct insn_operand *opd, uint8_t reg, uint8_t size,
		    const struct insn *out)
{
	opd->kind = INSN_OPD_REG;
	opd->size = size;
	opd->reg = reg;
	if (size == 1 && !out->rex && reg >= 4 && reg <= 7) {
		opd->reg = reg - 4;
		opd->high_byte = true;
	}
}

/*
 * The r/m operand: a register when mod = 11, else memory.  An instruction
 * has at most one, so its SIB and displacement are fetched here.
 */
static int set_rm(struct decoder *d, struct insn_operand *opd, uint8_t size,
		  bool memory_only, const struct insn *out)
{
	if (out->modrm >> 6 == 3) {
		if (memory_only)
			return -EILSEQ;
		set_reg(opd, (out->modrm & 7) | (out->rex & REX_B ? 8 : 0),
			size, out);
		return 0;
	}
	opd->kind = INSN_OPD_MEM;
	opd->size = memory_only ? 0 : size;
	return decode_memory(d, out, &opd->mem);
}

static int set_imm(struct decoder *d, struct insn_operand *opd,
		   enum insn_operand_kind kind, size_t bytes, bool is_signed,
		   uint8_t size)
{
	opd->kind = kind;
	opd->size = size;
	return fetch(d, bytes, is_signed, &opd->imm);
}

/* moffs of A0-A3: an absolute address as wide as the address size. */
static int set_moffs(struct decoder *d, struct insn_operand *opd,
		     uint8_t size, const struct insn *out)
{
	opd->kind = INSN_OPD_MEM;
	opd->size = size;
	opd->mem = (struct insn_mem){
		.base = INSN_REG_NONE, .index = INSN_REG_NONE, .scale = 1,
		.segment = out->has_segment ? out->segment : INSN_SEG_DS };
	return fetch(d, out->addrsize, false, &opd->mem.disp);
}

/* Control registers that exist in long mode (SDM Vol. 3A, 2.5). */
static bool valid_cr(uint8_t n)
{
	return n == 0 || n == 2 || n == 3 || n == 4 || n == 8;
}

/* Operands that name a register: no bytes beyond ModRM are fetched. */
static int decode_register_spec(const struct insn *out, enum decode_spec spec,
				struct insn_operand *opd)
{
	uint8_t reg = ((out->modrm >> 3) & 7) | (out->rex & REX_R ? 8 : 0);
	uint8_t rm = (out->modrm & 7) | (out->rex & REX_B ? 8 : 0);
	uint8_t zreg = (out->opcode & 7) | (out->rex & REX_B ? 8 : 0);

	switch (spec) {
	case SPEC_Gb: set_reg(opd, reg, 1, out); return 0;
	case SPEC_Gv: set_reg(opd, reg, out->opsize, out); return 0;
	case SPEC_Rq: set_reg(opd, rm, 8, out); return 0;
	case SPEC_Zb: set_reg(opd, zreg, 1, out); return 0;
	case SPEC_Zv: set_reg(opd, zreg, out->opsize, out); return 0;
	case SPEC_AL: set_reg(opd, 0, 1, out); return 0;
	case SPEC_rAX:
	case SPEC_eAX: set_reg(opd, 0, out->opsize, out); return 0;
	case SPEC_CL: set_reg(opd, 1, 1, out); return 0;
	case SPEC_DX: set_reg(opd, 2, 2, out); return 0;
	case SPEC_Sw:
		if (reg > INSN_SEG_GS ||
		    (out->op == INSN_MOV_TO_SREG && reg == INSN_SEG_CS))
			return -EILSEQ;
		*opd = (struct insn_operand){ .kind = INSN_OPD_SREG,
					      .size = 2, .reg = reg };
		return 0;
	case SPEC_Cq:
		if (!valid_cr(reg))
			return -EILSEQ;
		*opd = (struct insn_operand){ .kind = INSN_OPD_CREG,
					      .size = 8, .reg = reg };
		return 0;
	default:
		return -ENOTSUP;
	}
}

/* Turn one operand specifier into an operand, fetching its bytes. */
static int decode_operand(struct decoder *d, struct insn *out,
			  enum decode_spec spec, struct insn_operand *opd)
{
	uint8_t osz = out->opsize;

	switch (spec) {
	case SPEC_Eb: return set_rm(d, opd, 1, false, out);
	case SPEC_Ew: return set_rm(d, opd, 2, false, out);
	case SPEC_Ed: return set_rm(d, opd, 4, false, out);
	case SPEC_Ev: return set_rm(d, opd, osz, false, out);
	case SPEC_M: return set_rm(d, opd, 0, true, out);
	case SPEC_ONE:
		*opd = (struct insn_operand){ .kind = INSN_OPD_IMM,
					      .size = 1, .imm = 1 };
		return 0;
	case SPEC_Ib: return set_imm(d, opd, INSN_OPD_IMM, 1, false, 1);
	case SPEC_Ibs: return set_imm(d, opd, INSN_OPD_IMM, 1, true, osz);
	case SPEC_Iw: return set_imm(d, opd, INSN_OPD_IMM, 2, false, 2);
	case SPEC_Iz:
		return set_imm(d, opd, INSN_OPD_IMM, osz == 2 ? 2 : 4, true,
			       osz);
	case SPEC_Iv: return set_imm(d, opd, INSN_OPD_IMM, osz, true, osz);
	case SPEC_Jb: return set_imm(d, opd, INSN_OPD_REL, 1, true, 8);
	case SPEC_Jz: return set_imm(d, opd, INSN_OPD_REL, 4, true, 8);
	case SPEC_Ob: return set_moffs(d, opd, 1, out);
	case SPEC_Ov: return set_moffs(d, opd, osz, out);
	default:
		return decode_register_spec(out, spec, opd);
	}
}

/*
 * An opcode this CPU has no entry for: #UD (-EILSEQ) when the architecture
 * rejects it - the opcode maps say so (core/x86_insn.c keeps the one list),
 * or it is a VEX (C4, C5) or EVEX (62) escape and this CPU reports neither
 * AVX nor AVX-512 (cpu/exec_msr.c), as a CPU without them does - else not
 * implemented here (-ENOTSUP).
 */
static int missing_opcode(const struct insn *out)
{
	bool vex = !out->two_byte && (out->opcode == 0xc4 ||
				      out->opcode == 0xc5 || out->opcode == 0x62);

	return vex || x86_insn_invalid(out->two_byte, out->opcode) ? -EILSEQ
								   : -ENOTSUP;
}

/*
 * 0F 01 with mod = 11 (SDM Vol. 2D, table A-6): /4 is SMSW's register
 * form (the table's entry); F8 is SWAPGS; /6 is LMSW, which this CPU does
 * not implement.  Every other one belongs to a feature this CPU's CPUID
 * reports none of, so #UD, as on a CPU without it: /0 /1 VMX (VMCALL,
 * VMLAUNCH, ...), SGX (ENCLS, ENCLV), MONITOR/MWAIT, SMAP's CLAC/STAC;
 * /2 XSAVE's XGETBV/XSETBV, VMFUNC, TSX's XEND/XTEST, ENCLU; /3 SVM (VMRUN,
 * VMMCALL, ...); /5 PKU's RDPKRU/WRPKRU, CET; /7 RDTSCP, MONITORX/MWAITX,
 * CLZERO, RDPRU.
 */
static int group7_register_form(const struct insn *out,
				struct decode_entry *entry)
{
	unsigned reg = (out->modrm >> 3) & 7;

	if (out->modrm == 0xf8)
		*entry = (struct decode_entry){ .op = INSN_SWAPGS };
	else if (reg == 4)
		*entry = decode_groups[GROUP_7][4];
	else if (reg == 6)
		return -ENOTSUP;
	else
		return -EILSEQ;
	return 0;
}

/*
 * Find the table entry for the opcode at the cursor, reading ModRM when the
 * entry has one and resolving groups by ModRM.reg.
 */
static int decode_opcode(struct decoder *d, struct insn *out,
			 struct decode_entry *entry)
{
	const struct decode_entry *group;
	int err = fetch_byte(d, &out->opcode);

	if (!err && out->opcode == 0x0f) {
		out->two_byte = true;
		err = fetch_byte(d, &out->opcode);
	}
	if (err)
		return err;
	*entry = out->two_byte ? decode_map_0f[out->opcode]
			       : decode_map_one[out->opcode];
	if (entry->op == INSN_INVALID && entry->group == GROUP_NONE)
		return missing_opcode(out);
	if (!entry->modrm)
		return 0;
	err = fetch_byte(d, &out->modrm);
	if (err)
		return err;
	out->has_modrm = true;
	if (entry->group == GROUP_NONE)
		return 0;
	if (out->two_byte && out->opcode == 0x01 && out->modrm >> 6 == 3)
		return group7_register_form(out, entry);
	group = &decode_groups[entry->group][(out->modrm >> 3) & 7];
	if (group->op == INSN_INVALID)
		return x86_insn_reserved(out->two_byte, out->opcode, out->modrm)
			       ? -EILSEQ : -ENOTSUP;
	if (group->spec[0] != SPEC_NONE)
		*entry = *group;
	entry->op = group->op;
	return 0;
}

/* 90 without REX.B is NOP (PAUSE with F3), not XCHG eax, eax: a meaning
 * the table has not. */
static void nop_forms(const struct insn *out, struct decode_entry *entry)
{
	if (!out->two_byte && out->opcode == 0x90 && !(out->rex & REX_B))
		*entry = (struct decode_entry){
			.op = out->rep == INSN_REP_F3 ? INSN_PAUSE : INSN_NOP };
}

/* MOV r/m, Sreg, SLDT, STR and SMSW store 16 bits to memory whatever the
 * operand size, which sizes a register destination (SDM Vol. 2B). */
static bool stores_word(enum insn_op op)
{
	return op == INSN_MOV_FROM_SREG || op == INSN_SLDT || op == INSN_STR ||
	       op == INSN_SMSW;
}

/*
 * LOCK is legal only on a read-modify-write of memory by these operations
 * (SDM Vol. 2A, LOCK); anywhere else it raises #UD.
 */
static bool lock_allowed(const struct insn *out)
{
	switch (out->op) {
	case INSN_ADD: case INSN_OR: case INSN_ADC: case INSN_SBB:
	case INSN_AND: case INSN_SUB: case INSN_XOR:
	case INSN_BTS: case INSN_BTR: case INSN_BTC:
	case INSN_XCHG: case INSN_CMPXCHG: case INSN_XADD:
	case INSN_INC: case INSN_DEC: case INSN_NOT: case INSN_NEG:
		return out->operand[0].kind == INSN_OPD_MEM;
	default:
		return false;
	}
}

static bool has_condition(enum insn_op op)
{
	return op == INSN_JCC || op == INSN_SETCC || op == INSN_CMOVCC;
}

int decode_insn(const uint8_t *bytes, size_t avail, struct insn *out)
{
	struct decoder d = { .bytes = bytes, .avail = avail };
	struct decode_entry entry;
	int size, err;

	*out = (struct insn){ 0 };
	err = decode_prefixes(&d, out);
	if (!err)
		err = decode_opcode(&d, out, &entry);
	if (err)
		return err;
	nop_forms(out, &entry);
	size = operand_size(&d, out, entry.size);
	if (size < 0)
		return size;
	out->op = entry.op;
	out->opsize = (uint8_t)size;
	out->addrsize = d.p67 ? 4 : 8;
	if (has_condition(out->op))
		out->cc = out->opcode & 0x0f;
	for (int i = 0; i < 3 && entry.spec[i] != SPEC_NONE; i++) {
		err = decode_operand(&d, out, entry.spec[i], &out->operand[i]);
		if (err)
			return err;
		out->operand_count++;
	}
	if (out->lock && !lock_allowed(out))
		return -EILSEQ;
	if (stores_word(out->op) && out->operand[0].kind == INSN_OPD_MEM)
		out->operand[0].size = 2;
	out->length = (uint8_t)d.pos;
	return (int)d.pos;
}
