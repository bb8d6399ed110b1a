/*
 * cpu/exec_control.c - control transfer: JMP Jcc CALL RET RETF, INT n,
 * INT3, IRETQ, SYSCALL, SYSRET, UD2.
 *
 * A handler changes RIP by setting cpu->next_rip.  Far transfers check the
 * new CS (cpu/segment.c) before changing anything.  SYSCALL and SYSRET
 * load the fixed segments of SDM Vol. 2B (SYSCALL, SYSRET) from IA32_STAR.
 */
#include "cpu/cpu.h"
#include "cpu/exec.h"

/* IA32_STAR fields (SDM Vol. 2B, SYSCALL) */
#define STAR_SYSCALL_CS(star) ((uint16_t)((star) >> 32) & 0xfffc)
#define STAR_SYSRET_CS(star)  ((uint16_t)((star) >> 48))
#define SEL_RPL3 3

static int branch_target(struct softcpu *cpu, const struct insn *insn,
			 uint64_t *target)
{
	const struct insn_operand *o = &insn->operand[0];

	if (o->kind == INSN_OPD_REL) {
		*target = cpu->next_rip + (uint64_t)o->imm;
		return CPU_OK;
	}
	return cpu_opd_read(cpu, insn, o, target);
}

int cpu_exec_jmp(struct softcpu *cpu, const struct insn *insn)
{
	return branch_target(cpu, insn, &cpu->next_rip);
}

int cpu_exec_jcc(struct softcpu *cpu, const struct insn *insn)
{
	if (cpu_cond(cpu, insn->cc))
		cpu->next_rip += (uint64_t)insn->operand[0].imm;
	return CPU_OK;
}

int cpu_exec_call(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t target;

	if (branch_target(cpu, insn, &target) ||
	    cpu_push(cpu, 8, cpu->next_rip))
		return CPU_STOP;
	cpu->next_rip = target;
	return CPU_OK;
}

int cpu_exec_ret(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t target;

	if (cpu_pop(cpu, 8, &target))
		return CPU_STOP;
	if (insn->operand_count)
		cpu->gpr[REG_RSP] += (uint64_t)insn->operand[0].imm & 0xffff;
	cpu->next_rip = target;
	return CPU_OK;
}

/*
 * RETF: pop RIP and CS (each as wide as the operand size); returning to
 * an outer ring also pops RSP and SS (SDM Vol. 2B, RET, far return).
 */
int cpu_exec_retf(struct softcpu *cpu, const struct insn *insn)
{
	unsigned osz = insn->opsize, new_cpl;
	uint64_t rsp = cpu->gpr[REG_RSP], rip, cs, nrsp = 0, ss = 0, d;
	uint64_t imm = insn->operand_count ? (uint64_t)insn->operand[0].imm
					  : 0;

	if (cpu_read_seg(cpu, INSN_SEG_SS, rsp, osz, &rip) ||
	    cpu_read_seg(cpu, INSN_SEG_SS, rsp + osz, osz, &cs))
		return CPU_STOP;
	new_cpl = cs & 3;
	if (new_cpl < cpu->cpl)
		return cpu_raise_err(cpu, VEC_GP, (uint32_t)cs & 0xfffc);
	if (cpu_check_code(cpu, (uint16_t)cs, new_cpl, &d))
		return CPU_STOP;
	if (new_cpl > cpu->cpl &&
	    (cpu_read_seg(cpu, INSN_SEG_SS, rsp + 2 * osz + imm, osz, &nrsp) ||
	     cpu_read_seg(cpu, INSN_SEG_SS, rsp + 3 * osz + imm, osz, &ss) ||
	     cpu_load_ss_for(cpu, (uint16_t)ss, new_cpl)))
		return CPU_STOP;
	cpu->gpr[REG_RSP] = new_cpl > cpu->cpl ? nrsp + imm
					       : rsp + 2 * osz + imm;
	cpu_load_cs(cpu, (uint16_t)cs, new_cpl, d);
	cpu->next_rip = rip;
	return CPU_OK;
}

/* INT n and INT3 are delivered as software interrupts: the gate's DPL is
 * checked against CPL and the return address is the next instruction. */
int cpu_exec_int(struct softcpu *cpu, const struct insn *insn)
{
	unsigned vector = insn->op == INSN_INT3
				  ? VEC_BP
				  : (unsigned)insn->operand[0].imm & 0xff;

	cpu_raise(cpu, vector);
	cpu->fault.is_int = true;
	cpu->fault.int3 = insn->op == INSN_INT3;
	return CPU_STOP;
}

