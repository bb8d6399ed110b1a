/*
 * kvm/kvm_insn.c - the effective address of a decoded instruction's memory
 * operand under KVM's registers (kvm_insn.h).
 */
#include "kvm/kvm_insn.h"

/* General-purpose register n as ModRM/SIB number it (SDM table 2-2). */
static uint64_t gpr(const struct kvm_regs *r, unsigned n)
{
	const uint64_t by_number[16] = {
		r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp, r->rsi, r->rdi,
		r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15,
	};

	return by_number[n & 15];
}

static uint64_t modrm_addr(const struct x86_insn *insn,
			   const struct kvm_regs *regs, uint64_t next_rip)
{
	uint8_t mod = insn->modrm >> 6, rm = insn->modrm & 7;
	uint64_t ea = (uint64_t)(int64_t)insn->disp;
	unsigned base, index;

	if (!insn->has_sib) {
		if (mod == 0 && rm == 5)
			return next_rip + ea;      /* RIP-relative */
		return ea + gpr(regs, rm | insn->rex_b);
	}
	base = (insn->sib & 7) | insn->rex_b;
	index = ((insn->sib >> 3) & 7) | insn->rex_x;
	if (!(mod == 0 && (insn->sib & 7) == 5))
		ea += gpr(regs, base);
	if (index != 4)                            /* 4 without REX.X: none */
		ea += gpr(regs, index) << (insn->sib >> 6);
	return ea;
}

bool kvm_insn_mem_addr(const struct x86_insn *insn,
		       const struct kvm_regs *regs,
		       const struct kvm_sregs *sregs, uint64_t next_rip,
		       uint64_t *addr)
{
	uint64_t ea;

	if (insn->mem == X86_INSN_MEM_MOFFS)
		ea = insn->moffs;
	else if (insn->mem == X86_INSN_MEM_MODRM)
		ea = modrm_addr(insn, regs, next_rip);
	else
		return false;
	if (insn->addr32)
		ea = (uint32_t)ea;
	if (insn->segment == 0x64)
		ea += sregs->fs.base;
	else if (insn->segment == 0x65)
		ea += sregs->gs.base;
	*addr = ea;
	return true;
}
