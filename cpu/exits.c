/*
 * cpu/exits.c - starting an exit record from inside an instruction.
 *
 * The record is the one softcpu_run() was given; the run loop finishes it
 * (time stamp, instruction bytes) when it returns.  rip is the address of
 * the instruction that exited, as on the KVM backend (kvm/kvm_rip.c).
 *
 * INTERNAL_ERROR is reported the way KVM reports an emulation failure
 * (KVM_INTERNAL_ERROR_EMULATION, with the instruction bytes flag of
 * Linux's include/uapi/linux/kvm.h): suberror 1, data[0] = flags (1: the
 * bytes are present), data[1] = how many bytes, data[2..3] = the first 16
 * bytes at RIP, little-endian.  The run loop fills data[1..3].
 */
#include <stdio.h>
#include <string.h>

#include "cpu/cpu.h"

#define INTERNAL_ERROR_EMULATION 1
#define INTERNAL_ERROR_FLAG_INSN_BYTES 1

void cpu_exit_begin(struct softcpu *cpu, uint32_t reason)
{
	struct exit_record *exit = cpu->exit;

	memset(&exit->u, 0, sizeof(exit->u));
	exit->reason = reason;
	exit->hw_reason = 0;
	exit->hw_reason_known = false;
	exit->rip = cpu->rip;
	exit->cpl = cpu->cpl;
	cpu->exit_pending = true;
	cpu->block_break = true;
}

int cpu_exit_internal(struct softcpu *cpu, const char *why)
{
	cpu->fault.pending = false;
	cpu_exit_begin(cpu, EXIT_INTERNAL_ERROR);
	cpu->exit->u.internal.suberror = INTERNAL_ERROR_EMULATION;
	cpu->exit->u.internal.ndata = 4;
	cpu->exit->u.internal.data[0] = INTERNAL_ERROR_FLAG_INSN_BYTES;
	snprintf(cpu->exit->u.internal.why, sizeof(cpu->exit->u.internal.why),
		 "%s", why);
	return CPU_STOP;
}

int cpu_exec_unimplemented(struct softcpu *cpu, const struct insn *insn)
{
	char why[80];

	snprintf(why, sizeof(why), "the software CPU does not implement %s",
		 decode_op_name(insn->op));
	return cpu_exit_internal(cpu, why);
}
