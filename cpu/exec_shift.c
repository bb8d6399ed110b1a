/*
 * cpu/exec_shift.c - shifts and rotates (SHL SHR SAR ROL ROR RCL RCR) and
 * the bit tests (BT BTS BTR BTC).
 *
 * The count is masked to 5 bits (6 with a 64-bit operand); a masked count
 * of 0 changes no flags (SDM Vol. 2B, SAL/SAR/SHL/SHR; RCL/RCR/ROL/ROR).
 * A 32-bit register operand is still written, i.e. zero-extended - this
 * host does so.  Where the SDM leaves flags undefined, this file matches
 * the silicon vmscope's differential test runs on (AMD EPYC, measured with
 * random operands and counts):
 *   SHL/SHR/SAR: AF = 1 for every non-zero count;
 *   SHL: OF = MSB(result) XOR CF for every count (the SDM defines count 1);
 *   SHR: OF = bit w-1 XOR bit w-2 of the result (count 1: MSB(original),
 *        larger counts: 0);  SAR: OF = 0;
 *   ROL/RCL: OF = MSB(result) XOR CF;  ROR/RCR: OF = bit w-1 XOR bit w-2
 *        of the result, for every count;
 *   a count beyond the width shifts everything out: SHL/SHR give 0 and
 *        CF = 0, SAR gives the sign and CF = the sign.
 * Rotates leave SF, ZF, AF and PF alone.
 *   BT*: only CF changes (OF SF ZF AF PF keep their values on this host).
 */
#include "cpu/cpu.h"
#include "cpu/exec.h"

static uint64_t msb(uint64_t v, unsigned w)
{
	return (v >> (w - 1)) & 1;
}

static uint64_t ovf_high(uint64_t res, unsigned w)
{
	return msb(res, w) ^ ((res >> (w - 2)) & 1);
}

/*
 * SHL, SHR, SAR of v (size bytes) by c > 0: returns the result and records
 * the flags lazily - CF now (the last bit out, one shift), the others when
 * read (cpu/exec_flags.c: OF and AF as described above).
 */
static inline uint64_t shift(struct softcpu *cpu, enum insn_op op,
			     unsigned size, uint64_t v, unsigned c)
{
	unsigned w = size * 8;
	uint64_t m = cpu_size_mask(size), res, cf;
	enum lazy_op lazy;

	if (op == INSN_SHL) {
		cf = c <= w ? (v << (c - 1)) >> (w - 1) & 1 : 0;
		res = c < 64 ? (v << c) & m : 0;
		lazy = LAZY_SHL;
	} else if (op == INSN_SHR) {
		cf = (v >> (c - 1)) & 1;
		res = v >> c;
		lazy = LAZY_SHR;
	} else {
		int64_t s = (int64_t)cpu_sign_extend(v, size);

		cf = (uint64_t)(s >> (c - 1)) & 1;
		res = (uint64_t)(s >> c) & m;
		lazy = LAZY_SAR;
	}
	cpu_lazy(cpu, lazy, size, v, c, res);
	cpu->lazy.carry = (uint8_t)cf;
	return res;
}

/* ROL, ROR, RCL, RCR: rotate v (size bytes) by c > 0 with carry cf_in. */
static uint64_t rotate(enum insn_op op, unsigned size, uint64_t v,
		       unsigned c, uint64_t flags, uint64_t *f)
{
	unsigned w = size * 8;
	uint64_t m = cpu_size_mask(size), res = v, cf = flags & FL_CF;

	if (op == INSN_ROL || op == INSN_ROR) {
		unsigned r = c % w;

		if (r)
			res = op == INSN_ROL ? ((v << r) | (v >> (w - r))) & m
					     : ((v >> r) | (v << (w - r))) & m;
		cf = op == INSN_ROL ? res & 1 : msb(res, w);
	} else {
		for (unsigned i = 0; i < c % (w + 1); i++) {
			uint64_t out = op == INSN_RCL ? msb(res, w) : res & 1;

			res = op == INSN_RCL ? ((res << 1) | cf) & m
					     : (res >> 1) | (cf << (w - 1));
			cf = out;
		}
	}
	*f = (flags & ~(FL_CF | FL_OF)) | (cf ? FL_CF : 0);
	if (op == INSN_ROL || op == INSN_RCL ? msb(res, w) ^ (cf != 0)
					     : ovf_high(res, w))
		*f |= FL_OF;
	return res;
}

