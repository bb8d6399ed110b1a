/*
 * tests/unit/support/cpu_diff.h - the differential test of the software
 * CPU against the host CPU (issue 3, "Differential test against the
 * silicon"), shared by tests/unit/test_cpu_diff.c (fixed seed, make check)
 * and bench/cpu_diff_long.c (random seed, make bench).
 *
 * One sequence from insn_gen.h runs twice from the same registers, RFLAGS
 * and data-area bytes: natively (native_exec.h) and in a software CPU over
 * 64 MiB of guest RAM in the boot state of core/boot.h, at CPL 0, with the
 * code at the same address followed by HLT.  The software CPU must stop
 * with a HLT exit at that HLT and agree on all sixteen registers, the
 * RFLAGS bits in CPU_DIFF_RFLAGS and every byte of the data area.
 *
 * A mismatch is shrunk before it is shown: instruction groups (a generated
 * instruction with its setup) are replaced by NOPs, keeping every address,
 * as long as the mismatch stays.  The first CPU_DIFF_REPORTS mismatches are
 * printed with capstone's disassembly, the inputs and the differences.
 */
#ifndef TESTS_UNIT_SUPPORT_CPU_DIFF_H
#define TESTS_UNIT_SUPPORT_CPU_DIFF_H

#include <stdbool.h>
#include <stdint.h>

#include "core/memory.h"
#include "core/regs.h"
#include "tests/unit/support/insn_gen.h"
#include "tests/unit/support/native_exec.h"

/* Compared RFLAGS bits: the arithmetic flags and DF.  This AMD host sets
 * the flags the SDM calls undefined deterministically, so none is masked:
 * the software CPU must reproduce them. */
#define CPU_DIFF_RFLAGS NATIVE_RFLAGS_INPUT
#define CPU_DIFF_GUEST_RAM (64ULL << 20)
#define CPU_DIFF_REPORTS 10
#define CPU_DIFF_MAX_INSNS 20	/* generated instructions per sequence */

struct softcpu;

struct cpu_diff {
	struct guest_mem mem;
	struct softcpu *cpu;
	struct vcpu_sregs sregs;	/* the boot state, reloaded per run */
	uint64_t sequences;
	uint64_t instructions;		/* executed natively, setup included */
	uint64_t mismatches;
};

/* Map the native areas, build the guest and its CPU.  0 or -errno. */
int cpu_diff_init(struct cpu_diff *d);
void cpu_diff_fini(struct cpu_diff *d);

/* Compare one sequence from the inputs; a mismatch is counted, shrunk
 * and (among the first CPU_DIFF_REPORTS) printed.  True when they agree. */
bool cpu_diff_check(struct cpu_diff *d, const struct insn_gen_seq *seq,
		    const struct native_state *in, const uint8_t *data);

/* The vCPU registers a sequence starts from: st's, RIP at the code. */
void cpu_diff_start_regs(const struct native_state *st, struct vcpu_regs *r);

/* Random sequences of 1..CPU_DIFF_MAX_INSNS generated instructions with
 * random inputs, until at least min_instructions have run. */
void cpu_diff_random(struct cpu_diff *d, struct insn_gen *g,
		     uint64_t min_instructions);

#endif /* TESTS_UNIT_SUPPORT_CPU_DIFF_H */
