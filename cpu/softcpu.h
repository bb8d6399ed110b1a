/*
 * cpu/softcpu.h - vmscope's software x86-64 CPU, as a library.
 *
 * One vCPU in 64-bit long mode over guest RAM (core/memory.h).  It runs the
 * guest until the guest needs the VMM and reports why in the same struct
 * exit_record the KVM backend fills, with KVM's reasons and numbers: IO,
 * MMIO (any access to guest-physical memory no RAM backs), HLT, SHUTDOWN
 * (triple fault), DEBUG (single step, instruction breakpoint),
 * INTERNAL_ERROR (an instruction it does not implement: the bytes are in
 * the record), INTR (the instruction budget ran out, or a kick).
 * soft_backend_ops (cpu/soft_backend.c) puts it behind core/backend.h; the
 * differential test and the benchmarks also drive it directly.
 *
 * Threading: one thread runs the CPU; softcpu_kick() may be called from any.
 */
#ifndef CPU_SOFTCPU_H
#define CPU_SOFTCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"
#include "core/exit.h"
#include "core/memory.h"
#include "core/regs.h"

struct softcpu;

/* The CPU starts in the state of a fresh core/boot.c guest: set registers
 * with softcpu_set_sregs()/softcpu_set_regs() before running. */
int softcpu_create(struct softcpu **out, struct guest_mem *mem);
void softcpu_destroy(struct softcpu *cpu);
/* cpu (created over owner's RAM) shares owner's code tracking from now
 * on: a store of either to a page the other decoded code from makes the
 * other decode it again.  Destroy cpu before owner. */
void softcpu_share_code(struct softcpu *cpu, struct softcpu *owner);

/* A machine reset: the CPU as softcpu_create() left it (no interrupt
 * pending, no window, no shadow, registers and MSRs zero), keeping only
 * vmscope's own settings: single-step, breakpoints, a pending kick, the
 * counters.  Set the entry state afterwards, as after create. */
void softcpu_reset(struct softcpu *cpu);

int softcpu_get_regs(struct softcpu *cpu, struct vcpu_regs *regs);
/* A new RIP abandons the instruction the last exit stopped at (its IN or
 * MMIO read data is not used, an OUT does not finish, its TF trap is not
 * taken), as on KVM. */
int softcpu_set_regs(struct softcpu *cpu, const struct vcpu_regs *regs);
/* Abandon it at the same RIP: it runs from its start again (an entry
 * into an L2 from L1's block; the VMM's fault at the instruction). */
void softcpu_drop_exit(struct softcpu *cpu);
int softcpu_get_sregs(struct softcpu *cpu, struct vcpu_sregs *sregs);
/* Flushes the TLB and the decoded instructions, as a VMM's KVM_SET_SREGS
 * resets KVM's MMU context. */
int softcpu_set_sregs(struct softcpu *cpu, const struct vcpu_sregs *sregs);
/* The same, keeping the TLB and the decoded instructions when CR0, CR3,
 * CR4 and EFER are those the CPU has (all a translation is made from
 * besides memory): for a VMM that vouches for the tables behind them, as
 * a VM entry with a VPID keeps the guest's TLB entries (cpu/soft_nested.c).
 * Decoded code stays valid while nothing writes it (cpu/icache.c). */
int softcpu_set_sregs_keep_tlb(struct softcpu *cpu,
			       const struct vcpu_sregs *sregs);

/*
 * Run until the next exit, executing at most max_insns instructions, an
 * event delivered through the IDT counting as one (0: no limit; when the
 * budget runs out the exit is EXIT_INTR).  On entry
 * *exit holds the previous exit as the dispatcher completed it (IN data,
 * MMIO read data), exactly as core/backend.h's run() says.
 */
int softcpu_run(struct softcpu *cpu, struct exit_record *exit,
		uint64_t max_insns);
/* Make a softcpu_run() in progress return EXIT_INTR soon. */
void softcpu_kick(struct softcpu *cpu);

