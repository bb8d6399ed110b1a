/*
 * cpu/soft_nested.h - how the software CPU runs an L2 (the nesting stage).
 *
 * A second struct softcpu - its own registers, TLB and decoded-instruction
 * cache - over the same RAM as L1's, with a struct soft_l2 hung on it
 * (cpu->l2).  Its MMU walks two stages: L2's page tables, then L0's shadow
 * of L1's nested page table (core/nested_shadow.c), so a TLB entry of L2's
 * points straight at L1's RAM.  The hooks below are the only places the
 * CPU's own files look at cpu->l2 (cpu/mmu.c, cpu/exec_msr.c,
 * cpu/exception.c); soft_nested_ops is the backend's struct
 * nested_backend_ops (core/nested.h).
 */
#ifndef CPU_SOFT_NESTED_H
#define CPU_SOFT_NESTED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/nested.h"
#include "cpu/cpu.h"
#include "cpu/softcpu.h"

extern const struct nested_backend_ops soft_nested_ops;

/* Stage 2: L2-physical l2_gpa to L1-physical, from L0's shadow, for an
 * access to a linear address.  CPU_OK, or CPU_STOP with an EPT-violation
 * exit begun (the shadow lacks the page: L0 walks L1's table at the
 * exit). */
int soft_l2_phys(struct softcpu *cpu, uint64_t l2_gpa, enum mem_access acc,
		 uint64_t *l1_gpa);
/* The same for an entry of L2's page tables the walk reads and sets the
 * accessed and dirty bits of: a write, which an exit says is the walk's
 * (NESTED_NPF_LINEAR without NESTED_NPF_TRANSLATED). */
int soft_l2_table(struct softcpu *cpu, uint64_t l2_gpa, uint64_t *l1_gpa);
/* Copy len bytes of L2-virtual memory at va (the exiting instruction's)
 * for the exit record: through L2's TLB, where the CPU just fetched them,
 * else by a walk of both stages; no fault, no exit, no accessed bits.
 * How many bytes could be read before the first that cannot. */
size_t soft_l2_read_code(struct softcpu *cpu, uint64_t va, uint8_t *dst,
			 size_t len);
/* Does L1 intercept CPUID? */
bool soft_l2_cpuid_exits(const struct softcpu *cpu);
/* Begin an exit L1 asked for (NESTED_EXIT_*): the instruction at RIP does
 * not run.  CPU_STOP. */
int soft_l2_exit(struct softcpu *cpu, uint32_t reason);
/* An exception L1's exception bitmap asks for: begin its exit instead of
 * delivering it through L2's IDT, and say so.  INT3 and INTO (software
 * exceptions) and INT1 look at the bitmap as faults do and give their
 * length in exit_insn_len; INT n never does (SDM 25.2: only "INT n" is
 * left out of the exception bitmap). */
bool soft_l2_exception_exits(struct softcpu *cpu, const struct cpu_fault *f);
/* An exit of L2's (an EPT violation, or an exception L1's bitmap asks
 * for) cut short the delivery of f through L2's IDT, which has changed
 * no register yet: the exit carries f as VMX's IDT-vectoring information
 * (with the instruction length of a software type), and f is pending
 * again - L0 delivers it when L2 goes on after a shadow fault it
 * handled, as KVM requeues an event from the IDT-vectoring information;
 * an entry from L1 drops it (L1 has it in the block). */
void soft_l2_cut_short(struct softcpu *cpu, const struct cpu_fault *f);
/* L2's CPU's counters (its TLB misses: make bench's nested_cost checks
 * that entries keep L2's TLB); false while no L2 has run.  vCPU thread. */
bool soft_nested_counters(const struct vm *vm, struct softcpu_counters *out);
/* A kick for L2's CPU too (cpu/soft_backend.c's kick); any thread. */
void soft_nested_kick(struct vm *vm);
/* A run of either level ended on a kick: both CPUs' kick flags go down
 * (cpu/soft_backend.c's run and L2's); vCPU thread. */
void soft_nested_kicks_seen(struct vm *vm);

#endif /* CPU_SOFT_NESTED_H */
