/*
 * tests/unit/support/insn_gen.c - the random instruction generator: the
 * random stream, the operand choices every family shares, sequences and
 * inputs (insn_gen.h).  The families are in insn_gen_arith.c and
 * insn_gen_move.c, the encoder in insn_gen_encode.c.
 */
#include "tests/unit/support/insn_gen.h"

#include <string.h>

#include "tests/unit/support/insn_gen_encode.h"

struct family {
	const char *name;
	unsigned weight;	/* how often a random sequence draws it */
	void (*generate)(struct insn_gen *g, struct insn_gen_seq *seq);
};

static const struct family families[GEN_FAMILY_COUNT] = {
	[GEN_ALU] = { "alu", 5, gen_alu },
	[GEN_SHIFT] = { "shift", 4, gen_shift },
	[GEN_MULDIV] = { "muldiv", 3, gen_muldiv },
	[GEN_UNARY] = { "unary", 2, gen_unary },
	[GEN_BITTEST] = { "bittest", 2, gen_bittest },
	[GEN_STRING] = { "string", 2, gen_string },
	[GEN_SETCC] = { "setcc", 1, gen_setcc },
	[GEN_CMOVCC] = { "cmovcc", 2, gen_cmovcc },
	[GEN_EXCHANGE] = { "exchange", 2, gen_exchange },
	[GEN_EXTEND] = { "extend", 2, gen_extend },
	[GEN_CBW] = { "cbw", 1, gen_cbw },
	[GEN_LEA] = { "lea", 2, gen_lea },
	[GEN_MOV] = { "mov", 2, gen_mov },
	[GEN_FLAGS] = { "flags", 1, gen_flags },
	[GEN_NOP] = { "nop", 1, gen_nop },
};

static const uint64_t edge_values[] = {
	0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
	0x80000000, 0xffffffff, 0x7fffffffffffffff, 0x8000000000000000,
	0xffffffffffffffff, 0xfffffffffffffffe,
};

