/*
 * cpu/exec_flags.c - lazy evaluation of the arithmetic status flags.
 *
 * Most instructions that set CF PF AF ZF SF OF have their flags overwritten
 * before anything reads them, so ADD/SUB/logic/INC/DEC only record their
 * operands and result (cpu_lazy()) and the flags are computed here when a
 * Jcc, SETcc, CMOVcc, PUSHF, ADC ... asks.  The formulas are the SDM's
 * definitions (Vol. 1, appendix A "EFLAGS Cross-Reference"):
 *   CF  unsigned carry out of (borrow into) the top bit
 *   PF  the low byte of the result has an even number of 1 bits
 *   AF  carry out of (borrow into) bit 3
 *   ZF  the result is zero;  SF  its top bit
 *   OF  signed overflow: the operands' signs agree and the result's differs
 * Logic instructions (AND, OR, XOR, TEST) clear CF and OF; AF is undefined
 * by the SDM and this host's silicon (AMD Zen) clears it, as does Intel.
 */
#include "cpu/cpu.h"

static uint64_t sign_bit(unsigned size)
{
	return 1ULL << (size * 8 - 1);
}

static bool parity_even(uint64_t res)
{
	return !__builtin_parity((unsigned)(res & 0xff));
}

/* ZF, SF and PF of a result: the part every flag-setting op shares. */
uint64_t cpu_flags_szp(uint64_t res, unsigned size)
{
	uint64_t f = 0;

	if ((res & cpu_size_mask(size)) == 0)
		f |= FL_ZF;
	if (res & sign_bit(size))
		f |= FL_SF;
	if (parity_even(res))
		f |= FL_PF;
	return f;
}

bool cpu_lazy_carry(const struct lazy_flags *l)
{
	uint64_t m = cpu_size_mask(l->size);
	uint64_t d = l->dst & m, s = l->src & m, r = l->res & m;

	switch (l->op) {
	case LAZY_ADD: return r < d;
	case LAZY_ADC: return l->carry ? r <= d : r < d;
	case LAZY_SUB: return d < s;
	case LAZY_SBB: return l->carry ? d <= s : d < s;
	case LAZY_INC: case LAZY_DEC:
	case LAZY_SHL: case LAZY_SHR: case LAZY_SAR:
		return l->carry;
	default: return false;
	}
}

/* OF of the shifts as this host's silicon sets it (cpu/exec_shift.c says
 * where the SDM leaves it undefined): SHL: MSB(result) XOR CF; SHR: bit
 * w-1 XOR bit w-2 of the result; SAR: 0. */
static bool overflow(const struct lazy_flags *l)
{
	uint64_t d = l->dst, s = l->src, r = l->res, top = sign_bit(l->size);

	switch (l->op) {
	case LAZY_ADD: case LAZY_ADC: case LAZY_INC:
		return ((d ^ r) & (s ^ r)) & top;
	case LAZY_SUB: case LAZY_SBB: case LAZY_DEC:
		return ((d ^ s) & (d ^ r)) & top;
	case LAZY_SHL:
		return !(r & top) != !l->carry;
	case LAZY_SHR:
		return ((r ^ (r << 1)) & top) != 0;
	default:
		return false;
	}
}

/* AF: the carry out of bit 3 for arithmetic, 0 after logic, 1 after a
 * shift (this host: cpu/exec_shift.c). */
static bool adjust(const struct lazy_flags *l)
{
	switch (l->op) {
	case LAZY_LOGIC: return false;
	case LAZY_SHL: case LAZY_SHR: case LAZY_SAR: return true;
	default: return (l->dst ^ l->src ^ l->res) & 0x10;
	}
}

static uint64_t lazy_status(const struct lazy_flags *l)
{
	uint64_t f = cpu_flags_szp(l->res, l->size);

	if (cpu_lazy_carry(l))
		f |= FL_CF;
	if (overflow(l))
		f |= FL_OF;
	if (adjust(l))
		f |= FL_AF;
	return f;
}

/* Fold the lazy flags into cpu->rflags. */
static void materialize(struct softcpu *cpu)
{
	if (cpu->lazy.op == LAZY_NONE)
		return;
	cpu->rflags = (cpu->rflags & ~FL_STATUS) | lazy_status(&cpu->lazy);
	cpu->lazy.op = LAZY_NONE;
}

uint64_t cpu_get_rflags(struct softcpu *cpu)
{
	materialize(cpu);
	return cpu->rflags;
}

void cpu_set_status(struct softcpu *cpu, uint64_t flags)
{
	cpu->lazy.op = LAZY_NONE;
	cpu->rflags = (cpu->rflags & ~FL_STATUS) | (flags & FL_STATUS);
}

/* A CMP's conditions straight from its operands: the common case of a
 * compare-and-branch skips computing the flags. */
static bool cond_after_sub(const struct lazy_flags *l, unsigned cc, bool *out)
{
	uint64_t m = cpu_size_mask(l->size);
	uint64_t d = l->dst & m, s = l->src & m;
	int64_t sd = (int64_t)cpu_sign_extend(d, l->size);
	int64_t ss = (int64_t)cpu_sign_extend(s, l->size);

	switch (cc >> 1) {
	case 1: *out = d < s; break;             /* B / AE */
	case 2: *out = d == s; break;            /* E / NE */
	case 3: *out = d <= s; break;            /* BE / A */
	case 6: *out = sd < ss; break;           /* L / GE */
	case 7: *out = sd <= ss; break;          /* LE / G */
	default: return false;
	}
	return true;
}

/* The conditions that need only ZF and SF, which every lazy operation
 * defines the same way: from its result.  After a logic operation
 * (CF = OF = 0) all but P reduce to ZF and SF. */
static bool cond_from_result(const struct lazy_flags *l, unsigned cc,
			     bool *out)
{
	bool zf = (l->res & cpu_size_mask(l->size)) == 0;
	bool sf = l->res & sign_bit(l->size);
	unsigned c = cc >> 1;

	if (l->op != LAZY_LOGIC && c != 2 && c != 4)
		return false;
	switch (c) {
	case 0: case 1: *out = false; break;     /* O, B: OF = CF = 0 */
	case 2: case 3: *out = zf; break;        /* E, BE */
	case 4: case 6: *out = sf; break;        /* S, L: SF != OF */
	case 7: *out = zf || sf; break;          /* LE */
	default: return false;                   /* P */
	}
	return true;
}

/* Condition codes tttn (SDM Vol. 2D, B.1.4.7, table B-10). */
bool cpu_cond(struct softcpu *cpu, unsigned cc)
{
	const struct lazy_flags *l = &cpu->lazy;
	uint64_t f;
	bool r;

	if ((l->op == LAZY_SUB && cond_after_sub(l, cc, &r)) ||
	    (l->op != LAZY_NONE && cond_from_result(l, cc, &r)))
		return (cc & 1) ? !r : r;
	f = cpu_get_rflags(cpu);
	switch (cc >> 1) {
	case 0: r = f & FL_OF; break;
	case 1: r = f & FL_CF; break;
	case 2: r = f & FL_ZF; break;
	case 3: r = f & (FL_CF | FL_ZF); break;
	case 4: r = f & FL_SF; break;
	case 5: r = f & FL_PF; break;
	case 6: r = !(f & FL_SF) != !(f & FL_OF); break;
	default: r = (f & FL_ZF) || (!(f & FL_SF) != !(f & FL_OF)); break;
	}
	return (cc & 1) ? !r : r;
}
