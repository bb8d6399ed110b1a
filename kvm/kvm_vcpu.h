/*
 * kvm/kvm_vcpu.h - the KVM backend's private state, shared by its files.
 *
 *   kvm_backend.c  create/destroy, the ops table
 *   kvm_run.c      KVM_RUN and the exit record, kick
 *   kvm_regs.c     struct kvm_regs/kvm_sregs <-> core/regs.h
 *   kvm_debug.c    KVM_SET_GUEST_DEBUG: single-step, hardware breakpoints
 *   kvm_rip.c      where the instruction that exited starts
 *   kvm_insn.c     a memory operand's effective address (kvm_insn.h)
 *   kvm_stats.c    KVM's binary stats (kvm_stats.h)
 *   kvm_irq.c      injecting the PIC's interrupts, interrupt windows
 *   kvm_memory.c   memory slots, the VGA window's dirty-page log
 *   kvm_reset.c    the vCPU's power-on state, put back at a reset
 *   kvm_irqchip_reset.c  the in-kernel irqchip's power-on state, the same
 *   kvm_ioeventfd.c  guest kicks that signal an eventfd in the kernel
 *   kvm_irqchip.c  the in-kernel 8259 (--irqchip kernel): lines, registers
 *   kvm_irqfd.c    an eventfd that raises one of its lines
 *   kvm_nested*.c  the nesting stage's L2: a second VM (kvm_nested.h)
 *   kvm_events.c   an exception, NMI or interrupt given to a vCPU; an
 *                  exit's instruction taken back
 *
 * Register access: with KVM_CAP_SYNC_REGS, KVM copies the registers into
 * the shared kvm_run page at every exit (kvm_valid_regs) and loads the ones
 * vmscope marks in kvm_dirty_regs at the next KVM_RUN, so an exit costs no
 * extra ioctl.  regs/sregs point into run->s.regs then, and at copies this
 * file's owner refreshes with KVM_GET_REGS/KVM_GET_SREGS otherwise.
 */
#ifndef KVM_KVM_VCPU_H
#define KVM_KVM_VCPU_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/kvm.h>

#include "core/exit.h"
#include "core/regs.h"
#include "core/vm.h"

struct kvm_vcpu_state {
	int kvm_fd;                 /* /dev/kvm */
	int vm_fd;                  /* KVM_CREATE_VM */
	int vcpu_fd;                /* KVM_CREATE_VCPU */
	int stats_fd;               /* KVM_GET_STATS_FD, or -1 */
	struct kvm_run *run;        /* the vCPU's shared page(s) */
	size_t run_size;
	bool sync_regs;             /* KVM_CAP_SYNC_REGS in use */
	struct kvm_regs *regs;      /* see above */
	struct kvm_sregs *sregs;
	struct kvm_regs own_regs;   /* used without sync regs */
	struct kvm_sregs own_sregs;
	enum host_flavour flavour;
	uint32_t last_reason;       /* what the previous run() returned */
	struct kvm_guest_debug debug; /* what KVM_SET_GUEST_DEBUG last got */
	struct kvm_power_on *power_on; /* kvm_reset.c */
	pthread_t vcpu_thread;      /* the thread that runs KVM_RUN */
	bool irqchip;               /* KVM_CREATE_IRQCHIP was made */
	atomic_uint kicks;          /* kicks so far (kvm_state_kick) */
	unsigned maxphyaddr;        /* the guest's, from the CPUID it got */
};

/* kvm_backend.c: open /dev/kvm, a VM with mem as its RAM (NULL: no
 * memory slot yet) and its one vCPU, as the backend's create() does;
 * close it all.  0 or -errno, the reason in kvm_backend_error(). */
int kvm_state_open(struct kvm_vcpu_state *s, const struct guest_mem *mem);
void kvm_state_close(struct kvm_vcpu_state *s);
/* MAXPHYADDR as a CPUID table says (leaf 0x80000008, EAX[7:0]), and
 * whether a guest-physical address lies below 2^maxphyaddr: KVM refuses a
 * memory slot above (tests/unit/test_kvm_maxphyaddr.c). */
