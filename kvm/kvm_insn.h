/*
 * kvm/kvm_insn.h - the address of an instruction's memory operand under
 * KVM's registers.
 *
 * After an MMIO write KVM reports the RIP of the *next* instruction
 * (kvm/kvm_rip.c says why).  To show the student the store that exited,
 * vmscope tries the byte sequences that end at that RIP: one that decodes
 * (core/x86_insn.h) to exactly that length, has a memory operand, and
 * whose effective address is the written GPA, is the store.  This file
 * computes that effective address from struct kvm_regs and kvm_sregs.
 */
#ifndef KVM_KVM_INSN_H
#define KVM_KVM_INSN_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/kvm.h>

#include "core/x86_insn.h"

/*
 * The linear address of the instruction's memory operand, given the
 * registers and the address of the next instruction (RIP-relative
 * operands count from there).  False when it has none.
 */
bool kvm_insn_mem_addr(const struct x86_insn *insn,
		       const struct kvm_regs *regs,
		       const struct kvm_sregs *sregs, uint64_t next_rip,
		       uint64_t *addr);

#endif /* KVM_KVM_INSN_H */
