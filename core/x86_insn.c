/*
 * core/x86_insn.c - x86-64 instruction lengths and operands (x86_insn.h).
 *
 * The opcode tables below are the SDM's appendix A opcode maps, one row
 * per high nibble, reduced to what decides an instruction's length: does a
 * ModRM byte follow, and how long is the immediate; and to what the
 * architecture says of an opcode in 64-bit mode: invalid (X), or defined
 * to raise #UD (U), with the groups' reserved ModRM.reg slots beside them.
 * The software CPU's decoder asks the same tables which opcodes raise #UD
 * (x86_insn_invalid(), x86_insn_reserved()), so there is one list.
 */
#include <string.h>

#include "core/x86_insn.h"

/* What follows an opcode (table notation: one column per low nibble). */
#define M   0x01   /* a ModRM byte (and SIB/displacement as it says) */
#define I1  0x02   /* an 8-bit immediate */
#define IZ  0x04   /* a 16-bit (0x66 prefix) or 32-bit immediate */
#define IW  0x08   /* a 16-bit immediate */
#define I4  0x10   /* a 32-bit immediate or displacement, whatever 0x66 */
#define X   0x20   /* invalid in 64-bit mode */
#define S   0x40   /* decoded by hand: prefix, escape, moffs, mov imm64 */
#define MR  0x80   /* ModRM whose mod field is ignored: always registers
		      (mov to/from control and debug registers) */
#define U   0x100  /* defined to raise #UD whatever follows (UD1, UD0) */

static const uint16_t one_byte_map[256] = {
/*        0     1     2     3     4     5     6     7     8     9     a     b     c     d     e     f */
/* 0 */   M,    M,    M,    M,    I1,   IZ,   X,    X,    M,    M,    M,    M,    I1,   IZ,   X,    S,
/* 1 */   M,    M,    M,    M,    I1,   IZ,   X,    X,    M,    M,    M,    M,    I1,   IZ,   X,    X,
/* 2 */   M,    M,    M,    M,    I1,   IZ,   S,    X,    M,    M,    M,    M,    I1,   IZ,   S,    X,
/* 3 */   M,    M,    M,    M,    I1,   IZ,   S,    X,    M,    M,    M,    M,    I1,   IZ,   S,    X,
/* 4 */   S,    S,    S,    S,    S,    S,    S,    S,    S,    S,    S,    S,    S,    S,    S,    S,
/* 5 */   0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
/* 6 */   X,    X,    S,    M,    S,    S,    S,    S,    IZ,   M|IZ, I1,   M|I1, 0,    0,    0,    0,
/* 7 */   I1,   I1,   I1,   I1,   I1,   I1,   I1,   I1,   I1,   I1,   I1,   I1,   I1,   I1,   I1,   I1,
/* 8 */   M|I1, M|IZ, X,    M|I1, M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,
/* 9 */   0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    X,    0,    0,    0,    0,    0,
/* a */   S,    S,    S,    S,    0,    0,    0,    0,    I1,   IZ,   0,    0,    0,    0,    0,    0,
/* b */   I1,   I1,   I1,   I1,   I1,   I1,   I1,   I1,   S,    S,    S,    S,    S,    S,    S,    S,
/* c */   M|I1, M|I1, IW,   0,    S,    S,    M|I1, M|IZ, IW|I1,0,    IW,   0,    0,    I1,   X,    0,
/* d */   M,    M,    M,    M,    X,    X,    X,    0,    M,    M,    M,    M,    M,    M,    M,    M,
/* e */   I1,   I1,   I1,   I1,   I1,   I1,   I1,   I1,   I4,   I4,   X,    I1,   0,    0,    0,    0,
/* f */   S,    0,    S,    S,    0,    0,    M,    M,    0,    0,    0,    0,    0,    0,    M,    M,
};

/* 0x0f xx; 0x0f 0x38 xx always has ModRM, 0x0f 0x3a xx ModRM and an imm8. */
static const uint16_t two_byte_map[256] = {
/*        0     1     2     3     4     5     6     7     8     9     a     b     c     d     e     f */
/* 0 */   M,    M,    M,    M,    X,    0,    0,    0,    0,    0,    X,    0,    X,    M,    0,    M|I1,
/* 1 */   M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,
/* 2 */   MR,   MR,   MR,   MR,   X,    X,    X,    X,    M,    M,    M,    M,    M,    M,    M,    M,
/* 3 */   0,    0,    0,    0,    0,    0,    X,    0,    S,    X,    S,    X,    X,    X,    X,    X,
/* 4 */   M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,
/* 5 */   M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,
/* 6 */   M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,
/* 7 */   M|I1, M|I1, M|I1, M|I1, M,    M,    M,    0,    M,    M,    X,    X,    M,    M,    M,    M,
/* 8 */   I4,   I4,   I4,   I4,   I4,   I4,   I4,   I4,   I4,   I4,   I4,   I4,   I4,   I4,   I4,   I4,
/* 9 */   M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,
/* a */   0,    0,    0,    M,    M|I1, M,    X,    X,    0,    0,    0,    M,    M|I1, M,    M,    M,
/* b */   M,    M,    M,    M,    M,    M,    M,    M,    M,    M|U,  M|I1, M,    M,    M,    M,    M,
/* c */   M,    M,    M|I1, M,    M|I1, M|I1, M|I1, M,    0,    0,    0,    0,    0,    0,    0,    0,
/* d */   M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,
/* e */   M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,
/* f */   M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M,    M|U,
};