unsigned kvm_cpuid_maxphyaddr(const struct kvm_cpuid2 *cpuid);
static inline bool kvm_gpa_reachable(uint64_t gpa, unsigned maxphyaddr)
{
	return maxphyaddr >= 64 || (gpa >> maxphyaddr) == 0;
}

/* kvm_run.c.  kvm_run_state: one KVM_RUN of s's vCPU - the answer to the
 * previous exit handed over, the record's reason, payload, t_ns and CPL
 * filled, its rip and instruction bytes not (they need the guest's
 * memory); kvm_run_vcpu: the backend's run(). */
int kvm_run_state(struct kvm_vcpu_state *s, struct exit_record *exit);
int kvm_run_vcpu(struct vm *vm, struct exit_record *exit);
void kvm_kick(struct vm *vm);
/* After an INTR exit of either level: both levels' kick marks down.
 * mark_down: s's, unless a kick comes meanwhile (kvm_kick_restore()). */
void kvm_kicks_seen(struct vm *vm);
void kvm_kick_mark_down(struct kvm_vcpu_state *s);
/* A kick's mark on s, from any thread: the kick counter up, then
 * run->immediate_exit set (the caller sends the signal).  kick_restore:
 * immediate_exit back to was - what it held when the vCPU thread set it
 * itself and the counter read gen - unless a kick came since, whose mark
 * then stays (tests/unit/test_kvm_finish.c). */
void kvm_state_kick(struct kvm_vcpu_state *s);
void kvm_kick_restore(struct kvm_vcpu_state *s, unsigned gen, __u8 was);
int kvm_install_kick_signal(void);

/* kvm_regs.c */
int kvm_regs_load(struct kvm_vcpu_state *s);
int kvm_get_regs(struct vm *vm, struct vcpu_regs *regs);
int kvm_set_regs(struct vm *vm, const struct vcpu_regs *regs);
int kvm_get_sregs(struct vm *vm, struct vcpu_sregs *sregs);
int kvm_set_sregs(struct vm *vm, const struct vcpu_sregs *sregs);
/* The same on a vCPU state of its own (the nesting stage's L2). */
int kvm_state_get_regs(const struct kvm_vcpu_state *s,
		       struct vcpu_regs *regs);
int kvm_state_set_regs(struct kvm_vcpu_state *s,
		       const struct vcpu_regs *regs);
int kvm_state_get_sregs(const struct kvm_vcpu_state *s,
			struct vcpu_sregs *sregs);
int kvm_state_set_sregs(struct kvm_vcpu_state *s,
			const struct vcpu_sregs *sregs);
/* CPL from the state KVM reported: SS.DPL, which the SDM defines as CPL
 * in protected and long mode (CS.DPL differs for conforming code). */
uint8_t kvm_regs_cpl(const struct kvm_vcpu_state *s);

/* kvm_events.c.  finish_exit: KVM finishes an exit's instruction (an IN's
 * data, an MMIO access, a skipped OUT) at the next KVM_RUN; let it do so
 * now, with immediate_exit set so the vCPU does not run (api.rst,
 * "immediate_exit"; a kick before or during it stays set), before vmscope
 * gives the vCPU another state.  Events are described in VMX's VM-entry
 * interruption-information format (guest/abi/nested.h), with an error
 * code and, for a software type, an instruction length, and delivered at
 * the next KVM_RUN before the first instruction.  0 or -errno. */
int kvm_state_finish_exit(struct kvm_vcpu_state *s);
/* Its steps, which need no /dev/kvm (tests/unit/test_kvm_finish.c):
 * after KVM_RUN returned ret (errno err) with run->exit_reason reason in
 * round 0, 1, ...: done, run again, or fail (an error, or KVM still asking
 * after KVM_FINISH_ROUNDS runs); and the answer to an access KVM asks for
 * on the way (all ones for a read: the instruction is abandoned). */
#define KVM_FINISH_ROUNDS 16
enum kvm_finish_step { KVM_FINISH_DONE, KVM_FINISH_AGAIN, KVM_FINISH_FAILED };
enum kvm_finish_step kvm_finish_next(int ret, int err, uint32_t reason,
				     unsigned round);
