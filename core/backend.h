/*
 * core/backend.h - the contract between the machine and an execution engine.
 *
 * A backend runs the vCPU until the guest needs the VMM, and reports why in
 * a struct exit_record.  There are two, each one static const table chosen
 * at start (--backend): kvm_backend_ops (kvm/) and soft_backend_ops (cpu/).
 * Nothing patches a table at run time.
 *
 * Threading: every op is called from the vCPU thread, except kick(), which
 * any thread may call to make a running run() return EXIT_INTR soon, and
 * sync_dirty(), which a display thread calls.
 * Errors: 0 or a negative errno.
 */
#ifndef CORE_BACKEND_H
#define CORE_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "core/exit.h"
#include "core/regs.h"

struct vm;
struct nested_backend_ops;
struct pic_regs;

#define BACKEND_BREAKPOINTS 4   /* x86 has four debug address registers */

/*
 * A guest write that signals an eventfd instead of exiting (the model of
 * KVM_IOEVENTFD): an MMIO write of len bytes at gpa whose value is
 * datamatch adds 1 to the eventfd fd and the guest runs on.  Any other
 * write there exits as before.
 */
struct ioeventfd {
	uint64_t gpa;
	uint32_t len;            /* 1, 2, 4 or 8 */
	uint64_t datamatch;
	int fd;
};

/*
 * Where the interrupt controller lives (--irqchip).  USER: vmscope's own
 * 8259 (devices/pic8259.c) decides, and vmscope injects each vector
 * between two runs (inject_interrupt).  KERNEL: the backend runs the
 * controller itself, as KVM does after KVM_CREATE_IRQCHIP: device lines
 * go to it (set_irq_line), it delivers without vmscope, and an eventfd
 * can raise a line with no vmscope thread at all (set_irqfd).  The
 * backend's create() decides; where it cannot, it says why on stderr and
 * sets vm->irqchip back to USER.
 */
enum vm_irqchip {
	VM_IRQCHIP_USER,
	VM_IRQCHIP_KERNEL,
};

/*
 * An eventfd that raises an interrupt line (the model of KVM_IRQFD): a
 * write to fd asserts PIC input irq with no exit and no vmscope thread.
 * resample_fd -1: a pulse (the line goes up and down at once: an edge);
 * the KVM backend refuses one (kvm/kvm_irqfd.c says why).
 * Otherwise the line stays up until the guest ends the interrupt with an
 * EOI; then it goes down and resample_fd is signalled, so the device can
 * look whether its level is still high and signal fd again - a level-
 * triggered line over an edge (KVM_IRQFD_FLAG_RESAMPLE).
 */
struct irqfd {
	unsigned irq;            /* PIC input, 0-15 (KVM's GSI) */
	int fd;
	int resample_fd;         /* -1: none */
};

/* One of the backend's own counters, e.g. KVM's "io_exits". */
struct backend_counter {
	char name[48];
	uint64_t value;
};