/*
 * The groups whose operation ModRM.reg picks (SDM Table A-6), with a bit
 * per slot the table leaves empty: /n reserved, #UD on every CPU.  Slots
 * the table fills are not listed, even where a CPU without the feature
 * raises #UD (XABORT, XBEGIN: C6 F8, C7 F8).
 */
static const uint8_t reserved_one_byte[256] = {
	[0xc6] = 0x7e,   /* group 11: /0 MOV, /7 XABORT */
	[0xc7] = 0x7e,   /* group 11: /0 MOV, /7 XBEGIN */
	[0xfe] = 0xfc,   /* group 4: /0 INC, /1 DEC */
	[0xff] = 0x80,   /* group 5: /0../6 INC DEC CALL CALLF JMP JMPF PUSH */
};

static const uint8_t reserved_two_byte[256] = {
	[0x00] = 0xc0,   /* group 6: /0../5 SLDT STR LLDT LTR VERR VERW */
	[0xba] = 0x0f,   /* group 8: /4../7 BT BTS BTR BTC */
};

/* Opcode maps a VEX/EVEX prefix selects (its mmmmm / mm field). */
#define MAP_0F   1
#define MAP_0F38 2
#define MAP_0F3A 3

#define REX_W 0x08
#define REX_X 0x02
#define REX_B 0x01

/* Decoding state between the helpers below. */
struct cursor {
	const uint8_t *code;
	unsigned n;            /* bytes available */
	unsigned i;            /* next byte */
	bool opsize16;         /* 0x66 */
	uint8_t rex;
};

static bool is_legacy_prefix(uint8_t b)
{
	return b == 0x66 || b == 0x67 || b == 0xf0 || b == 0xf2 ||
	       b == 0xf3 || b == 0x2e || b == 0x36 || b == 0x3e ||
	       b == 0x26 || b == 0x64 || b == 0x65;
}

/* Prefixes and REX; a REX counts only right before the opcode. */
static void read_prefixes(struct cursor *c, struct x86_insn *insn)
{
	while (c->i < c->n) {
		uint8_t b = c->code[c->i];

		if ((b & 0xf0) == 0x40) {
			c->rex = b;
		} else if (is_legacy_prefix(b)) {
			c->rex = 0;
			c->opsize16 |= b == 0x66;
			insn->addr32 |= b == 0x67;
			if (b == 0x64 || b == 0x65)
				insn->segment = b;
			if (b == 0xf2 || b == 0xf3)
				insn->rep = b;
		} else {
			return;
		}
		c->i++;
	}
}

/* Little-endian signed displacement or unsigned immediate of size bytes. */
static bool read_le(struct cursor *c, unsigned size, uint64_t *value)
{
	*value = 0;
	if (c->n - c->i < size)
		return false;
	for (unsigned b = 0; b < size; b++)
		*value |= (uint64_t)c->code[c->i + b] << (8 * b);
	c->i += size;
	return true;
}

/* ModRM, then SIB and displacement as ModRM says (SDM 2.1.5). */
static bool read_modrm(struct cursor *c, struct x86_insn *insn)
{
	uint8_t mod, rm;
	unsigned disp = 0;
	uint64_t value;

	if (c->i >= c->n)
		return false;
	insn->modrm = c->code[c->i++];
	mod = insn->modrm >> 6;
	rm = insn->modrm & 7;
	if (mod == 3)
		return true;
	insn->mem = X86_INSN_MEM_MODRM;
	if (rm == 4) {
		if (c->i >= c->n)
			return false;
		insn->sib = c->code[c->i++];
		insn->has_sib = true;
		if (mod == 0 && (insn->sib & 7) == 5)
			disp = 4;
	}
	if (mod == 0 && rm == 5)
		disp = 4;                      /* RIP-relative */
	if (mod == 1)
		disp = 1;
	if (mod == 2)
		disp = 4;
	if (!read_le(c, disp, &value))
		return false;
	insn->disp = disp == 1 ? (int8_t)value : (int32_t)value;
	return true;
}

/* The immediates a table entry promises. */
static bool read_imm(struct cursor *c, uint16_t flags)
{
	uint64_t ignored;
	unsigned size = 0;

	size += flags & I1 ? 1 : 0;
	/* Iz: 2 bytes with 0x66, but REX.W wins over 0x66 (4, sign-extended) */
	size += flags & IZ ? (c->opsize16 && !(c->rex & REX_W) ? 2 : 4) : 0;
	size += flags & IW ? 2 : 0;
	size += flags & I4 ? 4 : 0;
	return read_le(c, size, &ignored);
}

