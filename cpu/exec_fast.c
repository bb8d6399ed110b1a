/*
 * cpu/exec_fast.c - handlers specialised when an instruction is decoded.
 *
 * The general handlers (cpu/exec_*.c) serve every form of an operation:
 * they switch on the operation and on each operand's kind (register,
 * memory, immediate) every time the instruction runs.  But the form of
 * a decoded instruction never changes, and a handful of forms make up
 * most of what compiled loops run: ADD/SUB/AND/OR/XOR/CMP/TEST between
 * 32- or 64-bit registers or with an immediate, INC/DEC/NEG of a
 * register, SHL/SHR/SAR of a register by an immediate (in
 * cpu/exec_shift.c, next to the general form), MOV between registers and
 * memory.  cpu_pick_handler() gives these a handler that does only their
 * work; the block of decoded instructions (cpu/icache.c) stores it.
 *
 * The register forms cannot fault, exit or jump, so their handler is the
 * instruction's run: it neither reads nor writes RIP and ends by calling
 * the next instruction's run (cpu_next()).  The memory forms may do all
 * of that; they are exec handlers under cpu_run_plain(), which settles RIP
 * around them.
 *
 * Each specialised handler must behave exactly as the general one: the
 * differential test (tests/unit/test_cpu_diff.c) runs both paths.
 */
#include "cpu/cpu.h"
#include "cpu/exec.h"

/* --- ALU: dst = dst op src on 32/64-bit registers ------------------------ */

/* The register operands here are 32 or 64 bits wide (wide_reg()): their
 * mask needs no branch, and writing through it zero-extends a 32-bit
 * result as x86 does (SDM Vol. 1, 3.4.1.1). */
static inline uint64_t wide_mask(unsigned size)
{
	return size == 8 ? UINT64_MAX : UINT32_MAX;
}

static inline void wide_write(struct softcpu *cpu,
			      const struct insn_operand *d, uint64_t value)
{
	cpu->gpr[d->reg] = value & wide_mask(d->size);
}

/*
 * The body all ALU forms share; op and imm are constants in each caller,
 * so the compiler turns every caller into straight-line code for one
 * operation (no switch at run time).  Flags are recorded lazily, as in
 * cpu/exec_alu.c.
 */
static inline void alu_fast(struct softcpu *cpu, const struct insn *insn,
			    enum insn_op op, bool imm)
{
	const struct insn_operand *d = &insn->operand[0];
	uint64_t m = wide_mask(d->size);
	uint64_t dst = cpu->gpr[d->reg] & m;
	uint64_t src = (imm ? (uint64_t)insn->operand[1].imm
			    : cpu->gpr[insn->operand[1].reg]) & m;
	uint64_t res;
	enum lazy_op lazy = LAZY_LOGIC;

	switch (op) {
	case INSN_ADD: res = dst + src; lazy = LAZY_ADD; break;
	case INSN_SUB: case INSN_CMP: res = dst - src; lazy = LAZY_SUB; break;
	case INSN_OR: res = dst | src; break;
	case INSN_XOR: res = dst ^ src; break;
	default: res = dst & src; break;   /* AND, TEST */
	}
	cpu_lazy(cpu, lazy, d->size, dst, src, res);
	if (op != INSN_CMP && op != INSN_TEST)
		wide_write(cpu, d, res);
}

static int add_rr(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_ADD, false);
	return cpu_next(c, i);
}

static int add_ri(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_ADD, true);
	return cpu_next(c, i);
}

static int sub_rr(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_SUB, false);
	return cpu_next(c, i);
}

static int sub_ri(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_SUB, true);
	return cpu_next(c, i);
}

static int cmp_rr(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_CMP, false);
	return cpu_next(c, i);
}

static int cmp_ri(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_CMP, true);
	return cpu_next(c, i);
}

static int and_rr(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_AND, false);
	return cpu_next(c, i);
}

static int and_ri(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_AND, true);
	return cpu_next(c, i);
}

static int or_rr(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_OR, false);
	return cpu_next(c, i);
}

static int or_ri(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_OR, true);
	return cpu_next(c, i);
}

static int xor_rr(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_XOR, false);
	return cpu_next(c, i);
}

static int xor_ri(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_XOR, true);
	return cpu_next(c, i);
}

static int test_rr(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_TEST, false);
	return cpu_next(c, i);
}

static int test_ri(struct softcpu *c, const struct insn *i)
{
	alu_fast(c, i, INSN_TEST, true);
	return cpu_next(c, i);
}

/* --- INC, DEC, NEG of a 32/64-bit register ------------------------------- */

/* INC and DEC leave CF alone: it is kept in lazy.carry. */
static inline int incdec_fast(struct softcpu *cpu, const struct insn *insn,
			      enum lazy_op op)
{
	const struct insn_operand *d = &insn->operand[0];
	uint64_t v = cpu->gpr[d->reg] & wide_mask(d->size);
	uint64_t res = op == LAZY_INC ? v + 1 : v - 1;
	uint8_t cf = cpu_get_cf(cpu);