void kvm_finish_abandon(struct kvm_run *run, size_t run_size);
/*
 * An entry into a new state (the nesting stage's L2, from L1's block):
 * every event KVM still holds from the vCPU's previous exit dropped
 * (kvm_events_clear_held()), the blocking and the event set, in one
 * KVM_SET_VCPU_EVENTS.
 */
int kvm_state_enter_events(struct kvm_vcpu_state *s, uint32_t blocking,
			   uint32_t info, uint32_t error, uint32_t insn_len);
/* The exception info describes (a hardware one, error code error) raised
 * at rip in place of the instruction the vCPU exited at: nothing of that
 * instruction done, DR6 as before it (see kvm_events.c). */
int kvm_state_fault_at(struct kvm_vcpu_state *s, uint64_t rip, uint32_t info,
		       uint32_t error);
/* KVM_GET_VCPU_EVENTS.  0 or -errno. */
int kvm_state_events(struct kvm_vcpu_state *s, struct kvm_vcpu_events *ev);
/* The steps on struct kvm_vcpu_events, which need no /dev/kvm
 * (tests/unit/test_kvm_events.c).  clear_held: drop what KVM holds from
 * the last exit; put_blocking: VMX's interruptibility bits in; put: the
 * event in, true when RIP must move past its instruction (a software
 * type: KVM takes no instruction length); blocking: the interruptibility
 * bits out, NESTED_HELD_BY_EVENT while KVM holds an event it has yet to
 * deliver; vectoring: the event KVM stopped delivering, as VMX's
 * IDT-vectoring information (0: none). */
void kvm_events_clear_held(struct kvm_vcpu_events *ev);
void kvm_events_put_blocking(struct kvm_vcpu_events *ev, uint32_t blocking);
bool kvm_events_put(struct kvm_vcpu_events *ev, uint32_t info, uint32_t error);
uint32_t kvm_events_blocking(const struct kvm_vcpu_events *ev);
uint32_t kvm_events_vectoring(const struct kvm_vcpu_events *ev,
			      uint32_t *error);
/* The #UD KVM queued when its emulator failed (x86.c,
 * handle_emulation_failure(): kvm_queue_exception(vcpu, UD_VECTOR), then
 * the INTERNAL_ERROR exit at CPL 0): drop_ud takes it out of ev (true
 * when there was one); state_drop_ud does so on s's vCPU.  0 or -errno. */
bool kvm_events_drop_ud(struct kvm_vcpu_events *ev);
int kvm_state_drop_ud(struct kvm_vcpu_state *s);

/* kvm_irq.c */
bool kvm_interrupt_ready(struct vm *vm);
int kvm_inject_interrupt(struct vm *vm, uint8_t vector);
void kvm_request_interrupt_window(struct vm *vm, bool on);

/* kvm_memory.c: map vm->mem (and its window) as memory slots; collect
 * the window's dirty-page log into vm->mem. */
int kvm_memory_map(int vm_fd, const struct guest_mem *mem);
/* KVM_SET_USER_MEMORY_REGION: slot maps guest-physical [gpa, gpa + len)
 * onto host memory at host (len 0 deletes the slot).  0 or -errno. */
int kvm_memory_slot(int vm_fd, uint32_t slot, uint32_t flags, uint64_t gpa,
		    uint64_t len, void *host);
int kvm_sync_dirty(struct vm *vm);

/* kvm_reset.c: keep the new vCPU's state (before its first run), and
 * with the in-kernel irqchip the chips' (what: the ioctl that failed);
 * put it back (the reset op); free it.  0 or -errno. */
int kvm_reset_save(struct kvm_vcpu_state *s, const char **what);
int kvm_reset_vcpu(struct vm *vm);
void kvm_reset_free(struct kvm_vcpu_state *s);
/* The MSRs a reset writes back, where the host has them (the guest's,
 * and KVM's paravirtual ones: see kvm_reset.c). */
extern const uint32_t kvm_reset_msrs[];
extern const size_t kvm_reset_msr_count;
/* The TSC offset that makes a TSC now at tsc_now under offset read
 * tsc_power_on again (kvm_reset.c: why a reset sets the offset). */
uint64_t kvm_reset_tsc_offset(uint64_t offset, uint64_t tsc_now,
			      uint64_t tsc_power_on);

