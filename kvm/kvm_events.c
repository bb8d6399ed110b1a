/*
 * kvm/kvm_events.c - events vmscope hands a KVM vCPU itself: an exception,
 * an NMI or an interrupt described as VMX describes one (the VM-entry
 * interruption-information format of guest/abi/nested.h), and the end of
 * an exit whose instruction vmscope takes back.
 *
 * The nesting stage needs both: L1's event for L2 at an entry (L2's VM,
 * kvm_nested.c), and the #GP L0 gives L1 at a doorbell it refuses (L1's
 * vCPU).  KVM_SET_VCPU_EVENTS takes an exception with its error code and
 * an NMI as injected events, delivered at the next KVM_RUN before the
 * first instruction, and the blocking of NMIs (nmi.masked) and by STI or
 * MOV SS (interrupt.shadow) both ways (api.rst, "KVM_SET_VCPU_EVENTS").  A software
 * interrupt cannot be given its instruction length there (KVM uses the
 * length of the last exit's instruction), so RIP is moved past the
 * instruction and the vector goes in as an interrupt: the frame is the
 * same, but the gate's DPL is not checked and a fault on the way has EXT
 * set - docs/NESTING.md says so.  Each such write replaces every event
 * KVM still holds from the last exit (kvm_events_clear_held()), in one
 * KVM_SET_VCPU_EVENTS.  None of this has run on KVM here: the machine it
 * was written on has no /dev/kvm; tests/unit/test_kvm_nested_events.c
 * runs it against a fake KVM.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "core/nested.h"
#include "kvm/kvm_vcpu.h"

/*
 * KVM finishes an IN, an MMIO read or an emulated instruction at the start
 * of the next KVM_RUN, and only then looks at immediate_exit (x86.c,
 * kvm_arch_vcpu_ioctl_run: complete_userspace_io(), "if (r <= 0) goto
 * out", then "if (kvm_run->immediate_exit) return -EINTR").  A completion
 * that needs user space again returns 0 with a new exit: the next 8 bytes
 * of an MMIO access that is longer or crosses a page (complete_emulated_
 * mmio), the next page of a rep ins/outs (complete_emulated_pio), or the
 * single-step's DEBUG exit of a vCPU being stepped.  Only an IO or MMIO
 * exit leaves another completion pending; so run again for those, at most
 * KVM_FINISH_ROUNDS times, and be done at -EINTR or any other exit.
 */
enum kvm_finish_step kvm_finish_next(int ret, int err, uint32_t reason,
				     unsigned round)
{
	if (ret < 0)
		return err == EINTR ? KVM_FINISH_DONE : KVM_FINISH_FAILED;
	if (reason != KVM_EXIT_IO && reason != KVM_EXIT_MMIO)
		return KVM_FINISH_DONE;
	return round + 1 < KVM_FINISH_ROUNDS ? KVM_FINISH_AGAIN
					     : KVM_FINISH_FAILED;
}

/*
 * The answer to an access KVM asks for while finishing: every caller of
 * kvm_state_finish_exit() gives the vCPU a new state right after (a reset,
 * L1's next entry for L2, L0's #GP at the doorbell), so the instruction is
 * abandoned there, as a reset or a fault abandons it on a real CPU.  Its
 * later pieces go to no device: a read gets all ones (what a PC's bus
 * answers when nothing does), a write goes nowhere.
 */
void kvm_finish_abandon(struct kvm_run *run, size_t run_size)
{
	uint64_t bytes = (uint64_t)run->io.size * run->io.count;

	if (run->exit_reason == KVM_EXIT_MMIO && !run->mmio.is_write)
		memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
	if (run->exit_reason == KVM_EXIT_IO &&
	    run->io.direction == KVM_EXIT_IO_IN &&
	    run->io.data_offset <= run_size &&
	    bytes <= run_size - run->io.data_offset)
		memset((char *)run + run->io.data_offset, 0xff, bytes);
}

int kvm_state_finish_exit(struct kvm_vcpu_state *s)
{
	uint32_t last = s->last_reason;
	unsigned gen = atomic_load(&s->kicks);
	__u8 kicked = s->run->immediate_exit;
	enum kvm_finish_step step = KVM_FINISH_AGAIN;
	int ret;

	if (last != KVM_EXIT_IO && last != KVM_EXIT_MMIO)
		return 0;
	s->run->immediate_exit = 1;
	for (unsigned round = 0; step == KVM_FINISH_AGAIN; round++) {
		ret = ioctl(s->vcpu_fd, KVM_RUN, 0);
		step = kvm_finish_next(ret, ret < 0 ? errno : 0,
				       s->run->exit_reason, round);
		if (step == KVM_FINISH_AGAIN)
			kvm_finish_abandon(s->run, s->run_size);
	}
	kvm_kick_restore(s, gen, kicked);
	s->last_reason = KVM_EXIT_INTR;
	return step == KVM_FINISH_DONE ? kvm_regs_load(s) : -EIO;
}

