/*
 * tests/unit/support/insn_gen_encode.c - encode the generator's
 * instructions and pick their memory operands (insn_gen_encode.h).
 *
 * Encoding rules (Intel SDM Vol. 2A, 2.1-2.2): ModRM.mod 00/01/10 means no
 * displacement, disp8, disp32; rm 100 means a SIB byte follows, rm 101 with
 * mod 00 is RIP-relative; in the SIB, index 100 means no index and base 101
 * with mod 00 means no base and a disp32.  REX.R, .X, .B extend reg, index
 * and base/rm; any REX turns byte registers 4..7 from AH..BH into
 * SPL..DIL.
 */
#include "tests/unit/support/insn_gen_encode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/decode.h"

#define MODRM(mod, reg, rm) ((uint8_t)((mod) << 6 | ((reg) & 7) << 3 | ((rm) & 7)))
#define SIB_NO_INDEX 4
#define SIB_NO_BASE 5

static const uint8_t safe_segments[] = { 0x26, 0x2e, 0x36, 0x3e };

struct encoding {
	uint8_t b[INSN_MAX_LENGTH + 8];
	unsigned n;
	bool high;		/* AH..BH used: no REX allowed */
	bool need_rex;
	unsigned rex_bits;	/* W R X B */
	unsigned rip_disp_at;	/* offset of a RIP-relative disp32, or 0 */
};

static void fail(const char *what, const struct encoding *enc)
{
	fprintf(stderr, "insn_gen: %s:", what);
	for (unsigned i = 0; i < enc->n; i++)
		fprintf(stderr, " %02x", enc->b[i]);
	fprintf(stderr, "\n");
	abort();
}

static unsigned reg_number(int reg)
{
	return reg >= GEN_AH ? (unsigned)(reg - GEN_AH + 4) : (unsigned)reg;
}

static void note_reg(struct encoding *enc, int reg, bool is8)
{
	if (reg >= GEN_AH)
		enc->high = true;
	else if (is8 && reg >= 4 && reg <= 7)
		enc->need_rex = true;
}

static void put(struct encoding *enc, uint64_t value, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		enc->b[enc->n++] = (uint8_t)(value >> (8 * i));
}

/* REX bits from every register the instruction names. */
static void collect_registers(struct encoding *enc, const struct gen_enc *e)
{
	const struct gen_mem *m = &e->rm.mem;

	if (e->rexw)
		enc->rex_bits |= 8;
	if (e->has_modrm && !e->reg_is_digit) {
		note_reg(enc, e->reg, e->reg8);
		enc->rex_bits |= (reg_number(e->reg) >> 3) << 2;
	}
	if (e->has_modrm && !e->rm.is_mem) {
		note_reg(enc, e->rm.reg, e->rm8);
		enc->rex_bits |= reg_number(e->rm.reg) >> 3;
	}
	if (e->has_modrm && e->rm.is_mem && m->base != GEN_NONE)
		enc->rex_bits |= (unsigned)m->base >> 3;
	if (e->has_modrm && e->rm.is_mem && m->index != GEN_NONE)
		enc->rex_bits |= ((unsigned)m->index >> 3) << 1;
	if (e->plus_reg != GEN_NONE) {
		note_reg(enc, e->plus_reg, e->rm8);
		enc->rex_bits |= reg_number(e->plus_reg) >> 3;
	}
	if (enc->rex_bits)
		enc->need_rex = true;
}

static void put_prefixes(struct encoding *enc, const struct gen_enc *e)
{
	bool mem = e->has_modrm && e->rm.is_mem;

	if (e->lock)
		enc->b[enc->n++] = 0xf0;
	if (e->rep)
		enc->b[enc->n++] = e->rep;
	if (mem && e->rm.mem.seg)
		enc->b[enc->n++] = e->rm.mem.seg;
	if (e->p66)
		enc->b[enc->n++] = 0x66;
	if (e->addr32 || (mem && e->rm.mem.addr32))
		enc->b[enc->n++] = 0x67;
	if (enc->need_rex)
		enc->b[enc->n++] = (uint8_t)(0x40 | enc->rex_bits);
}

