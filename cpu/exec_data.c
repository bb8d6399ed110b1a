/*
 * cpu/exec_data.c - data movement and the stack: MOV MOVZX MOVSX MOVSXD
 * LEA XCHG CBW/CWDE/CDQE CWD/CDQ/CQO SAHF LAHF SETcc CMOVcc NOP PAUSE,
 * CLC STC CMC CLD STD, PUSH POP ENTER LEAVE.
 *
 * None of these changes a status flag except SAHF and the flag
 * instructions.  Semantics: SDM Vol. 2, each instruction's "Operation".
 */
#include "cpu/cpu.h"
#include "cpu/exec.h"

int cpu_exec_mov(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	const struct insn_operand *s = &insn->operand[1];
	uint64_t v;

	if (d->kind == INSN_OPD_REG && s->kind == INSN_OPD_REG) {
		cpu_reg_write(cpu, d, cpu_reg_read(cpu, s));
		return CPU_OK;
	}
	if (cpu_opd_read(cpu, insn, s, &v))
		return CPU_STOP;
	return cpu_opd_write(cpu, insn, d, v);
}

/* MOVZX, MOVSX, MOVSXD: widen the source to the destination's size. */
int cpu_exec_movx(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *s = &insn->operand[1];
	uint64_t v;

	if (cpu_opd_read(cpu, insn, s, &v))
		return CPU_STOP;
	if (insn->op != INSN_MOVZX)
		v = cpu_sign_extend(v, s->size);
	cpu_reg_write(cpu, &insn->operand[0], v);
	return CPU_OK;
}

int cpu_exec_lea(struct softcpu *cpu, const struct insn *insn)
{
	cpu_reg_write(cpu, &insn->operand[0],
		      cpu_ea_offset(cpu, insn, &insn->operand[1]));
	return CPU_OK;
}

/* XCHG: the memory side is written first, since only it can fault. */
int cpu_exec_xchg(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *a = &insn->operand[0];
	const struct insn_operand *b = &insn->operand[1];
	uint64_t va, vb;

	if (cpu_opd_read(cpu, insn, a, &va) || cpu_opd_read(cpu, insn, b, &vb))
		return CPU_STOP;
	if (a->kind == INSN_OPD_MEM) {
		if (cpu_opd_write(cpu, insn, a, vb))
			return CPU_STOP;
		cpu_reg_write(cpu, b, va);
		return CPU_OK;
	}
	cpu_reg_write(cpu, a, vb);
	cpu_reg_write(cpu, b, va);
	return CPU_OK;
}

/* CBW/CWDE/CDQE: sign-extend the lower half of the accumulator. */
int cpu_exec_cbw(struct softcpu *cpu, const struct insn *insn)
{
	unsigned size = insn->opsize;

	cpu_gpr_write(cpu, REG_RAX, size,
		      cpu_sign_extend(cpu->gpr[REG_RAX], size / 2));
	return CPU_OK;
}

/* CWD/CDQ/CQO: fill rDX with the accumulator's sign. */
int cpu_exec_cwd(struct softcpu *cpu, const struct insn *insn)
{
	unsigned size = insn->opsize;
	uint64_t sign = (cpu->gpr[REG_RAX] >> (size * 8 - 1)) & 1;

	cpu_gpr_write(cpu, REG_RDX, size, sign ? UINT64_MAX : 0);
	return CPU_OK;
}

/* SAHF/LAHF: AH holds SF ZF 0 AF 0 PF 1 CF (SDM Vol. 2B, LAHF). */
#define AH_FLAGS (FL_SF | FL_ZF | FL_AF | FL_PF | FL_CF)

int cpu_exec_sahf(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t ah = (cpu->gpr[REG_RAX] >> 8) & 0xff;

	(void)insn;
	cpu_set_status(cpu, (cpu_get_rflags(cpu) & FL_OF) | (ah & AH_FLAGS));
	return CPU_OK;
}