/* VEX (c4, c5) and EVEX (62): prefix bytes, opcode, ModRM, imm8 in map
 * 0F3A or where the 0F map has one.  Their R/X/B bits are inverted. */
static bool decode_vex(struct cursor *c, uint8_t escape, struct x86_insn *insn)
{
	unsigned payload = escape == 0xc5 ? 1 : escape == 0xc4 ? 2 : 3;
	uint8_t p0, map, opcode;
	uint16_t flags;

	if (c->n - c->i < payload + 1)
		return false;
	p0 = c->code[c->i];
	map = escape == 0xc5 ? MAP_0F : p0 & (escape == 0xc4 ? 0x1f : 0x07);
	if (escape != 0xc5) {
		insn->rex_x = p0 & 0x40 ? 0 : 8;
		insn->rex_b = p0 & 0x20 ? 0 : 8;
	}
	c->i += payload;
	opcode = c->code[c->i++];
	insn->map = map;
	insn->opcode = opcode;
	if (map == MAP_0F)
		flags = two_byte_map[opcode];
	else if (map == MAP_0F38)
		flags = M;
	else if (map == MAP_0F3A)
		flags = M | I1;
	else
		return false;
	if ((flags & X) || ((flags & M) && !read_modrm(c, insn)))
		return false;
	return read_imm(c, flags & I1);
}

static bool decode_two_byte(struct cursor *c, struct x86_insn *insn)
{
	uint8_t opcode;
	uint16_t flags;

	if (c->i >= c->n)
		return false;
	opcode = c->code[c->i++];
	flags = two_byte_map[opcode];
	insn->map = MAP_0F;
	insn->opcode = opcode;
	if (opcode == 0x38 || opcode == 0x3a) {
		if (c->i >= c->n)
			return false;
		insn->map = opcode == 0x38 ? MAP_0F38 : MAP_0F3A;
		insn->opcode = c->code[c->i++];    /* the third opcode byte */
		flags = opcode == 0x38 ? M : M | I1;
	}
	if (flags & MR) {
		if (c->i >= c->n)
			return false;
		insn->modrm = c->code[c->i++] | 0xc0;
		return true;
	}
	if ((flags & X) || ((flags & M) && !read_modrm(c, insn)))
		return false;
	return read_imm(c, flags);
}

static bool decode_one_byte(struct cursor *c, uint8_t opcode,
			    struct x86_insn *insn)
{
	uint16_t flags = one_byte_map[opcode];
	uint64_t ignored;

	insn->opcode = opcode;
	if (opcode >= 0xa0 && opcode <= 0xa3) {   /* mov al/eax <-> moffs */
		insn->mem = X86_INSN_MEM_MOFFS;
		return read_le(c, insn->addr32 ? 4 : 8, &insn->moffs);
	}
	if (opcode >= 0xb8 && opcode <= 0xbf)     /* mov reg, imm16/32/64 */
		return read_le(c, c->rex & REX_W ? 8 : c->opsize16 ? 2 : 4,
			       &ignored);
	if (flags & (X | S))
		return false;
	if ((flags & M) && !read_modrm(c, insn))
		return false;
	/* test r/m, imm (group 3, /0 and /1): the only ModRM-selected imm */
	if ((opcode == 0xf6 || opcode == 0xf7) && ((insn->modrm >> 3) & 7) < 2)
		flags |= opcode == 0xf6 ? I1 : IZ;
	return read_imm(c, flags);
}

unsigned x86_insn_decode(const uint8_t *code, unsigned n,
			 struct x86_insn *insn)
{
	struct cursor c = { .code = code, .n = n };
	uint8_t opcode;
	bool ok;

	memset(insn, 0, sizeof(*insn));
	read_prefixes(&c, insn);
	if (c.i >= c.n)
		return 0;
	insn->rex = c.rex;
	insn->rex_b = c.rex & REX_B ? 8 : 0;
	insn->rex_x = c.rex & REX_X ? 8 : 0;
	insn->opsize16 = c.opsize16;
	opcode = code[c.i++];
	if (opcode == 0x0f)
		ok = decode_two_byte(&c, insn);
	else if (opcode == 0xc4 || opcode == 0xc5 || opcode == 0x62)
		ok = decode_vex(&c, opcode, insn);
	else
		ok = decode_one_byte(&c, opcode, insn);
	if (!ok || c.i > X86_INSN_MAX ||
	    x86_insn_reserved(insn->map, insn->opcode, insn->modrm))
		return 0;
	insn->len = (uint8_t)c.i;
	return c.i;
}

bool x86_insn_invalid(unsigned map, uint8_t opcode)
{
	if (map == 0)
		return one_byte_map[opcode] & X;
	return map == MAP_0F && (two_byte_map[opcode] & (X | U));
}

bool x86_insn_reserved(unsigned map, uint8_t opcode, uint8_t modrm)
{
	const uint8_t *slots = map == 0 ? reserved_one_byte
			     : map == MAP_0F ? reserved_two_byte : NULL;

	return slots && (slots[opcode] >> ((modrm >> 3) & 7)) & 1;
}