static void put_memory(struct encoding *enc, unsigned reg,
		       const struct gen_mem *m)
{
	unsigned mod = m->disp_size == 0 ? 0 : m->disp_size == 1 ? 1 : 2;

	if (m->rip) {
		enc->b[enc->n++] = MODRM(0, reg, 5);
		enc->rip_disp_at = enc->n;
		put(enc, 0, 4);
		return;
	}
	if (m->base == GEN_NONE) {
		unsigned index = m->index == GEN_NONE ? SIB_NO_INDEX
						      : (unsigned)m->index;

		enc->b[enc->n++] = MODRM(0, reg, 4);
		enc->b[enc->n++] = MODRM(m->scale_log, index, SIB_NO_BASE);
		put(enc, (uint32_t)m->disp, 4);
		return;
	}
	if ((m->base & 7) == 5 && mod == 0)
		fail("RBP/R13 base without displacement", enc);
	if (m->index == GEN_NONE && (m->base & 7) != 4) {
		enc->b[enc->n++] = MODRM(mod, reg, (unsigned)m->base);
	} else {
		unsigned index = m->index == GEN_NONE ? SIB_NO_INDEX
						      : (unsigned)m->index;

		if (m->index == GEN_RSP)
			fail("RSP as an index", enc);
		enc->b[enc->n++] = MODRM(mod, reg, 4);
		enc->b[enc->n++] = MODRM(m->scale_log, index, (unsigned)m->base);
	}
	put(enc, (uint32_t)m->disp, m->disp_size);
}

static void check_decodes(const struct encoding *enc)
{
	struct insn insn;
	int len = decode_insn(enc->b, enc->n, &insn);

	if (len != (int)enc->n)
		fail(len < 0 ? "the decoder rejects" :
		     "the decoder's length differs for", enc);
}

void gen_enc_init(struct gen_enc *e, unsigned opc_len, uint8_t opc0,
		  uint8_t opc1)
{
	memset(e, 0, sizeof(*e));
	e->opc_len = opc_len;
	e->opc[0] = opc0;
	e->opc[1] = opc1;
	e->plus_reg = GEN_NONE;
	e->rm.mem.base = GEN_NONE;
	e->rm.mem.index = GEN_NONE;
}

void gen_emit(struct insn_gen_seq *seq, enum insn_gen_family family,
	      const struct gen_enc *e)
{
	struct encoding enc = { .n = 0 };
	unsigned reg = e->reg_is_digit ? (unsigned)e->reg : reg_number(e->reg);

	collect_registers(&enc, e);
	if (enc.need_rex && enc.high)
		fail("AH..BH with a REX prefix", &enc);
	put_prefixes(&enc, e);
	for (unsigned i = 0; i < e->opc_len; i++)
		enc.b[enc.n++] = e->opc[i];
	if (e->plus_reg != GEN_NONE)
		enc.b[enc.n - 1] += reg_number(e->plus_reg) & 7;
	if (e->has_modrm && e->rm.is_mem)
		put_memory(&enc, reg, &e->rm.mem);
	else if (e->has_modrm)
		enc.b[enc.n++] = MODRM(3, reg, reg_number(e->rm.reg));
	put(&enc, (uint64_t)e->imm, e->imm_size);
	if (enc.rip_disp_at) {
		uint64_t next = NATIVE_CODE_BASE + seq->len + enc.n;
		uint32_t disp = (uint32_t)(e->rm.mem.rip_target - next);

		memcpy(&enc.b[enc.rip_disp_at], &disp, 4);
	}
	check_decodes(&enc);
	if (seq->count >= INSN_GEN_MAX_INSNS ||
	    seq->len + enc.n > INSN_GEN_MAX_CODE)
		fail("sequence full at", &enc);
	memcpy(seq->code + seq->len, enc.b, enc.n);
	seq->offset[seq->count] = (uint16_t)seq->len;
	seq->family[seq->count] = (uint8_t)family;
	seq->group[seq->count] = (uint8_t)seq->groups;
	seq->len += enc.n;
	seq->count++;
	seq->offset[seq->count] = (uint16_t)seq->len;
}

void gen_set_reg32(struct insn_gen_seq *seq, int reg, uint32_t value)
{
	struct gen_enc e;

	gen_enc_init(&e, 1, 0xb8, 0);
	e.plus_reg = reg;
	e.imm = value;
	e.imm_size = 4;
	gen_emit(seq, GEN_MOV, &e);
}

void gen_set_reg64(struct insn_gen_seq *seq, int reg, uint64_t value)
{
	struct gen_enc e;

	gen_enc_init(&e, 1, 0xb8, 0);
	e.plus_reg = reg;
	e.rexw = true;
	e.imm = (int64_t)value;
	e.imm_size = 8;
	gen_emit(seq, GEN_MOV, &e);
}

