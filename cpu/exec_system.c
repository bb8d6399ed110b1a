/*
 * cpu/exec_system.c - privileged and flag-control instructions: HLT CLI
 * STI PUSHF POPF LGDT LIDT LTR INVLPG, MOV to/from CRn and Sreg, SWAPGS,
 * and the stores of system registers SGDT SIDT SLDT STR SMSW.
 *
 * Privilege rules (SDM Vol. 3A, 5.9 "Privileged Instructions"): HLT, LGDT,
 * LIDT, LTR, INVLPG, MOV CRn and SWAPGS need CPL 0, else #GP(0).  CLI and
 * STI need CPL <= IOPL (SDM Vol. 2A, CLI).  POPF never faults: it just
 * leaves IOPL and IF alone where the CPL may not change them.  SGDT,
 * SIDT, SLDT, STR and SMSW run at any CPL, unless CR4.UMIP is set: then
 * at CPL > 0 they are #GP(0) (SDM Vol. 3A, 2.5, "User-Mode Instruction
 * Prevention"; CPUID leaf 7 reports it, cpu/exec_msr.c).
 *
 * Leaving long mode (clearing CR0.PG/PE or CR4.PAE) is not supported and
 * stops with INTERNAL_ERROR.
 */
#include "cpu/cpu.h"
#include "cpu/exec.h"

/* CR4.PCIDE (SDM Vol. 3A, 2.5): its CR3 bits would not be an address. */
#define CR4_PCIDE (1ULL << 17)
#define CR4_UMIP  (1ULL << 11)
#define CR8_TPR_MASK 0xfULL
/* TSS descriptor types (SDM Vol. 3A, table 3-2) */
#define TSS_TYPE_AVAILABLE 9
#define TSS_TYPE_BUSY      11

static int need_cpl0(struct softcpu *cpu)
{
	return cpu->cpl == 0 ? CPU_OK : cpu_gp0(cpu);
}

static unsigned iopl(const struct softcpu *cpu)
{
	return (unsigned)((cpu->rflags & FL_IOPL) >> 12);
}

/* HLT: like KVM, the exit comes after the HLT, with the record's rip at
 * the HLT itself (kvm/kvm_rip.c). */
int cpu_exec_hlt(struct softcpu *cpu, const struct insn *insn)
{
	(void)insn;
	if (need_cpl0(cpu))
		return CPU_STOP;
	cpu_exit_begin(cpu, EXIT_HLT);
	return CPU_OK;
}

int cpu_exec_cli_sti(struct softcpu *cpu, const struct insn *insn)
{
	if (cpu->cpl > iopl(cpu))
		return cpu_gp0(cpu);
	if (insn->op == INSN_CLI) {
		cpu->rflags &= ~FL_IF;
		return CPU_OK;
	}
	/* STI that sets IF holds interrupts off for one more instruction,
	 * so `sti; hlt` cannot lose a wakeup (SDM Vol. 2B, STI). */
	if (!(cpu->rflags & FL_IF)) {
		cpu->sti_shadow = true;
		cpu->block_break = true;
	}
	cpu->rflags |= FL_IF;
	return CPU_OK;
}

/* PUSHF pushes RFLAGS with VM and RF clear. */
int cpu_exec_pushf(struct softcpu *cpu, const struct insn *insn)
{
	return cpu_push(cpu, insn->opsize,
			cpu_get_rflags(cpu) & ~(FL_VM | FL_RF));
}

int cpu_exec_popf(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t v, old;

	if (cpu_pop(cpu, insn->opsize, &v))
		return CPU_STOP;
	old = cpu_get_rflags(cpu);
	cpu->rflags = cpu_merge_rflags(cpu, old, v,
				       cpu_size_mask(insn->opsize));
	return CPU_OK;
}

/* LGDT/LIDT m16&64: a 16-bit limit, then a 64-bit base, read through the
 * operand's segment (through SS a non-canonical address is #SS(0)). */
int cpu_exec_lgdt_lidt(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *o = &insn->operand[0];
	uint64_t ea = cpu_ea(cpu, insn, o), limit, base;
	struct vcpu_table *t = insn->op == INSN_LGDT ? &cpu->sregs.gdt
						     : &cpu->sregs.idt;

	if (need_cpl0(cpu) ||
	    cpu_read_seg(cpu, o->mem.segment, ea, 2, &limit) ||
	    cpu_read_seg(cpu, o->mem.segment, ea + 2, 8, &base))
		return CPU_STOP;
	t->limit = (uint16_t)limit;
	t->base = base;
	return CPU_OK;
}

