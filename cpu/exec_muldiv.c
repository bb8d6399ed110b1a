/*
 * cpu/exec_muldiv.c - MUL, IMUL (one, two and three operands), DIV, IDIV.
 *
 * One-operand forms use the accumulator pair (SDM Vol. 2A, MUL/DIV tables):
 * AL*r8 -> AX, AX*r16 -> DX:AX, EAX*r32 -> EDX:EAX, RAX*r64 -> RDX:RAX;
 * division divides that pair.  Products are computed in 128 bits.
 * Flags: MUL/IMUL set CF = OF = "the high half is significant"; SF, ZF, AF
 * and PF are undefined by the SDM and left unchanged by this host (AMD
 * EPYC, measured).  DIV/IDIV leave CF and OF unchanged and set AF = 1,
 * SF = ZF = PF = 0 on this host (measured; the SDM says undefined).
 * A zero divisor or a quotient that does not fit (including INT_MIN / -1)
 * raises #DE before anything changes.
 */
#include "cpu/cpu.h"
#include "cpu/exec.h"

typedef unsigned __int128 u128;
typedef __int128 s128;

static void set_mul_flags(struct softcpu *cpu, bool significant)
{
	uint64_t f = cpu_get_rflags(cpu) & ~(FL_CF | FL_OF);

	cpu_set_status(cpu, f | (significant ? FL_CF | FL_OF : 0));
}

/* Store a double-width product into AX, DX:AX, EDX:EAX or RDX:RAX. */
static void store_pair(struct softcpu *cpu, unsigned size, u128 v)
{
	if (size == 1) {
		cpu_gpr_write(cpu, REG_RAX, 2, (uint64_t)v);
		return;
	}
	cpu_gpr_write(cpu, REG_RAX, size, (uint64_t)v);
	cpu_gpr_write(cpu, REG_RDX, size, (uint64_t)(v >> (size * 8)));
}

int cpu_exec_mul(struct softcpu *cpu, const struct insn *insn)
{
	unsigned size = insn->operand[0].size;
	uint64_t src, acc = cpu->gpr[REG_RAX] & cpu_size_mask(size);
	u128 p;

	if (cpu_opd_read(cpu, insn, &insn->operand[0], &src))
		return CPU_STOP;
	if (insn->op == INSN_MUL) {
		p = (u128)acc * src;
		set_mul_flags(cpu, (p >> (size * 8)) != 0);
	} else {
		s128 sp = (s128)(int64_t)cpu_sign_extend(acc, size) *
			  (int64_t)cpu_sign_extend(src, size);

		p = (u128)sp;
		set_mul_flags(cpu, sp != (int64_t)cpu_sign_extend((uint64_t)sp,
								 size));
	}
	store_pair(cpu, size, p);
	return CPU_OK;
}

/* IMUL r, r/m and IMUL r, r/m, imm: a truncated signed product. */
int cpu_exec_imul(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	unsigned size = d->size;
	uint64_t a, b;
	s128 p;

	if (insn->operand_count == 3) {
		if (cpu_opd_read(cpu, insn, &insn->operand[1], &a) ||
		    cpu_opd_read(cpu, insn, &insn->operand[2], &b))
			return CPU_STOP;
	} else {
		a = cpu_reg_read(cpu, d);
		if (cpu_opd_read(cpu, insn, &insn->operand[1], &b))
			return CPU_STOP;
	}
	p = (s128)(int64_t)cpu_sign_extend(a, size) *
	    (int64_t)cpu_sign_extend(b, size);
	set_mul_flags(cpu, p != (int64_t)cpu_sign_extend((uint64_t)p, size));
	cpu_reg_write(cpu, d, (uint64_t)p);
	return CPU_OK;
}

/* The dividend: AX, DX:AX, EDX:EAX or RDX:RAX. */
static u128 dividend(const struct softcpu *cpu, unsigned size)
{
	uint64_t m = cpu_size_mask(size);

	if (size == 1)
		return cpu->gpr[REG_RAX] & 0xffff;
	return ((u128)(cpu->gpr[REG_RDX] & m) << (size * 8)) |
	       (cpu->gpr[REG_RAX] & m);
}

static void store_divide(struct softcpu *cpu, unsigned size, uint64_t q,
			 uint64_t r)
{
	if (size == 1) {
		cpu_gpr_write(cpu, REG_RAX, 2, (q & 0xff) | ((r & 0xff) << 8));
	} else {
		cpu_gpr_write(cpu, REG_RAX, size, q);
		cpu_gpr_write(cpu, REG_RDX, size, r);
	}
	cpu_set_status(cpu, (cpu_get_rflags(cpu) & (FL_CF | FL_OF)) | FL_AF);
}

static int divide_unsigned(struct softcpu *cpu, unsigned size, uint64_t d)
{
	u128 n = dividend(cpu, size), q;

	q = n / d;
	if (q > cpu_size_mask(size))
		return cpu_raise(cpu, VEC_DE);
	store_divide(cpu, size, (uint64_t)q, (uint64_t)(n % d));
	return CPU_OK;
}

static int divide_signed(struct softcpu *cpu, unsigned size, uint64_t d)
{
	unsigned w = size * 8;
	u128 raw = dividend(cpu, size);
	/* sign-extend the 2w-bit dividend to 128 bits */
	s128 n = (s128)(raw << (128 - 2 * w)) >> (128 - 2 * w);
	s128 sd = (int64_t)cpu_sign_extend(d, size), q;
	s128 max = ((s128)1 << (w - 1)) - 1;

	/* n / -1 is -n, computed without overflowing 128 bits */
	q = sd == -1 ? (s128)(0 - (u128)n) : n / sd;
	if (q > max || q < -max - 1)
		return cpu_raise(cpu, VEC_DE);
	store_divide(cpu, size, (uint64_t)q,
		     sd == -1 ? 0 : (uint64_t)(n % sd));
	return CPU_OK;
}

int cpu_exec_div(struct softcpu *cpu, const struct insn *insn)
{
	unsigned size = insn->operand[0].size;
	uint64_t d;

	if (cpu_opd_read(cpu, insn, &insn->operand[0], &d))
		return CPU_STOP;
	if (d == 0)
		return cpu_raise(cpu, VEC_DE);
	return insn->op == INSN_DIV ? divide_unsigned(cpu, size, d)
				    : divide_signed(cpu, size, d);
}