	cpu_lazy(cpu, op, d->size, v, 1, res);
	cpu->lazy.carry = cf;
	wide_write(cpu, d, res);
	return cpu_next(cpu, insn);
}

static int inc_r(struct softcpu *c, const struct insn *i)
{
	return incdec_fast(c, i, LAZY_INC);
}

static int dec_r(struct softcpu *c, const struct insn *i)
{
	return incdec_fast(c, i, LAZY_DEC);
}

static int neg_r(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	uint64_t v = cpu->gpr[d->reg] & wide_mask(d->size);

	cpu_lazy(cpu, LAZY_SUB, d->size, 0, v, 0 - v);
	wide_write(cpu, d, 0 - v);
	return cpu_next(cpu, insn);
}

/* --- MOV ------------------------------------------------------------------ */

static int mov_rr(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];

	wide_write(cpu, d, cpu->gpr[insn->operand[1].reg]);
	return cpu_next(cpu, insn);
}

static int mov_ri(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];

	wide_write(cpu, d, (uint64_t)insn->operand[1].imm);
	return cpu_next(cpu, insn);
}

/* The exec of MOV reg, [mem] (and of MOV [mem], reg below): what
 * cpu_run_plain() calls when the run's TLB hit misses. */
static int mov_rm(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	const struct insn_operand *s = &insn->operand[1];
	uint64_t v;

	if (cpu_read_seg(cpu, s->mem.segment, cpu_ea(cpu, insn, s), s->size,
			 &v))
		return CPU_STOP;
	cpu_gpr_write(cpu, d->reg, d->size, v);
	return CPU_OK;
}

static int mov_mr(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];

	return cpu_write_seg(cpu, d->mem.segment, cpu_ea(cpu, insn, d),
			     d->size, cpu->gpr[insn->operand[1].reg]);
}

/*
 * The runs of the two: a load or store that hits the TLB is one host
 * access; anything else (a miss, a fault, MMIO, a store to decoded code)
 * goes through cpu_run_plain() and the exec above.  The address needs no
 * RIP: a RIP-relative one was made absolute when the block was decoded
 * (cpu/icache.c).
 */
static int load_run(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	const struct insn_operand *s = &insn->operand[1];
	const uint8_t *p = cpu_tlb_hit(cpu, cpu_ea(cpu, insn, s), s->size,
				       TLB_R_SUP, TLB_R_USER);

	if (!p)
		return cpu_run_plain(cpu, insn);
	wide_write(cpu, d, cpu_load(p, s->size));
	return cpu_next(cpu, insn);
}

static int store_run(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	uint8_t *p = cpu_tlb_hit(cpu, cpu_ea(cpu, insn, d), d->size,
				 TLB_W_SUP, TLB_W_USER);

	if (!p)
		return cpu_run_plain(cpu, insn);
	cpu_store(p, d->size, cpu->gpr[insn->operand[1].reg]);
	return cpu_next(cpu, insn);
}

/* --- Jcc: one handler per condition ------------------------------------ */

/*
 * Condition cc (SDM Vol. 2D, B.1.4.7) where it is cheap: ZF and SF from
 * the saved result, CF inline, the unsigned and signed compares straight
 * from a SUB/CMP's operands; the rest by cpu_cond().  cc is a constant in
 * each caller, so each Jcc handler keeps only its own case.
 */
static inline bool cond_fast(struct softcpu *cpu, unsigned cc)
{
	const struct lazy_flags *l = &cpu->lazy;
	uint64_t m = cpu_size_mask(l->size);
	uint64_t d = l->dst & m, s = l->src & m;
	bool r;

	if (l->op == LAZY_NONE)
		return cpu_cond(cpu, cc);
	switch (cc >> 1) {
	case 1: r = cpu_get_cf(cpu); break;                    /* B */
	case 2: r = (l->res & m) == 0; break;                  /* E */
	case 4: r = (l->res >> (l->size * 8 - 1)) & 1; break;  /* S */
	case 3: case 6: case 7:                               /* BE, L, LE */
		if (l->op != LAZY_SUB)
			return cpu_cond(cpu, cc);
		if (cc >> 1 == 3)
			r = d <= s;
		else if (cc >> 1 == 6)
			r = (int64_t)cpu_sign_extend(d, l->size) <
			    (int64_t)cpu_sign_extend(s, l->size);
		else
			r = (int64_t)cpu_sign_extend(d, l->size) <=
			    (int64_t)cpu_sign_extend(s, l->size);
		break;
	default:                                              /* O, P */
		return cpu_cond(cpu, cc);
	}
	return (cc & 1) ? !r : r;
}