int cpu_exec_ud2(struct softcpu *cpu, const struct insn *insn)
{
	(void)insn;
	return cpu_raise(cpu, VEC_UD);
}

/* The RFLAGS value POPF/IRET may install at this CPL (SDM Vol. 2B, POPF
 * table 4-16): IOPL only at CPL 0, IF only when CPL <= IOPL. */
uint64_t cpu_merge_rflags(const struct softcpu *cpu, uint64_t old,
			  uint64_t new, uint64_t width_mask)
{
	uint64_t keep = ~FL_WRITABLE | FL_RF | ~width_mask;
	unsigned iopl = (unsigned)((old & FL_IOPL) >> 12);

	if (cpu->cpl > 0)
		keep |= FL_IOPL;
	if (cpu->cpl > iopl)
		keep |= FL_IF;
	return ((old & keep) | (new & ~keep) | RFLAGS_FIXED) & ~FL_RF;
}

/* IRETQ (IRETD with a 32-bit operand size): in 64-bit mode always pops
 * RIP, CS, RFLAGS, RSP and SS (SDM Vol. 2A, IRET, IA-32e mode). */
int cpu_exec_iret(struct softcpu *cpu, const struct insn *insn)
{
	unsigned osz = insn->opsize, new_cpl;
	uint64_t rsp = cpu->gpr[REG_RSP], v[5], d, old;

	/* IRET ends the blocking of NMIs even when it faults (SDM Vol. 3A,
	 * 6.7.1) */
	cpu->nmi_blocked = false;
	for (unsigned i = 0; i < 5; i++)
		if (cpu_read_seg(cpu, INSN_SEG_SS, rsp + i * osz, osz, &v[i]))
			return CPU_STOP;
	new_cpl = v[1] & 3;
	if (new_cpl < cpu->cpl)
		return cpu_raise_err(cpu, VEC_GP, (uint32_t)v[1] & 0xfffc);
	if (cpu_check_code(cpu, (uint16_t)v[1], new_cpl, &d) ||
	    cpu_load_ss_for(cpu, (uint16_t)v[4], new_cpl))
		return CPU_STOP;
	old = cpu_get_rflags(cpu);
	cpu->rflags = cpu_merge_rflags(cpu, old, v[2], cpu_size_mask(osz));
	cpu->gpr[REG_RSP] = v[3];
	cpu_load_cs(cpu, (uint16_t)v[1], new_cpl, d);
	cpu->next_rip = v[0];
	return CPU_OK;
}

int cpu_exec_syscall(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t star = cpu->msr.star;

	(void)insn;
	if (!(cpu->sregs.efer & EFER_SCE))
		return cpu_raise(cpu, VEC_UD);
	cpu->gpr[REG_RCX] = cpu->next_rip;
	cpu->gpr[REG_R11] = cpu_get_rflags(cpu) & ~FL_RF;
	cpu->rflags &= ~(cpu->msr.fmask | FL_RF);
	cpu->rflags |= RFLAGS_FIXED;
	cpu_set_cs_flat(cpu, STAR_SYSCALL_CS(star));
	cpu_set_ss_flat(cpu, STAR_SYSCALL_CS(star) + 8);
	cpu->next_rip = cpu->msr.lstar;
	return CPU_OK;
}

/* SYSRET with REX.W returns to 64-bit code; without it, to 32-bit code,
 * which this CPU does not run. */
int cpu_exec_sysret(struct softcpu *cpu, const struct insn *insn)
{
	uint16_t base = STAR_SYSRET_CS(cpu->msr.star);
	uint64_t rcx = cpu->gpr[REG_RCX];

	if (!(cpu->sregs.efer & EFER_SCE))
		return cpu_raise(cpu, VEC_UD);
	if (cpu->cpl != 0 || !cpu_canonical(rcx))
		return cpu_gp0(cpu);
	if (insn->opsize != 8)
		return cpu_exit_internal(cpu, "SYSRET to 32-bit code");
	cpu->rflags = ((cpu->gpr[REG_R11] & FL_WRITABLE) | RFLAGS_FIXED) &
		      ~FL_RF;
	cpu->lazy.op = LAZY_NONE;
	cpu_set_cs_flat(cpu, (uint16_t)((base + 16) | SEL_RPL3));
	cpu_set_ss_flat(cpu, (uint16_t)((base + 8) | SEL_RPL3));
	cpu->next_rip = rcx;
	return CPU_OK;
}
