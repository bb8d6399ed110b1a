/*
 * core/vm_clock.h - the machine's time: the host's, or counted in the
 * software CPU's instructions (--clock host|insn).
 *
 * Everything in the machine that keeps time reads one clock, vm_now_ns():
 * the PIT's counters, the exit record's timestamps (t_ns, resume_ns and
 * the handling time), the deadlines of the tick alarm, and - through the
 * pointer softcpu_set_clock() gives it - the software CPU's TSC.
 *
 * VM_CLOCK_HOST (the default): CLOCK_MONOTONIC (core/clock.h).  The guest
 * keeps pace with the wall; a PIT tick lands on whatever instruction the
 * CPU happens to be at when the host's alarm rings, so two runs of the
 * same guest can take different exits.
 *
 * VM_CLOCK_INSN (the software CPU only): the machine's time is its work,
 * as QEMU's `-icount shift=0,sleep=off`:
 *
 *   now = work * VM_CLOCK_NS_PER_INSN + skipped
 *
 * work: the instructions the CPU retired plus the events it delivered
 * through the IDT (a fault, INT n, an interrupt: each counts as one
 * instruction, as the CPU's instruction budget counts them), read from the
 * CPU's own counters (backend op insn_count); skipped: the time HLTs
 * jumped over.  Time starts at 0 when the machine is created, survives a
 * reset (the CPU's counters do), and stands still while vmscope handles an
 * exit - so an exit's handling time is 0 in this clock, and a HLT's is the
 * time it skipped.  The next deadline (a PIT tick the PIC would pass on,
 * the end of a pause in scripted keys, a lesson step's time bound) is not
 * a host alarm but an instruction budget: the CPU runs exactly up to it
 * (vm_clock_budget()), and a HLT
 * waiting for it jumps there at once (vm_clock_skip()).  A HLT with no
 * deadline waits on the host, for keys or the network, as before.  The
 * same guest with the same input then takes the same exits, byte for
 * byte.
 *
 * Threading: the vCPU thread only.
 */
#ifndef CORE_VM_CLOCK_H
#define CORE_VM_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* A 1 GHz CPU that retires one instruction per cycle: one instruction, one
 * nanosecond, one tick of the (1 GHz) TSC. */
#define VM_CLOCK_NS_PER_INSN 1ULL

enum vm_clock_source {
	VM_CLOCK_HOST,     /* CLOCK_MONOTONIC */
	VM_CLOCK_INSN,     /* the software CPU's work */
};

struct vm_clock {
	enum vm_clock_source source;
	uint64_t skipped_ns;  /* VM_CLOCK_INSN: the time HLTs jumped over */
	uint64_t due_ns;      /* VM_CLOCK_INSN: the next deadline, in this
				 clock (UINT64_MAX: none) */
	uint64_t bound_ns;    /* VM_CLOCK_INSN: a front end's deadline (a
				 lesson step's time bound), a deadline as
				 due_ns is (UINT64_MAX: none) */
};

/* A clock of this source at time 0, with no deadline. */
void vm_clock_init(struct vm_clock *c, enum vm_clock_source source);

/* The arithmetic of VM_CLOCK_INSN, for a CPU that has done `work`: */
/* the time now (the rule at the top; modulo 2^64, ~584 years). */
uint64_t vm_clock_at(const struct vm_clock *c, uint64_t work);
/* How much more work until the deadline, the nearer of due_ns and
 * bound_ns - at least 1, so that a run always moves on - or 0 when there
 * is none (a run without a budget).
 * Deadline and time are compared modulo 2^64 too: a deadline less than
 * 2^63 ns ahead is ahead, across the wrap or not. */
uint64_t vm_clock_work_until_due(const struct vm_clock *c, uint64_t work);
/* A HLT waits for the deadline: time jumps to it (never back, when it
 * has passed already).  False, with time unchanged, when there is none:
 * the wait is the host's. */
bool vm_clock_jump_to_due(struct vm_clock *c, uint64_t work);

struct vm;

/* The machine's time in nanoseconds, in its clock. */
uint64_t vm_now_ns(struct vm *vm);
/* Is the machine's time its own (VM_CLOCK_INSN), not the host's? */
bool vm_clock_virtual(const struct vm *vm);
/* The next deadline, due (vm_now_ns()'s clock; UINT64_MAX: none): returns
 * when the host's alarm should ring for it - due itself with the host's
 * clock; never (UINT64_MAX) with VM_CLOCK_INSN, which keeps it for the
 * budget and the HLT's jump instead. */
uint64_t vm_clock_alarm(struct vm *vm, uint64_t due);
/* The next run's instruction budget (softcpu_run()'s max_insns): the work
 * until the deadline with VM_CLOCK_INSN, else 0 (none). */
uint64_t vm_clock_budget(struct vm *vm);
/* A HLT with interrupts on: with VM_CLOCK_INSN and a deadline, time jumps
 * to it and this returns true - at the front end's bound, with the VM's
 * attention asked, so that its wait returns to the front end
 * (vm_attention(), without the kick); otherwise false (the host's wait). */
bool vm_clock_skip(struct vm *vm);
/* A front end's deadline at machine time `at` (UINT64_MAX: none), with
 * VM_CLOCK_INSN: the run stops there as at a device's, and a HLT waiting
 * jumps there and returns (vm_clock_skip()).  A lesson's `within N ms`
 * (core/lesson_run.c) so counts the machine's time, not the host's. */
void vm_clock_set_bound(struct vm *vm, uint64_t at);

#endif /* CORE_VM_CLOCK_H */