/*
 * kvm_irqchip_reset.c: the in-kernel irqchip's power-on state - the VM's
 * 8259s and IOAPIC (KVM_GET_IRQCHIP), the vCPU's APIC base MSR, LAPIC
 * register page and MP state - read by save() right after creation and
 * written back by restore() at a reset, in that order.  Each ioctl goes
 * through io (kvm_ioctl_sys: ioctl(2); a unit test's fake KVM).  0, or
 * -errno with *what naming the ioctl that failed.
 */
typedef int (*kvm_ioctl_fn)(int fd, unsigned long req, void *arg);
int kvm_ioctl_sys(int fd, unsigned long req, void *arg);

#define KVM_POWER_ON_CHIPS 3     /* PIC master, PIC slave, IOAPIC */

struct kvm_apic_base_msr {
	struct kvm_msrs head;
	struct kvm_msr_entry entry;
};

struct kvm_irqchip_power_on {
	struct kvm_irqchip chip[KVM_POWER_ON_CHIPS];
	struct kvm_apic_base_msr apic_base;  /* IA32_APIC_BASE */
	struct kvm_lapic_state lapic;        /* the 1 KiB register page */
	struct kvm_mp_state mp_state;
};

int kvm_irqchip_power_on_save(struct kvm_irqchip_power_on *p, int vm_fd,
			      int vcpu_fd, kvm_ioctl_fn io, const char **what);
int kvm_irqchip_power_on_restore(const struct kvm_irqchip_power_on *p,
				 int vm_fd, int vcpu_fd, kvm_ioctl_fn io,
				 const char **what);

/* kvm_ioeventfd.c: KVM_IOEVENTFD with datamatch (on), or its deassign
 * (off); 0 or -errno. */
int kvm_set_ioeventfd(struct vm *vm, const struct ioeventfd *e, bool on);

/* kvm_irqchip.c: KVM_CREATE_IRQCHIP on vm_fd, before any vCPU, after
 * checking the host has it, irqfds and their resampling (why: the step
 * that failed); KVM_IRQ_LINE; KVM_GET_IRQCHIP as struct pic_regs.  0 or
 * -errno; halted_inside: KVM_GET_MP_STATE says KVM_MP_STATE_HALTED. */
int kvm_irqchip_create(int vm_fd, char *why, size_t len);
int kvm_set_irq_line(struct vm *vm, unsigned irq, int level);
int kvm_get_pic_regs(struct vm *vm, unsigned chip, struct pic_regs *out);
bool kvm_halted_inside(struct vm *vm);
/* kvm_irqfd.c: KVM_IRQFD with f's resample fd (on; -EINVAL without
 * one), or its deassign (off); 0 or -errno. */
int kvm_set_irqfd(struct vm *vm, const struct irqfd *f, bool on);

/* kvm_debug.c; breakpoint_at: is a hardware breakpoint set at rip?
 * before_step: what must happen before each KVM_RUN while stepping (the
 * registers written, single-stepping asked for again at the vCPU's RIP). */
int kvm_set_single_step(struct vm *vm, bool on);
int kvm_debug_before_step(struct kvm_vcpu_state *s);
bool kvm_debug_breakpoint_at(const struct kvm_vcpu_state *s, uint64_t rip);

/* kvm_rip.c: the address of the instruction that caused exit, given the
 * RIP KVM reports (see the rules there); whether a single step that began
 * at step_rip and left the vCPU at rip went over a HLT. */
bool kvm_rip_stepped_hlt(const struct guest_mem *mem, uint64_t cr3,
			 uint64_t step_rip, uint64_t rip);
uint64_t kvm_rip_exiting(struct vm *vm, const struct exit_record *exit,
			 uint64_t rip, uint64_t cr3);
/* The same for a port-I/O or HLT exit of code read through sp (L2's
 * space, two stages) on a host of flavour f, with RCX as KVM left it (a
 * REP string instruction's count); other exits: rip. */
struct vspace;
uint64_t kvm_rip_io_hlt(const struct vspace *sp, enum host_flavour f,
			const struct exit_record *exit, uint64_t rip,
			uint64_t rcx);

static inline struct kvm_vcpu_state *kvm_state(struct vm *vm)
{
	return vm->backend_state;
}

#endif /* KVM_KVM_VCPU_H */