int cpu_exec_lahf(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t ah = (cpu_get_rflags(cpu) & AH_FLAGS) | RFLAGS_FIXED;

	(void)insn;
	cpu->gpr[REG_RAX] = (cpu->gpr[REG_RAX] & ~0xff00ULL) | (ah << 8);
	return CPU_OK;
}

int cpu_exec_setcc(struct softcpu *cpu, const struct insn *insn)
{
	return cpu_opd_write(cpu, insn, &insn->operand[0],
			     cpu_cond(cpu, insn->cc));
}

/* CMOVcc reads its source (and may fault) whatever the condition, and a
 * 32-bit destination is zero-extended even when nothing moves. */
int cpu_exec_cmovcc(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	uint64_t v;

	if (cpu_opd_read(cpu, insn, &insn->operand[1], &v))
		return CPU_STOP;
	cpu_reg_write(cpu, d, cpu_cond(cpu, insn->cc) ? v
						     : cpu_reg_read(cpu, d));
	return CPU_OK;
}

int cpu_exec_nop(struct softcpu *cpu, const struct insn *insn)
{
	(void)cpu;
	(void)insn;
	return CPU_OK;
}

/* CLC STC CMC CLD STD */
int cpu_exec_flagop(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t f = cpu_get_rflags(cpu);

	switch (insn->op) {
	case INSN_CLC: f &= ~FL_CF; break;
	case INSN_STC: f |= FL_CF; break;
	case INSN_CMC: f ^= FL_CF; break;
	case INSN_CLD: f &= ~FL_DF; break;
	default: f |= FL_DF; break;
	}
	cpu->rflags = f;
	return CPU_OK;
}

int cpu_exec_push(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t v;

	if (cpu_opd_read(cpu, insn, &insn->operand[0], &v))
		return CPU_STOP;
	return cpu_push(cpu, insn->opsize, v);
}

/* POP r/m: a memory destination addressed through RSP sees the
 * incremented RSP (SDM Vol. 2B, POP). */
int cpu_exec_pop(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *d = &insn->operand[0];
	uint64_t v, rsp = cpu->gpr[REG_RSP];

	if (cpu_pop(cpu, insn->opsize, &v))
		return CPU_STOP;
	if (d->kind == INSN_OPD_REG) {
		cpu_reg_write(cpu, d, v);
		return CPU_OK;
	}
	if (cpu_opd_write(cpu, insn, d, v)) {
		cpu->gpr[REG_RSP] = rsp;
		return CPU_STOP;
	}
	return CPU_OK;
}

/* ENTER size, level (SDM Vol. 2A, ENTER, 64-bit operation). */
int cpu_exec_enter(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t size = (uint64_t)insn->operand[0].imm & 0xffff;
	unsigned level = (unsigned)insn->operand[1].imm & 31, osz = insn->opsize;
	uint64_t rsp = cpu->gpr[REG_RSP], rbp = cpu->gpr[REG_RBP];
	uint64_t frame = rsp - osz, v;

	if (cpu_write_seg(cpu, INSN_SEG_SS, frame, osz, rbp))
		return CPU_STOP;
	for (unsigned i = 1; i < level; i++) {
		if (cpu_read_seg(cpu, INSN_SEG_SS, rbp - i * osz, osz, &v) ||
		    cpu_write_seg(cpu, INSN_SEG_SS, frame - i * osz, osz, v))
			return CPU_STOP;
	}
	if (level && cpu_write_seg(cpu, INSN_SEG_SS, frame - level * osz, osz,
				   frame))
		return CPU_STOP;
	cpu_gpr_write(cpu, REG_RBP, osz, frame);
	cpu->gpr[REG_RSP] = frame - (level ? level * osz : 0) - size;
	return CPU_OK;
}

int cpu_exec_leave(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t v;

	if (cpu_read_seg(cpu, INSN_SEG_SS, cpu->gpr[REG_RBP], insn->opsize,
			 &v))
		return CPU_STOP;
	cpu->gpr[REG_RSP] = cpu->gpr[REG_RBP] + insn->opsize;
	cpu_gpr_write(cpu, REG_RBP, insn->opsize, v);
	return CPU_OK;
}