/* LTR: load TR from a 16-byte available 64-bit TSS descriptor and mark
 * it busy in the GDT (SDM Vol. 2A, LTR; Vol. 3A, figure 8-4). */
int cpu_exec_ltr(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t sel, lo, hi, at;

	if (need_cpl0(cpu) || cpu_opd_read(cpu, insn, &insn->operand[0], &sel))
		return CPU_STOP;
	sel &= 0xffff;
	if ((sel & ~3ULL) == 0 || (sel & 4) ||
	    (sel | 7) + 8 > cpu->sregs.gdt.limit)
		return cpu_raise_err(cpu, VEC_GP, (uint32_t)sel & ~3u);
	at = cpu->sregs.gdt.base + (sel & ~7ULL);
	if (cpu_read_sys(cpu, at, 8, &lo) || cpu_read_sys(cpu, at + 8, 8, &hi))
		return CPU_STOP;
	if (((lo >> 44) & 1) || ((lo >> 40) & 0xf) != TSS_TYPE_AVAILABLE)
		return cpu_raise_err(cpu, VEC_GP, (uint32_t)sel & ~3u);
	if (!((lo >> 47) & 1))
		return cpu_raise_err(cpu, VEC_NP, (uint32_t)sel & ~3u);
	lo = (lo & ~(0xfULL << 40)) | ((uint64_t)TSS_TYPE_BUSY << 40);
	if (cpu_write_sys(cpu, at, 8, lo))
		return CPU_STOP;
	cpu->sregs.tr = (struct vcpu_segment){
		.base = ((lo >> 16) & 0xffffff) | (((lo >> 56) & 0xff) << 24) |
			(hi << 32),
		.limit = (uint32_t)((lo & 0xffff) | (((lo >> 48) & 0xf) << 16)),
		.selector = (uint16_t)sel, .type = TSS_TYPE_BUSY,
		.present = 1, .dpl = (lo >> 45) & 3, .g = (lo >> 55) & 1 };
	if (cpu->sregs.tr.g)
		cpu->sregs.tr.limit = (cpu->sregs.tr.limit << 12) | 0xfff;
	return CPU_OK;
}

/* SGDT SIDT SLDT STR SMSW: #GP(0) at CPL > 0 with CR4.UMIP set. */
static int umip_check(struct softcpu *cpu)
{
	return cpu->cpl > 0 && (cpu->sregs.cr4 & CR4_UMIP) ? cpu_gp0(cpu)
							    : CPU_OK;
}

/* SGDT/SIDT m16&64: in 64-bit mode the 16-bit limit, then the 64-bit
 * base, whatever the operand size (SDM Vol. 2B, SGDT).  A register
 * operand is another instruction (cpu/decode.c).  The operand's segment
 * is checked first: through SS (an RSP or RBP base) a non-canonical
 * address is #SS(0), before the pages' #GP(0) or #PF. */
int cpu_exec_sgdt_sidt(struct softcpu *cpu, const struct insn *insn)
{
	const struct insn_operand *o = &insn->operand[0];
	uint64_t ea = cpu_ea(cpu, insn, o);
	const struct vcpu_table *t = insn->op == INSN_SGDT ? &cpu->sregs.gdt
							   : &cpu->sregs.idt;

	if (umip_check(cpu) || cpu_segment_check(cpu, o->mem.segment, ea, 10) ||
	    cpu_span_translates(cpu, ea, 10, ACC_WRITE) ||
	    cpu_write(cpu, ea, 2, t->limit) || cpu_write(cpu, ea + 2, 8, t->base))
		return CPU_STOP;
	return CPU_OK;
}

/*
 * SLDT, STR: the selector in LDTR or TR; SMSW: CR0.  To memory 16 bits
 * (the decoder sized it); to a register as wide as the operand size - a
 * 16-bit one keeps its other bits, a 32-bit one is zero-extended, and
 * SMSW stores all of CR0 into a 64-bit one (SDM Vol. 2B, SMSW: "In 64-bit
 * mode").
 */
int cpu_exec_store_sysreg(struct softcpu *cpu, const struct insn *insn)
{
	const struct vcpu_sregs *s = &cpu->sregs;
	uint64_t v = insn->op == INSN_SLDT ? s->ldt.selector
		   : insn->op == INSN_STR ? s->tr.selector : s->cr0;

	if (umip_check(cpu))
		return CPU_STOP;
	return cpu_opd_write(cpu, insn, &insn->operand[0], v);
}