/* RIP past the instruction a software event stands for. */
static int skip_insn(struct kvm_vcpu_state *s, uint32_t insn_len)
{
	struct vcpu_regs r;
	int err = kvm_state_get_regs(s, &r);

	if (err)
		return err;
	r.rip += insn_len;
	return kvm_state_set_regs(s, &r);
}

/*
 * What KVM still holds at an exit and a new state must not inherit: an
 * exception queued or being delivered, an interrupt or NMI being delivered.
 * The #DB KVM queues when it completes an instruction under RFLAGS.TF
 * (x86.c, kvm_skip_emulated_instruction() -> kvm_vcpu_do_singlestep():
 * kvm_queue_exception_p(vcpu, DB_VECTOR, DR6_BS)) is the common one: KVM
 * finishes an OUT at the next KVM_RUN, a HLT before it exits.  Without
 * KVM_CAP_EXCEPTION_PAYLOAD, KVM_GET_VCPU_EVENTS reports such a pending
 * exception as injected, and written back unchanged it is delivered at the
 * next run whatever the new state is.  A pending NMI (a request, not a
 * delivery under way: the in-kernel LAPIC's) stays.
 */
void kvm_events_clear_held(struct kvm_vcpu_events *ev)
{
	ev->exception.injected = 0;
	ev->exception.pending = 0;
	ev->interrupt.injected = 0;
	ev->interrupt.soft = 0;
	ev->nmi.injected = 0;
}

/* The blocking in ev (VMX's interruptibility bits), written with
 * KVM_VCPUEVENT_VALID_SHADOW so KVM takes the shadow too. */
void kvm_events_put_blocking(struct kvm_vcpu_events *ev, uint32_t blocking)
{
	ev->nmi.masked = !!(blocking & NESTED_BLOCK_BY_NMI);
	ev->interrupt.shadow =
		(blocking & NESTED_BLOCK_BY_STI ? KVM_X86_SHADOW_INT_STI : 0) |
		(blocking & NESTED_BLOCK_BY_MOV_SS ? KVM_X86_SHADOW_INT_MOV_SS
						    : 0);
	ev->flags |= KVM_VCPUEVENT_VALID_SHADOW;
}

bool kvm_events_put(struct kvm_vcpu_events *ev, uint32_t info, uint32_t error)
{
	uint32_t type = info & NESTED_INTR_TYPE_MASK;
	uint8_t vector = (uint8_t)(info & NESTED_INTR_VECTOR_MASK);

	if (!(info & NESTED_INTR_VALID))
		return false;
	if (type == NESTED_INTR_NMI) {
		ev->nmi.injected = 1;
		return false;
	}
	if (type == NESTED_INTR_HW_EXCEPTION && vector != 2) {
		ev->exception.injected = 1;
		ev->exception.nr = vector;
		ev->exception.has_error_code = !!(info & NESTED_INTR_HAS_ERROR);
		ev->exception.error_code = error;
		return false;
	}
	/* KVM refuses an exception numbered 2 (EINVAL), which VMX lets L1
	 * inject as a hardware exception: as an interrupt it pushes the same
	 * frame (no error code, no DPL check) */
	ev->interrupt.injected = 1;
	ev->interrupt.nr = vector;
	ev->interrupt.soft = 0;
	return type != NESTED_INTR_EXTERNAL && type != NESTED_INTR_HW_EXCEPTION;
}

/*
 * One KVM_GET_VCPU_EVENTS, the held events cleared, blocking (NULL: as
 * KVM has it) and the event put in, one KVM_SET_VCPU_EVENTS: the state
 * is whole in a single write, nothing of the old one left behind.
 */
static int set_events(struct kvm_vcpu_state *s, const uint32_t *blocking,
		      uint32_t info, uint32_t error, uint32_t insn_len)
{
	struct kvm_vcpu_events ev;
	int err = 0;

	if (ioctl(s->vcpu_fd, KVM_GET_VCPU_EVENTS, &ev) < 0)
		return -errno;
	kvm_events_clear_held(&ev);
	if (blocking)
		kvm_events_put_blocking(&ev, *blocking);
	if (kvm_events_put(&ev, info, error))
		err = skip_insn(s, insn_len);
	if (!err && ioctl(s->vcpu_fd, KVM_SET_VCPU_EVENTS, &ev) < 0)
		err = -errno;
	return err;
}

int kvm_state_enter_events(struct kvm_vcpu_state *s, uint32_t blocking,
			   uint32_t info, uint32_t error, uint32_t insn_len)
{
	return set_events(s, &blocking, info, error, insn_len);
}