struct backend_ops {
	const char *name;                       /* "kvm", "soft" */
	/* Create the VM and its one vCPU over vm->mem; store private state
	 * in vm->backend_state.  On failure nothing is left allocated. */
	int (*create)(struct vm *vm);
	void (*destroy)(struct vm *vm);
	/* Run until the next exit.  On entry *exit holds the previous exit as
	 * the dispatcher completed it (IN data, MMIO read data): the backend
	 * gives that to the guest first, then overwrites *exit. */
	int (*run)(struct vm *vm, struct exit_record *exit);
	/* A machine reset: the vCPU as create() left it - nothing the guest
	 * did survives (an interrupt queued or injected, an interrupt window
	 * asked for, FPU, MSRs, debug registers); vmscope's own settings
	 * (single-step, breakpoints, a pending kick) stay.  The caller then
	 * sets the entry state with set_sregs() and set_regs(). */
	int (*reset)(struct vm *vm);
	int (*get_regs)(struct vm *vm, struct vcpu_regs *regs);
	int (*set_regs)(struct vm *vm, const struct vcpu_regs *regs);
	int (*get_sregs)(struct vm *vm, struct vcpu_sregs *sregs);
	int (*set_sregs)(struct vm *vm, const struct vcpu_sregs *sregs);
	/* Stop after every instruction with EXIT_DEBUG while on. */
	int (*set_single_step)(struct vm *vm, bool on);
	/* Stop with EXIT_DEBUG before the instruction at each of the n
	 * guest-virtual addresses (n <= BACKEND_BREAKPOINTS; 0 clears them).
	 * KVM: hardware breakpoints, which not every host honours (vmscope
	 * doctor says); the software CPU: a PC check. */
	int (*set_breakpoints)(struct vm *vm, const uint64_t *addrs,
			       unsigned n);
	/* Make a run() in progress return soon with EXIT_INTR. */
	void (*kick)(struct vm *vm);
	/*
	 * External interrupts from vmscope's own PIC (core/vm_irq.c drives
	 * these between run() calls).  interrupt_ready: can the vCPU take
	 * one before its next instruction (RFLAGS.IF set, no STI or MOV SS
	 * shadow, none injected yet)?  inject_interrupt: deliver vector then
	 * (KVM_INTERRUPT); only when ready.  request_interrupt_window: while
	 * on, run() returns EXIT_IRQ_WINDOW_OPEN as soon as the vCPU is
	 * ready.
	 */
	bool (*interrupt_ready)(struct vm *vm);
	int (*inject_interrupt)(struct vm *vm, uint8_t vector);
	void (*request_interrupt_window)(struct vm *vm, bool on);
	/* Add the backend's record of stores into vm->mem's window (KVM:
	 * KVM_GET_DIRTY_LOG) to the window's dirty word.  Any thread. */
	int (*sync_dirty)(struct vm *vm);
	/* The backend's own counters (KVM: the vCPU's binary stats, which
	 * count exits handled in the kernel too).  Returns how many it
	 * filled, at most max, or -errno. */
	int (*read_counters)(struct vm *vm, struct backend_counter *out,
			     int max);
	/* The guest's TSC rate in kHz (KVM_GET_TSC_KHZ; the soft CPU's TSC
	 * counts nanoseconds), or 0 when unknown; NULL: unknown.  vmscope
	 * hands it to the guest in boot_info.tsc_khz. */
	uint64_t (*tsc_khz)(struct vm *vm);
	/* The vCPU's work so far: instructions retired plus events delivered
	 * through the IDT, the unit of --clock insn (core/vm_clock.h).  Cheap
	 * (the CPU's own counters); vCPU thread, between runs.  NULL where the
	 * machine's time cannot be the CPU's (KVM: the hardware TSC and KVM's
	 * timers run on host time). */
	uint64_t (*insn_count)(struct vm *vm);
	/* on: from now on, writes matching e signal e->fd with no exit
	 * (KVM: KVM_IOEVENTFD; the software CPU checks before an MMIO exit);
	 * it stays until removed or destroy (a reset keeps it).  Off: remove
	 * the one registered with the same e.  NULL, or an error: such writes
	 * go on exiting. */
	int (*set_ioeventfd)(struct vm *vm, const struct ioeventfd *e, bool on);
	/* The interrupt controller in the backend (vm->irqchip KERNEL; NULL
	 * where a backend has none).  set_irq_line: a device drives PIC
	 * input irq (KVM_IRQ_LINE; NULL: vmscope's 8259 is the backend's
	 * chip too, the software CPU's case).  set_irqfd: on, from now on a
	 * write to f->fd raises f->irq (core/backend.h's struct irqfd); off:
	 * remove the one with the same fd; -EINVAL with the controller in
	 * user space, as KVM_IRQFD without KVM_CREATE_IRQCHIP.  irqchip_poll:
	 * between two runs, take what the chip was told meanwhile (eventfd
	 * signals, EOIs) so that a halted vCPU thread sees the line. */
	int (*set_irq_line)(struct vm *vm, unsigned irq, int level);
	int (*set_irqfd)(struct vm *vm, const struct irqfd *f, bool on);
	void (*irqchip_poll)(struct vm *vm);
	/* The in-kernel 8259's registers (KVM_GET_IRQCHIP), chip 0 master, 1
	 * slave, in the user-space PIC's terms; NULL where vmscope's own PIC
	 * is the chip.  0 or -errno. */
	int (*get_pic_regs)(struct vm *vm, unsigned chip,
			    struct pic_regs *out);
	/* Is the vCPU waiting in a HLT inside the backend?  With KVM's
	 * in-kernel LAPIC a HLT never exits, and only KVM_GET_MP_STATE
	 * (KVM_MP_STATE_HALTED) tells it.  Asked between two runs with the
	 * controller in the backend; NULL where every HLT exits to vmscope
	 * (vm->halted says it then). */
	bool (*halted_inside)(struct vm *vm);
	/* What the hardware under this backend is (decides hw reasons). */
	enum host_flavour (*flavour)(struct vm *vm);
	/* How it runs an L2 for the nesting stage (core/nested.h); NULL
	 * where it cannot yet. */
	const struct nested_backend_ops *nested;
};

#endif /* CORE_BACKEND_H */