int cpu_exec_shift(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	uint64_t val, count, res, f;
	unsigned c;

	if (cpu_opd_read(cpu, insn, &insn->operand[1], &count) ||
	    cpu_opd_read(cpu, insn, d, &val))
		return CPU_STOP;
	c = (unsigned)count & (d->size == 8 ? 63 : 31);
	if (c == 0) {
		if (d->kind == INSN_OPD_REG)
			cpu_reg_write(cpu, d, val);
		return CPU_OK;
	}
	if (insn->op == INSN_SHL || insn->op == INSN_SHR ||
	    insn->op == INSN_SAR) {
		struct lazy_flags before = cpu->lazy;

		res = shift(cpu, insn->op, d->size, val, c);
		if (cpu_opd_write(cpu, insn, d, res)) {
			cpu->lazy = before;   /* a fault changes nothing */
			return CPU_STOP;
		}
		return CPU_OK;
	}
	res = rotate(insn->op, d->size, val, c, cpu_get_rflags(cpu), &f);
	if (cpu_opd_write(cpu, insn, d, res))
		return CPU_STOP;
	cpu_set_status(cpu, f);
	return CPU_OK;
}

/* SHL/SHR/SAR of a 32/64-bit register by an immediate: the common form,
 * without the operand dispatch, a run that goes on to the next
 * instruction; op is a constant in each of the three callers below, so
 * each keeps only its own shift (cpu/exec_fast.c chooses them). */
static inline int shift_reg_imm(struct softcpu *cpu, const struct insn *insn,
				enum insn_op op)
{
	const struct insn_operand *d = &insn->operand[0];
	unsigned c = (unsigned)insn->operand[1].imm & (d->size == 8 ? 63 : 31);
	uint64_t val = cpu->gpr[d->reg] & cpu_size_mask(d->size), res = val;

	if (c)
		res = shift(cpu, op, d->size, val, c);
	cpu_gpr_write(cpu, d->reg, d->size, res);
	return cpu_next(cpu, insn);
}

static int shl_reg_imm(struct softcpu *cpu, const struct insn *insn)
{
	return shift_reg_imm(cpu, insn, INSN_SHL);
}

static int shr_reg_imm(struct softcpu *cpu, const struct insn *insn)
{
	return shift_reg_imm(cpu, insn, INSN_SHR);
}

static int sar_reg_imm(struct softcpu *cpu, const struct insn *insn)
{
	return shift_reg_imm(cpu, insn, INSN_SAR);
}

cpu_handler cpu_shift_reg_imm_run(enum insn_op op)
{
	return op == INSN_SHL ? shl_reg_imm
	       : op == INSN_SHR ? shr_reg_imm : sar_reg_imm;
}

/*
 * BT/BTS/BTR/BTC.  With a register offset and a memory operand the offset
 * is a signed bit index that may reach outside the operand (SDM Vol. 2A,
 * BT: "bit string"); an immediate offset is taken modulo the width.
 */
int cpu_exec_bt(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	const struct insn_operand *o = &insn->operand[1];
	unsigned w = d->size * 8;
	uint64_t off, val, bit, ea = 0, res;

	if (cpu_opd_read(cpu, insn, o, &off))
		return CPU_STOP;
	if (d->kind == INSN_OPD_MEM) {
		int64_t soff = o->kind == INSN_OPD_REG
				       ? (int64_t)cpu_sign_extend(off, o->size)
				       : (int64_t)(off % w);

		ea = cpu_ea(cpu, insn, d) +
		     (uint64_t)((soff >> (w == 64 ? 6 : w == 32 ? 5 : 4)) *
				(int64_t)d->size);
		off = (uint64_t)soff & (w - 1);
		if (cpu_read_seg(cpu, d->mem.segment, ea, d->size, &val))
			return CPU_STOP;
	} else {
		off %= w;
		val = cpu_reg_read(cpu, d);
	}
	bit = 1ULL << off;
	switch (insn->op) {
	case INSN_BTS: res = val | bit; break;
	case INSN_BTR: res = val & ~bit; break;
	case INSN_BTC: res = val ^ bit; break;
	default: res = val; break;
	}
	if (insn->op != INSN_BT) {
		if (d->kind == INSN_OPD_MEM ? cpu_write(cpu, ea, d->size, res)
					    : (cpu_reg_write(cpu, d, res), 0))
			return CPU_STOP;
	}
	cpu_set_status(cpu, (cpu_get_rflags(cpu) & ~FL_CF) |
			    ((val & bit) ? FL_CF : 0));
	return CPU_OK;
}