/*
 * The exception info describes, raised at rip instead of the instruction
 * that exited there.  KVM completes that instruction first (an OUT: at the
 * next KVM_RUN, kvm_state_finish_exit()), and under RFLAGS.TF completing
 * it queues a #DB whose payload, DR6.BS, KVM writes into DR6 as soon as
 * user space reads the vCPU's events, special or debug registers
 * (x86.c, kvm_handle_exception_payload_quirk(), without
 * KVM_CAP_EXCEPTION_PAYLOAD).  A CPU raising the fault at the instruction
 * does neither: the #DB goes with the other held events, and DR6 is put
 * back as it was before the finish (KVM_GET/SET_DEBUGREGS).
 */
int kvm_state_fault_at(struct kvm_vcpu_state *s, uint64_t rip, uint32_t info,
		       uint32_t error)
{
	struct kvm_debugregs dbg;
	struct vcpu_regs r;
	int err = 0;

	if (ioctl(s->vcpu_fd, KVM_GET_DEBUGREGS, &dbg) < 0)
		return -errno;
	err = kvm_state_finish_exit(s);
	if (!err)
		err = kvm_state_get_regs(s, &r);
	if (!err) {
		r.rip = rip;
		err = kvm_state_set_regs(s, &r);
	}
	if (!err)
		err = set_events(s, NULL, info, error, 0);
	if (!err && ioctl(s->vcpu_fd, KVM_SET_DEBUGREGS, &dbg) < 0)
		err = -errno;
	return err;
}

/* #UD, the exception KVM queues when its emulator gives up. */
#define VECTOR_UD 6

bool kvm_events_drop_ud(struct kvm_vcpu_events *ev)
{
	if ((!ev->exception.injected && !ev->exception.pending) ||
	    ev->exception.nr != VECTOR_UD)
		return false;
	ev->exception.injected = 0;
	ev->exception.pending = 0;
	return true;
}

int kvm_state_drop_ud(struct kvm_vcpu_state *s)
{
	struct kvm_vcpu_events ev;

	if (ioctl(s->vcpu_fd, KVM_GET_VCPU_EVENTS, &ev) < 0)
		return -errno;
	if (kvm_events_drop_ud(&ev) &&
	    ioctl(s->vcpu_fd, KVM_SET_VCPU_EVENTS, &ev) < 0)
		return -errno;
	return 0;
}

uint32_t kvm_events_blocking(const struct kvm_vcpu_events *ev)
{
	return (ev->nmi.masked ? NESTED_BLOCK_BY_NMI : 0) |
	       (ev->interrupt.shadow & KVM_X86_SHADOW_INT_STI ?
			NESTED_BLOCK_BY_STI : 0) |
	       (ev->interrupt.shadow & KVM_X86_SHADOW_INT_MOV_SS ?
			NESTED_BLOCK_BY_MOV_SS : 0) |
	       (ev->exception.injected || ev->exception.pending ||
		ev->interrupt.injected || ev->nmi.injected ?
			NESTED_HELD_BY_EVENT : 0);
}

/*
 * The event whose delivery KVM stopped at: VMX's IDT-vectoring information
 * (0: none), its error code in *error.  KVM requeues such an event from
 * the exit's vectoring information (vmx.c, vmx_complete_interrupts()) and
 * reports it as injected - but never a software one (x86.c,
 * kvm_vcpu_ioctl_x86_get_vcpu_events(): an exception only when
 * !kvm_exception_is_soft(), interrupt.soft always 0): an INT n, INT3 or
 * INTO cut short leaves RIP at its instruction and is done again when the
 * instruction runs again.
 */
uint32_t kvm_events_vectoring(const struct kvm_vcpu_events *ev,
			      uint32_t *error)
{
	*error = 0;
	if (ev->nmi.injected)
		return NESTED_INTR_VALID | NESTED_INTR_NMI | 2;
	if (ev->exception.injected) {
		if (!ev->exception.has_error_code)
			return NESTED_INTR_VALID | NESTED_INTR_HW_EXCEPTION |
			       ev->exception.nr;
		*error = ev->exception.error_code;
		return NESTED_INTR_VALID | NESTED_INTR_HW_EXCEPTION |
		       NESTED_INTR_HAS_ERROR | ev->exception.nr;
	}
	if (ev->interrupt.injected)
		return NESTED_INTR_VALID | NESTED_INTR_EXTERNAL |
		       ev->interrupt.nr;
	return 0;
}

int kvm_state_events(struct kvm_vcpu_state *s, struct kvm_vcpu_events *ev)
{
	return ioctl(s->vcpu_fd, KVM_GET_VCPU_EVENTS, ev) < 0 ? -errno : 0;
}
