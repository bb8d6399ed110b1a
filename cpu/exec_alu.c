/*
 * cpu/exec_alu.c - integer arithmetic and logic: ADD OR ADC SBB AND SUB
 * XOR CMP TEST, NOT NEG INC DEC, CMPXCHG, XADD.
 *
 * Each handler reads its operands, computes, writes the destination (the
 * write may fault, so it comes before anything else changes) and records
 * its flags lazily (cpu/exec_flags.c).  Flag rules: SDM Vol. 2, each
 * instruction's "Flags Affected"; AF after logic ops is 0 on this host.
 */
#include "cpu/cpu.h"

/* dst op src for the eight classic ALU operations, with their flags. */
static uint64_t alu(struct softcpu *cpu, enum insn_op op, unsigned size,
		    uint64_t dst, uint64_t src)
{
	uint64_t res, c;

	switch (op) {
	case INSN_ADD:
		res = dst + src;
		cpu_lazy(cpu, LAZY_ADD, size, dst, src, res);
		return res;
	case INSN_ADC:
		c = cpu_get_cf(cpu);
		res = dst + src + c;
		cpu_lazy(cpu, LAZY_ADC, size, dst, src, res);
		cpu->lazy.carry = (uint8_t)c;
		return res;
	case INSN_SBB:
		c = cpu_get_cf(cpu);
		res = dst - src - c;
		cpu_lazy(cpu, LAZY_SBB, size, dst, src, res);
		cpu->lazy.carry = (uint8_t)c;
		return res;
	case INSN_SUB:
	case INSN_CMP:
		res = dst - src;
		cpu_lazy(cpu, LAZY_SUB, size, dst, src, res);
		return res;
	case INSN_OR: res = dst | src; break;
	case INSN_XOR: res = dst ^ src; break;
	default: res = dst & src; break;   /* AND, TEST */
	}
	cpu_lazy(cpu, LAZY_LOGIC, size, dst, src, res);
	return res;
}

/* The fast form: both operands registers (or an immediate source). */
static int alu_reg(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	uint64_t src = insn->operand[1].kind == INSN_OPD_REG
			       ? cpu_reg_read(cpu, &insn->operand[1])
			       : (uint64_t)insn->operand[1].imm &
					 cpu_size_mask(d->size);
	uint64_t res = alu(cpu, insn->op, d->size, cpu_reg_read(cpu, d), src);

	if (insn->op != INSN_CMP && insn->op != INSN_TEST)
		cpu_reg_write(cpu, d, res);
	return CPU_OK;
}

int cpu_exec_alu(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	uint64_t dst, src, res, ea = 0;

	if (d->kind == INSN_OPD_REG && insn->operand[1].kind != INSN_OPD_MEM)
		return alu_reg(cpu, insn);
	if (cpu_opd_read(cpu, insn, &insn->operand[1], &src))
		return CPU_STOP;
	if (d->kind == INSN_OPD_MEM) {
		ea = cpu_ea(cpu, insn, d);
		if (cpu_read_seg(cpu, d->mem.segment, ea, d->size, &dst))
			return CPU_STOP;
	} else {
		dst = cpu_reg_read(cpu, d);
	}
	{
		struct lazy_flags saved = cpu->lazy;
		uint64_t rflags = cpu->rflags;

		res = alu(cpu, insn->op, d->size, dst, src);
		if (insn->op == INSN_CMP || insn->op == INSN_TEST)
			return CPU_OK;
		if (d->kind != INSN_OPD_MEM) {
			cpu_reg_write(cpu, d, res);
			return CPU_OK;
		}
		if (cpu_write(cpu, ea, d->size, res)) {
			cpu->lazy = saved;   /* a faulting write changes nothing */
			cpu->rflags = rflags;
			return CPU_STOP;
		}
	}
	return CPU_OK;
}

/* Read-modify-write of operand 0 with f(); flags are f's business and
 * are committed only when the write succeeded. */
