/*
 * cpu/exec.h - the instruction handlers, one per operation or family, as
 * cpu/exec_table.c maps enum insn_op to them.  Each returns CPU_OK (RIP
 * moves to cpu->next_rip) or CPU_STOP (a fault or exit; nothing changed).
 */
#ifndef CPU_EXEC_H
#define CPU_EXEC_H

#include "cpu/cpu.h"

/* cpu/exec_alu.c */
int cpu_exec_alu(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_not(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_neg(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_inc(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_dec(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_cmpxchg(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_xadd(struct softcpu *cpu, const struct insn *insn);
/* cpu/exec_shift.c */
int cpu_exec_shift(struct softcpu *cpu, const struct insn *insn);
/* The run of SHL, SHR or SAR (op) of a 32/64-bit register by an
 * immediate (cpu/exec_fast.c). */
cpu_handler cpu_shift_reg_imm_run(enum insn_op op);
int cpu_exec_bt(struct softcpu *cpu, const struct insn *insn);
/* cpu/exec_muldiv.c */
int cpu_exec_mul(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_imul(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_div(struct softcpu *cpu, const struct insn *insn);
/* cpu/exec_data.c */
int cpu_exec_mov(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_movx(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_lea(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_xchg(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_cbw(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_cwd(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_sahf(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_lahf(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_setcc(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_cmovcc(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_nop(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_flagop(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_push(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_pop(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_enter(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_leave(struct softcpu *cpu, const struct insn *insn);
/* cpu/exec_string.c */
int cpu_exec_string(struct softcpu *cpu, const struct insn *insn);
uint64_t cpu_string_base(const struct softcpu *cpu, const struct insn *insn);
/* cpu/exec_io.c */
int cpu_exec_in(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_out(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_ins(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_outs(struct softcpu *cpu, const struct insn *insn);
/* cpu/exec_control.c */
int cpu_exec_jmp(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_jcc(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_call(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_ret(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_retf(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_int(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_ud2(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_iret(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_syscall(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_sysret(struct softcpu *cpu, const struct insn *insn);
uint64_t cpu_merge_rflags(const struct softcpu *cpu, uint64_t old,
			  uint64_t new, uint64_t width_mask);
/* cpu/exec_system.c */
int cpu_exec_hlt(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_cli_sti(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_pushf(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_popf(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_lgdt_lidt(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_ltr(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_invlpg(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_sgdt_sidt(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_store_sysreg(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_mov_from_cr(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_mov_to_cr(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_mov_from_sreg(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_mov_to_sreg(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_swapgs(struct softcpu *cpu, const struct insn *insn);
/* cpu/exec_msr.c */
int cpu_exec_cpuid(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_rdmsr(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_wrmsr(struct softcpu *cpu, const struct insn *insn);
int cpu_exec_rdtsc(struct softcpu *cpu, const struct insn *insn);

#endif /* CPU_EXEC_H */