/* A register for an address, not in *used (then marked used). */
static int pick_address_reg(struct insn_gen *g, uint32_t *used,
			    bool low_regs)
{
	for (;;) {
		int reg = (int)insn_gen_below(g, low_regs ? 8 : 16);

		if (!(*used & (1u << reg))) {
			*used |= 1u << reg;
			return reg;
		}
	}
}

static unsigned random_disp_size(struct insn_gen *g)
{
	static const unsigned sizes[] = { 0, 1, 4 };

	return sizes[insn_gen_below(g, 3)];
}

static int32_t random_disp(struct insn_gen *g, unsigned size)
{
	if (size == 0)
		return 0;
	if (size == 1)
		return (int8_t)insn_gen_random(g);
	return (int32_t)(insn_gen_below(g, 1u << 25)) - (1 << 24);
}

/* Load an address register; with 0x67 only its low 32 bits count, so the
 * high half gets random bits the CPU must ignore. */
static void set_address_reg(struct insn_gen *g, struct insn_gen_seq *seq,
			    int reg, int64_t value, bool addr32)
{
	if (addr32)
		gen_set_reg64(seq, reg, insn_gen_random(g) << 32 |
			      (uint32_t)value);
	else if (value >= 0 && value <= UINT32_MAX)
		gen_set_reg32(seq, reg, (uint32_t)value);
	else
		gen_set_reg64(seq, reg, (uint64_t)value);
}

static void pick_layout(struct insn_gen *g, struct gen_mem *m,
			uint32_t *used, bool low_regs)
{
	switch (insn_gen_below(g, 7)) {
	case 0:			/* [disp32] */
		m->disp_size = 4;
		break;
	case 1:			/* [rip + disp32] */
		m->rip = true;
		break;
	case 2:			/* [index * scale + disp32] */
		m->index = pick_address_reg(g, used, low_regs);
		m->scale_log = (unsigned)insn_gen_below(g, 4);
		m->disp_size = 4;
		break;
	case 3:			/* [base + index * scale + disp] */
		m->index = pick_address_reg(g, used, low_regs);
		m->scale_log = (unsigned)insn_gen_below(g, 4);
		/* fall through */
	default:		/* [base + disp] */
		m->base = pick_address_reg(g, used, low_regs);
		m->disp_size = random_disp_size(g);
		if (m->disp_size == 0 && (m->base & 7) == 5)
			m->disp_size = 1;
		break;
	}
}

void gen_pick_mem(struct insn_gen *g, struct insn_gen_seq *seq,
		  struct gen_rm *rm, uint64_t target, uint32_t avoid,
		  bool low_regs)
{
	struct gen_mem *m = &rm->mem;
	uint32_t used = avoid | 1u << GEN_RSP;
	int64_t index_value = 0;

	memset(m, 0, sizeof(*m));
	m->base = GEN_NONE;
	m->index = GEN_NONE;
	rm->is_mem = true;
	m->addr32 = gen_chance(g, 5);
	if (gen_chance(g, 12))
		m->seg = safe_segments[insn_gen_below(g, 4)];
	pick_layout(g, m, &used, low_regs);
	m->rip_target = target;
	m->disp = random_disp(g, m->disp_size);
	if (m->index != GEN_NONE) {
		index_value = m->base == GEN_NONE ?
			(int64_t)insn_gen_below(g, 256) :
			(int64_t)insn_gen_below(g, 128) - 64;
		set_address_reg(g, seq, m->index, index_value, m->addr32);
	}
	if (m->base != GEN_NONE)
		set_address_reg(g, seq, m->base, (int64_t)target - m->disp -
				index_value * (1 << m->scale_log), m->addr32);
	else if (!m->rip)
		m->disp = (int32_t)((int64_t)target -
				    index_value * (1 << m->scale_log));
}

void gen_any_mem(struct insn_gen *g, struct gen_rm *rm)
{
	struct gen_mem *m = &rm->mem;
	uint32_t used = 0;

	memset(m, 0, sizeof(*m));
	m->base = GEN_NONE;
	m->index = GEN_NONE;
	rm->is_mem = true;
	m->addr32 = gen_chance(g, 4);
	pick_layout(g, m, &used, false);
	/* RSP is a fine base here (the SIB form); never an index. */
	if (m->index == GEN_RSP)
		m->index = 12;
	m->disp = m->disp_size == 4 ? (int32_t)insn_gen_random(g)
				    : random_disp(g, m->disp_size);
	m->rip_target = NATIVE_CODE_BASE + (uint64_t)m->disp;
}