/* Stop with EXIT_DEBUG after every instruction while on. */
void softcpu_set_single_step(struct softcpu *cpu, bool on);
/* Stop with EXIT_DEBUG before executing the instruction at any of the n
 * guest-virtual addresses (n <= SOFTCPU_BREAKPOINTS; 0 clears). */
#define SOFTCPU_BREAKPOINTS 4
int softcpu_set_breakpoints(struct softcpu *cpu, const uint64_t *addrs,
			    unsigned n);

/* KVM_IOEVENTFD's equivalent (cpu/ioeventfd.c).  On: from now on an MMIO
 * write matching e signals e->fd and the guest runs on, with no exit; a
 * reset keeps it.  Off: remove it again.  0, -EINVAL (a length other than
 * 1, 2, 4, 8), -ENOSPC, or -ENOENT (off, and none like e). */
#define SOFTCPU_IOEVENTFDS 4
int softcpu_set_ioeventfd(struct softcpu *cpu, const struct ioeventfd *e,
			  bool on);

/*
 * The in-kernel irqchip's equivalent (--irqchip kernel, cpu/irqfd.c): the
 * CPU runs the interrupt controller itself.  At every boundary check it
 * raises the lines eventfds signalled and, when the chip's INT is up and
 * it can take an interrupt, runs the INTA cycle and delivers the vector -
 * no exit, nothing injected by the VMM.  set_line drives an input,
 * has_interrupt reads INT, acknowledge is INTA; wake (any thread) wakes
 * whoever waits for a CPU that stopped at a HLT.  The PIC must call
 * softcpu_irqchip_eoi() when the service of inputs ends (its EOI
 * callback).  Once, before the first run; 0 or -errno.
 */
struct softcpu_irqchip {
	void (*set_line)(void *opaque, unsigned irq, int level);
	bool (*has_interrupt)(void *opaque);
	int (*acknowledge)(void *opaque);
	void (*wake)(void *opaque);
	void *opaque;
};
int softcpu_set_irqchip(struct softcpu *cpu, const struct softcpu_irqchip *ops);
/* KVM_IRQFD's equivalent: on, a write to f->fd raises f->irq at the CPU's
 * next boundary check (with a resample eventfd: held until its EOI, then
 * lowered and resample_fd signalled); off, remove the one with f->fd.  A
 * reset keeps them.  0, -EINVAL (no irqchip, a bad line), -ENOSPC,
 * -ENOENT (off, none with that fd), -EAGAIN (no watcher thread). */
#define SOFTCPU_IRQFDS 4
int softcpu_set_irqfd(struct softcpu *cpu, const struct irqfd *f, bool on);
/* The PIC ended the service of the inputs in irqs (bit n: IRQ n): the
 * lines resample irqfds hold go down now, from inside the PIC's call. */
void softcpu_irqchip_eoi(struct softcpu *cpu, uint16_t irqs);
/* Between two runs, on the CPU's thread: raise the lines signalled, as
 * the next run would.  halted: the thread is about to sleep in a HLT's
 * wait - from now until a poll without it, a signal wakes it (wake).
 * True when a HLT's wait ended here: a wake the watcher may have posted
 * for it is stale, and the caller forgets it (or it would kick the run
 * that follows). */
bool softcpu_irqchip_poll(struct softcpu *cpu, bool halted);

/*
 * The VMM wrote guest RAM at [gpa, gpa + len) behind the CPU's back (the
 * loader, L0's write-back of the nested block, a device filling a posted
 * buffer: the RAM's write watcher, core/mem_watch.h, set by
 * cpu/soft_backend.c; a test patching code): decoded instructions from
 * those pages are dropped, so the CPU runs the new bytes the next time
 * it fetches from them.  Cheap: a generation bump per page that holds
 * decoded code.  Any thread, after the bytes are in place, also while
 * the CPU runs.  (The guest's own stores need no call: the CPU sees
 * them.)
 */
