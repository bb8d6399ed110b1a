/*
 * bench/support/raw_guest.h - a built-in guest loaded the way vmscope
 * loads it, for the bare loops (bench/raw_kvm_loop.c, raw_soft_loop.c)
 * that are the baselines vmscope's figures are measured against: the
 * same ELF loader, the same long-mode entry state, so both sides run
 * identical guest code.
 */
#ifndef BENCH_SUPPORT_RAW_GUEST_H
#define BENCH_SUPPORT_RAW_GUEST_H

#include "core/memory.h"
#include "core/regs.h"

/* 64 MiB of RAM with guest name loaded and the entry state built; 0, or
 * -1 after saying on stderr what failed. */
int raw_guest_load(const char *prog, const char *name, struct guest_mem *mem,
		   struct vcpu_regs *regs, struct vcpu_sregs *sregs);

#endif /* BENCH_SUPPORT_RAW_GUEST_H */