void insn_gen_init(struct insn_gen *g, uint64_t seed)
{
	g->rng = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

uint64_t insn_gen_random(struct insn_gen *g)
{
	uint64_t x = g->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	g->rng = x;
	return x;
}

uint64_t insn_gen_below(struct insn_gen *g, uint64_t n)
{
	return insn_gen_random(g) % n;
}

bool gen_chance(struct insn_gen *g, unsigned one_in)
{
	return insn_gen_below(g, one_in) == 0;
}

uint64_t gen_value(struct insn_gen *g)
{
	switch (insn_gen_below(g, 8)) {
	case 0:
		return insn_gen_below(g, 256);
	case 1:
		return -insn_gen_below(g, 256);
	case 2:
		return edge_values[insn_gen_below(
			g, sizeof(edge_values) / sizeof(edge_values[0]))];
	case 3:
		return 1ULL << insn_gen_below(g, 64);
	default:
		return insn_gen_random(g);
	}
}

uint64_t gen_size_mask(unsigned size)
{
	return size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

unsigned gen_size(struct insn_gen *g)
{
	return 1u << insn_gen_below(g, 4);
}

unsigned gen_wide_size(struct insn_gen *g)
{
	return 2u << insn_gen_below(g, 3);
}

void gen_set_size(struct gen_enc *e, unsigned size)
{
	e->p66 = size == 2;
	e->rexw = size == 8;
	e->reg8 = size == 1;
	e->rm8 = size == 1;
}

bool gen_low(struct insn_gen *g, unsigned size)
{
	return size == 1 && gen_chance(g, 3);
}

uint64_t gen_data_target(struct insn_gen *g, unsigned size, unsigned margin)
{
	uint64_t middle = NATIVE_DATA_BASE + NATIVE_DATA_SIZE / 2;

	/* One access in eight straddles the page boundary in the middle. */
	if (size > 1 && gen_chance(g, 8))
		return middle - 1 - insn_gen_below(g, size - 1);
	return NATIVE_DATA_BASE + margin +
	       insn_gen_below(g, NATIVE_DATA_SIZE - 2 * margin - size + 1);
}

int gen_reg(struct insn_gen *g, unsigned size, bool low, bool written)
{
	for (;;) {
		int reg = (int)insn_gen_below(g, low ? 8 : 16);

		if (size == 1 && low && reg >= 4)
			return GEN_AH + reg - 4;
		if (!(written && reg == GEN_RSP))
			return reg;
	}
}

void gen_rm(struct insn_gen *g, struct insn_gen_seq *seq, struct gen_enc *e,
	    unsigned size, bool low, bool written)
{
	e->has_modrm = true;
	if (gen_chance(g, 2))
		e->rm.reg = gen_reg(g, size, low, written);
	else
		gen_pick_mem(g, seq, &e->rm, gen_data_target(g, size, 0), 0,
			     low);
}

void gen_maybe_lock(struct insn_gen *g, struct gen_enc *e)
{
	e->lock = e->rm.is_mem && gen_chance(g, 8);
}

void insn_gen_seq_reset(struct insn_gen_seq *seq)
{
	seq->len = 0;
	seq->count = 0;
	seq->groups = 0;
	seq->offset[0] = 0;
}

void insn_gen_append(struct insn_gen_seq *seq, const uint8_t *bytes,
		     size_t n)
{
	memcpy(seq->code + seq->len, bytes, n);
	seq->offset[seq->count] = (uint16_t)seq->len;
	seq->family[seq->count] = GEN_MOV;
	seq->group[seq->count] = (uint8_t)seq->groups++;
	seq->len += n;
	seq->offset[++seq->count] = (uint16_t)seq->len;
}

void insn_gen_one(struct insn_gen *g, enum insn_gen_family family,
		  struct insn_gen_seq *seq)
{
	families[family].generate(g, seq);
	seq->groups++;
}

static enum insn_gen_family random_family(struct insn_gen *g)
{
	unsigned total = 0, pick;

	for (int f = 0; f < GEN_FAMILY_COUNT; f++)
		total += families[f].weight;
	pick = (unsigned)insn_gen_below(g, total);
	for (int f = 0; f < GEN_FAMILY_COUNT; f++) {
		if (pick < families[f].weight)
			return (enum insn_gen_family)f;
		pick -= families[f].weight;
	}
	return GEN_ALU;
}

void insn_gen_sequence(struct insn_gen *g, unsigned count,
		       struct insn_gen_seq *seq)
{
	insn_gen_seq_reset(seq);
	for (unsigned i = 0; i < count; i++)
		insn_gen_one(g, random_family(g), seq);
}

/* Data with runs of zeros and repeated bytes, so REPE CMPS/SCAS find
 * equal elements and go on. */
static void random_data(struct insn_gen *g, uint8_t *data, size_t size)
{
	for (size_t at = 0; at < size; at += 64) {
		size_t n = size - at < 64 ? size - at : 64;
		unsigned kind = (unsigned)insn_gen_below(g, 4);
		uint8_t fill = kind == 0 ? 0 : (uint8_t)insn_gen_random(g);

		for (size_t i = 0; i < n; i++)
			data[at + i] = kind <= 1 ? fill
						 : (uint8_t)insn_gen_random(g);
	}
}

void insn_gen_inputs(struct insn_gen *g, struct native_state *st,
		     uint8_t *data, size_t size)
{
	for (int r = 0; r < 16; r++)
		st->gpr[r] = gen_value(g);
	st->gpr[NATIVE_RSP] = NATIVE_STACK_TOP - 8 * (8 + insn_gen_below(g, 512));
	st->rflags = (insn_gen_random(g) & NATIVE_RFLAGS_INPUT) |
		     NATIVE_RFLAGS_FIXED;
	random_data(g, data, size);
}

const char *insn_gen_family_name(enum insn_gen_family family)
{
	return family < GEN_FAMILY_COUNT ? families[family].name : "?";
}