/* The last instruction of its block: RIP is settled here. */
static inline int jcc_fast(struct softcpu *cpu, const struct insn *insn,
			   unsigned cc)
{
	const struct icache_insn *d = icache_entry(insn);

	cpu->rip = d->next_rip;
	if (cond_fast(cpu, cc))
		cpu->rip += (uint64_t)insn->operand[0].imm;
	cpu->block_pos = d + 1;
	return CPU_OK;
}

static int jo(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0x0);
}

static int jno(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0x1);
}

static int jb(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0x2);
}

static int jae(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0x3);
}

static int je(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0x4);
}

static int jne(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0x5);
}

static int jbe(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0x6);
}

static int ja(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0x7);
}

static int js(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0x8);
}

static int jns(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0x9);
}

static int jp(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0xa);
}

static int jnp(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0xb);
}

static int jl(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0xc);
}

static int jge(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0xd);
}

static int jle(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0xe);
}

static int jg(struct softcpu *c, const struct insn *i)
{
	return jcc_fast(c, i, 0xf);
}

static const cpu_handler jcc_by_cc[16] = {
	jo, jno, jb, jae, je, jne, jbe, ja, js, jns, jp, jnp, jl, jge, jle, jg,
};

/* --- choosing ----------------------------------------------------------- */

/* A 32- or 64-bit general-purpose register (no AH..BH, no 8/16-bit
 * merge: the forms the fast handlers implement). */
static bool wide_reg(const struct insn_operand *o)
{
	return o->kind == INSN_OPD_REG && (o->size == 4 || o->size == 8);
}

static cpu_handler pick_alu(const struct insn *insn)
{
	static const cpu_handler rr[INSN_OP_COUNT] = {
		[INSN_ADD] = add_rr, [INSN_SUB] = sub_rr, [INSN_CMP] = cmp_rr,
		[INSN_AND] = and_rr, [INSN_OR] = or_rr, [INSN_XOR] = xor_rr,
		[INSN_TEST] = test_rr,
	};
	static const cpu_handler ri[INSN_OP_COUNT] = {
		[INSN_ADD] = add_ri, [INSN_SUB] = sub_ri, [INSN_CMP] = cmp_ri,
		[INSN_AND] = and_ri, [INSN_OR] = or_ri, [INSN_XOR] = xor_ri,
		[INSN_TEST] = test_ri,
	};
	const struct insn_operand *s = &insn->operand[1];

	if (!wide_reg(&insn->operand[0]))
		return NULL;
	if (wide_reg(s))
		return rr[insn->op];
	return s->kind == INSN_OPD_IMM ? ri[insn->op] : NULL;
}

/* MOV of 32/64 bits between registers, from an immediate, or between a
 * register and memory (no segment or control register forms). */
static cpu_handler pick_mov(const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	const struct insn_operand *s = &insn->operand[1];

	if (wide_reg(d) && wide_reg(s))
		return mov_rr;
	if (wide_reg(d) && s->kind == INSN_OPD_IMM)
		return mov_ri;
	if (wide_reg(d) && s->kind == INSN_OPD_MEM)
		return load_run;
	if (d->kind == INSN_OPD_MEM && wide_reg(s))
		return store_run;
	return NULL;
}

/* The run of a register form, or NULL. */
static cpu_handler pick_run(const struct insn *insn)
{
	bool reg = wide_reg(&insn->operand[0]);

	switch (insn->op) {
	case INSN_ADD: case INSN_SUB: case INSN_CMP: case INSN_AND:
	case INSN_OR: case INSN_XOR: case INSN_TEST:
		return pick_alu(insn);
	case INSN_INC: return reg ? inc_r : NULL;
	case INSN_DEC: return reg ? dec_r : NULL;
	case INSN_NEG: return reg ? neg_r : NULL;
	case INSN_MOV: return pick_mov(insn);
	case INSN_SHL: case INSN_SHR: case INSN_SAR:
		return reg && insn->operand[1].kind == INSN_OPD_IMM
			       ? cpu_shift_reg_imm_run(insn->op) : NULL;
	case INSN_JCC: return jcc_by_cc[insn->cc & 15];
	default: return NULL;
	}
}

/* The exec of MOV between a 32/64-bit register and memory, or NULL. */
static cpu_handler pick_exec(const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	const struct insn_operand *s = &insn->operand[1];

	if (insn->op != INSN_MOV)
		return NULL;
	if (wide_reg(d) && s->kind == INSN_OPD_MEM)
		return mov_rm;
	if (d->kind == INSN_OPD_MEM && wide_reg(s))
		return mov_mr;
	return NULL;
}

void cpu_pick_handler(struct icache_insn *d)
{
	cpu_handler run = pick_run(&d->insn);
	cpu_handler exec = pick_exec(&d->insn);

	if (!exec)
		exec = cpu_exec_table[d->insn.op];
	d->exec = exec ? exec : cpu_exec_unimplemented;
	d->run = run ? run : cpu_run_plain;
}
