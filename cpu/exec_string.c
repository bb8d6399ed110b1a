/*
 * cpu/exec_string.c - MOVS CMPS STOS LODS SCAS, with REP/REPE/REPNE.
 *
 * Source [RSI] in DS (or the override segment), destination [RDI] in ES;
 * in 64-bit mode only an FS/GS override adds a base.  DF picks the
 * direction.  A REP instruction runs its iterations in one call (up to
 * REP_SLICE of them, below), but commits RSI/RDI/RCX after each one, so a
 * fault (or an MMIO exit) in the middle leaves the registers describing
 * the work done and the instruction at RIP to carry on - exactly the
 * architectural behaviour (SDM Vol. 2B, REP/REPE/REPZ/REPNE/REPNZ).
 * CMPS/SCAS set the flags of the CMP they perform; REPE stops on ZF = 0,
 * REPNE on ZF = 1.
 *
 * One call runs at most REP_SLICE iterations, then leaves the instruction
 * at RIP, as an interrupt between iterations does on hardware: RCX may be
 * 2^64 - 1 over pages the guest mapped onto the same RAM again and again,
 * and the run loop must still see a kick (a stop request) between slices.
 * The next slice is the next "instruction" the run loop executes.
 */
#include "cpu/cpu.h"
#include "cpu/exec.h"

#define REP_SLICE 1024

uint64_t cpu_string_base(const struct softcpu *cpu, const struct insn *insn)
{
	if (insn->has_segment && insn->segment == INSN_SEG_FS)
		return cpu->sregs.fs.base;
	if (insn->has_segment && insn->segment == INSN_SEG_GS)
		return cpu->sregs.gs.base;
	return 0;
}

struct string_op {
	uint64_t src, dst;       /* linear addresses of this element */
	unsigned src_seg;        /* DS or the override: SS makes #SS(0) */
	unsigned size;
};

/* One element of op; returns CPU_OK/CPU_STOP. */
static int element(struct softcpu *cpu, enum insn_op op,
		   const struct string_op *s)
{
	uint64_t a, b, acc = cpu->gpr[REG_RAX] & cpu_size_mask(s->size);

	switch (op) {
	case INSN_MOVS:
		return cpu_read_seg(cpu, s->src_seg, s->src, s->size, &a) ||
		       cpu_write(cpu, s->dst, s->size, a);
	case INSN_STOS:
		return cpu_write(cpu, s->dst, s->size, acc);
	case INSN_LODS:
		if (cpu_read_seg(cpu, s->src_seg, s->src, s->size, &a))
			return CPU_STOP;
		cpu_gpr_write(cpu, REG_RAX, s->size, a);
		return CPU_OK;
	case INSN_CMPS:
		if (cpu_read_seg(cpu, s->src_seg, s->src, s->size, &a) ||
		    cpu_read(cpu, s->dst, s->size, &b))
			return CPU_STOP;
		cpu_lazy(cpu, LAZY_SUB, s->size, a, b, a - b);
		return CPU_OK;
	default:   /* SCAS */
		if (cpu_read(cpu, s->dst, s->size, &b))
			return CPU_STOP;
		cpu_lazy(cpu, LAZY_SUB, s->size, acc, b, acc - b);
		return CPU_OK;
	}
}

static bool uses_src(enum insn_op op)
{
	return op == INSN_MOVS || op == INSN_LODS || op == INSN_CMPS;
}

static bool uses_dst(enum insn_op op)
{
	return op != INSN_LODS;
}

/* After an iteration: step the pointers, count down RCX under REP. */
static void step(struct softcpu *cpu, const struct insn *insn, unsigned size)
{
	uint64_t m = cpu_size_mask(insn->addrsize);
	uint64_t d = cpu->rflags & FL_DF ? (uint64_t)0 - size : size;

	if (uses_src(insn->op))
		cpu_gpr_write(cpu, REG_RSI, insn->addrsize,
			      (cpu->gpr[REG_RSI] + d) & m);
	if (uses_dst(insn->op))
		cpu_gpr_write(cpu, REG_RDI, insn->addrsize,
			      (cpu->gpr[REG_RDI] + d) & m);
	if (insn->rep)
		cpu_gpr_write(cpu, REG_RCX, insn->addrsize,
			      (cpu->gpr[REG_RCX] - 1) & m);
}

/* REPE/REPNE end on the ZF of a CMPS/SCAS. */
static bool repeat_ends(struct softcpu *cpu, const struct insn *insn)
{
	bool zf;

	if (insn->op != INSN_CMPS && insn->op != INSN_SCAS)
		return false;
	zf = cpu_cond(cpu, 4);   /* E: ZF = 1 */
	return insn->rep == INSN_REP_F3 ? !zf : zf;
}

int cpu_exec_string(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t m = cpu_size_mask(insn->addrsize);
	uint64_t base = cpu_string_base(cpu, insn);
	struct string_op s = {
		.src_seg = insn->has_segment ? insn->segment : INSN_SEG_DS,
		.size = insn->opsize,
	};

	for (unsigned i = 1;; i++) {
		if (insn->rep && (cpu->gpr[REG_RCX] & m) == 0)
			return CPU_OK;
		s.src = base + (cpu->gpr[REG_RSI] & m);
		s.dst = cpu->gpr[REG_RDI] & m;
		if (element(cpu, insn->op, &s))
			return CPU_STOP;
		step(cpu, insn, s.size);
		if (!insn->rep || repeat_ends(cpu, insn))
			return CPU_OK;
		/* An MMIO write's exit, or the end of a slice: go on later. */
		if (cpu->exit_pending || i == REP_SLICE) {
			if (cpu->gpr[REG_RCX] & m) {
				cpu->next_rip = cpu->rip;
				cpu->block_break = true;
			}
			return CPU_OK;
		}
	}
}