void softcpu_invalidate_code(struct softcpu *cpu, uint64_t gpa, uint64_t len);
/* The CPU as its RAM's write watcher (core/mem_watch.h): every write
 * vmscope says it made into RAM calls softcpu_invalidate_code() - or, off,
 * no longer (it returns when no call is under way).  One CPU per RAM: the
 * machine's (cpu/soft_backend.c), whose code tracking an L2's context
 * shares. */
void softcpu_watch_writes(struct softcpu *cpu, bool on);

/*
 * External interrupts, from the VMM's PIC.  ready: RFLAGS.IF is set, no
 * shadow of an STI or a MOV to SS is in force and no vector is waiting
 * (SDM Vol. 3A, 6.8.3).
 * inject: deliver vector through the IDT before the next instruction
 * (after the instruction an IN or MMIO read exit left half done); call only
 * when ready.  window: while on, run() returns EXIT_IRQ_WINDOW_OPEN as
 * soon as the CPU is ready.
 */
bool softcpu_interrupt_ready(const struct softcpu *cpu);
/* The one-instruction shadows of STI (that set IF) and of MOV to SS (SDM
 * Vol. 3A, 6.8.3), in the bits of VMX's interruptibility state.  shadow:
 * in force at the boundary the CPU stands at (the next instruction runs
 * in it); insn_shadow: the one the instruction that made the last exit
 * began under - an exit stops before the instruction is done, as VMX
 * reports it; set_shadow: put one in force (an entry into an L2, or its
 * instruction to run again).  Both hold external interrupts (and the
 * nesting stage's NMI window: cpu/soft_nested.c); MOV SS's also holds
 * RFLAGS.TF's #DB trap, until after the next instruction. */
#define SOFTCPU_SHADOW_STI    (1u << 0)
#define SOFTCPU_SHADOW_MOV_SS (1u << 1)
unsigned softcpu_shadow(const struct softcpu *cpu);
unsigned softcpu_insn_shadow(const struct softcpu *cpu);
void softcpu_set_shadow(struct softcpu *cpu, unsigned shadow);
void softcpu_inject_interrupt(struct softcpu *cpu, uint8_t vector);
void softcpu_request_interrupt_window(struct softcpu *cpu, bool on);

/* Counters: instructions retired, and the instructions handled inside
 * the CPU that KVM also handles in the kernel (no user-space exit). */
struct softcpu_counters {
	uint64_t instructions;
	uint64_t cpuid;
	uint64_t rdmsr;
	uint64_t wrmsr;
	/* events delivered through the IDT (cpu/exception.c), each kind
	 * counted once its handler's frame is written: */
	uint64_t exceptions;   /* faults, traps, aborts; INT3, INTO, INT1 */
	uint64_t software_interrupts; /* INT n */
	uint64_t interrupts;   /* external ones and NMIs: injected by the
				  VMM, or taken from the CPU's own chip */
	uint64_t chip_interrupts; /* ... of which the CPU took from its chip
				     itself (--irqchip kernel): counted
				     with them, so never more */
	uint64_t irqfd_raises; /* lines raised by an irqfd's signal */
	uint64_t tlb_misses;
};
void softcpu_get_counters(const struct softcpu *cpu,
			  struct softcpu_counters *out);
/* The CPU's work between two runs: instructions retired plus events
 * delivered through the IDT - the unit of softcpu_run()'s budget, and of
 * the machine's time with --clock insn (core/vm_clock.h). */
uint64_t softcpu_work(const struct softcpu *cpu);
/* --clock insn: the TSC reads clock's time at each RDTSC's exact place in
 * the work, as the machine's devices read it between runs; NULL (the
 * default): host time.  A reset keeps it. */
struct vm_clock;
void softcpu_set_clock(struct softcpu *cpu, const struct vm_clock *clock);

#endif /* CPU_SOFTCPU_H */