static int rmw(struct softcpu *cpu, const struct insn *insn,
	       uint64_t (*f)(struct softcpu *, unsigned, uint64_t))
{
	const struct insn_operand *d = &insn->operand[0];
	struct lazy_flags saved = cpu->lazy;
	uint64_t rflags = cpu->rflags, val, res;

	if (cpu_opd_read(cpu, insn, d, &val))
		return CPU_STOP;
	res = f(cpu, d->size, val);
	if (cpu_opd_write(cpu, insn, d, res)) {
		cpu->lazy = saved;
		cpu->rflags = rflags;
		return CPU_STOP;
	}
	return CPU_OK;
}

static uint64_t op_not(struct softcpu *cpu, unsigned size, uint64_t v)
{
	(void)cpu;
	(void)size;
	return ~v;
}

static uint64_t op_neg(struct softcpu *cpu, unsigned size, uint64_t v)
{
	cpu_lazy(cpu, LAZY_SUB, size, 0, v, 0 - v);
	return 0 - v;
}

static uint64_t op_incdec(struct softcpu *cpu, unsigned size, uint64_t v,
			  enum lazy_op op)
{
	uint8_t cf = cpu_get_cf(cpu);
	uint64_t res = op == LAZY_INC ? v + 1 : v - 1;

	cpu_lazy(cpu, op, size, v, 1, res);
	cpu->lazy.carry = cf;
	return res;
}

static uint64_t op_inc(struct softcpu *cpu, unsigned size, uint64_t v)
{
	return op_incdec(cpu, size, v, LAZY_INC);
}

static uint64_t op_dec(struct softcpu *cpu, unsigned size, uint64_t v)
{
	return op_incdec(cpu, size, v, LAZY_DEC);
}

int cpu_exec_not(struct softcpu *cpu, const struct insn *insn)
{
	return rmw(cpu, insn, op_not);
}

int cpu_exec_neg(struct softcpu *cpu, const struct insn *insn)
{
	return rmw(cpu, insn, op_neg);
}

int cpu_exec_inc(struct softcpu *cpu, const struct insn *insn)
{
	return rmw(cpu, insn, op_inc);
}

int cpu_exec_dec(struct softcpu *cpu, const struct insn *insn)
{
	return rmw(cpu, insn, op_dec);
}

/*
 * CMPXCHG (SDM Vol. 2A): compare the accumulator with the destination; if
 * equal store the source there, else load the destination into the
 * accumulator.  A memory destination is always written (with its own
 * value on a mismatch), as the processor does.
 */
int cpu_exec_cmpxchg(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	unsigned size = d->size;
	uint64_t acc = cpu->gpr[REG_RAX] & cpu_size_mask(size), dst, src;
	bool equal;

	if (cpu_opd_read(cpu, insn, d, &dst) ||
	    cpu_opd_read(cpu, insn, &insn->operand[1], &src))
		return CPU_STOP;
	equal = acc == dst;
	if (d->kind == INSN_OPD_MEM || equal)
		if (cpu_opd_write(cpu, insn, d, equal ? src : dst))
			return CPU_STOP;
	if (!equal)
		cpu_gpr_write(cpu, REG_RAX, size, dst);
	cpu_lazy(cpu, LAZY_SUB, size, acc, dst, acc - dst);
	return CPU_OK;
}

/* XADD: the destination gets the sum, the source the old destination. */
int cpu_exec_xadd(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	uint64_t dst, src;

	if (cpu_opd_read(cpu, insn, d, &dst) ||
	    cpu_opd_read(cpu, insn, &insn->operand[1], &src) ||
	    cpu_opd_write(cpu, insn, d, dst + src))
		return CPU_STOP;
	cpu_reg_write(cpu, &insn->operand[1], dst);
	if (d->kind == INSN_OPD_REG)   /* xadd r, r with the same register */
		cpu_reg_write(cpu, d, dst + src);
	cpu_lazy(cpu, LAZY_ADD, d->size, dst, src, dst + src);
	return CPU_OK;
}