int cpu_exec_invlpg(struct softcpu *cpu, const struct insn *insn)
{
	if (need_cpl0(cpu))
		return CPU_STOP;
	mmu_flush_page(cpu, cpu_ea(cpu, insn, &insn->operand[0]));
	icache_flush(cpu);
	return CPU_OK;
}

int cpu_exec_mov_from_cr(struct softcpu *cpu, const struct insn *insn)
{
	const struct vcpu_sregs *s = &cpu->sregs;
	uint64_t v;

	if (need_cpl0(cpu))
		return CPU_STOP;
	switch (insn->operand[1].reg) {
	case 0: v = s->cr0; break;
	case 2: v = s->cr2; break;
	case 3: v = s->cr3; break;
	case 4: v = s->cr4; break;
	default: v = s->cr8; break;
	}
	cpu_gpr_write(cpu, insn->operand[0].reg, 8, v);
	return CPU_OK;
}

static int write_cr(struct softcpu *cpu, unsigned n, uint64_t v)
{
	struct vcpu_sregs *s = &cpu->sregs;

	switch (n) {
	case 0:
		if (v >> 32)
			return cpu_gp0(cpu);
		/* In 64-bit mode clearing PG, or PE under PG, is #GP(0)
		 * (SDM Vol. 2B, MOV to CR0: 64-bit mode exceptions). */
		if (!(v & CR0_PG) || !(v & CR0_PE))
			return cpu_gp0(cpu);
		s->cr0 = v | CR0_ET;
		break;
	case 2: s->cr2 = v; return CPU_OK;
	case 3: s->cr3 = v; break;
	case 4:
		if (!(v & CR4_PAE))   /* PAE cannot go in IA-32e mode */
			return cpu_gp0(cpu);
		if (v & CR4_PCIDE)
			return cpu_exit_internal(cpu, "CR4.PCIDE");
		s->cr4 = v;
		break;
	default:
		if (v & ~CR8_TPR_MASK)
			return cpu_gp0(cpu);
		s->cr8 = v;
		return CPU_OK;
	}
	mmu_flush(cpu);
	icache_flush(cpu);
	return CPU_OK;
}

int cpu_exec_mov_to_cr(struct softcpu *cpu, const struct insn *insn)
{
	if (need_cpl0(cpu))
		return CPU_STOP;
	return write_cr(cpu, insn->operand[0].reg,
			cpu->gpr[insn->operand[1].reg]);
}

static uint16_t sreg_selector(const struct softcpu *cpu, unsigned seg)
{
	const struct vcpu_sregs *s = &cpu->sregs;

	switch (seg) {
	case INSN_SEG_ES: return s->es.selector;
	case INSN_SEG_CS: return s->cs.selector;
	case INSN_SEG_SS: return s->ss.selector;
	case INSN_SEG_DS: return s->ds.selector;
	case INSN_SEG_FS: return s->fs.selector;
	default: return s->gs.selector;
	}
}

/* MOV r/m, Sreg: a register gets the selector zero-extended. */
int cpu_exec_mov_from_sreg(struct softcpu *cpu, const struct insn *insn)
{
	uint16_t sel = sreg_selector(cpu, insn->operand[1].reg);
	const struct insn_operand *d = &insn->operand[0];

	if (d->kind == INSN_OPD_REG) {
		cpu_gpr_write(cpu, d->reg, d->size < 4 ? d->size : 4, sel);
		return CPU_OK;
	}
	return cpu_opd_write(cpu, insn, d, sel);
}

int cpu_exec_mov_to_sreg(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t sel;

	if (cpu_opd_read(cpu, insn, &insn->operand[1], &sel) ||
	    cpu_load_segment(cpu, insn->operand[0].reg, (uint16_t)sel))
		return CPU_STOP;
	/* MOV to SS begins a shadow of one instruction (SDM Vol. 3A,
	 * 6.8.3): interrupts and debug traps wait until after the next one,
	 * so that it can load RSP to match (cpu/softcpu.c).  One in the
	 * shadow of another begins its own, as the host CPU does
	 * (test_cpu_diff_shadow); the SDM allows either. */
	if (insn->operand[0].reg == INSN_SEG_SS) {
		cpu->mov_ss_shadow = true;
		cpu->block_break = true;
	}
	return CPU_OK;
}

int cpu_exec_swapgs(struct softcpu *cpu, const struct insn *insn)
{
	uint64_t t = cpu->sregs.gs.base;

	(void)insn;
	if (need_cpl0(cpu))
		return CPU_STOP;
	cpu->sregs.gs.base = cpu->msr.kernel_gs_base;
	cpu->msr.kernel_gs_base = t;
	return CPU_OK;
}
