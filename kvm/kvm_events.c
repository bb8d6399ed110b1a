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
 * set - docs/NESTING.md says so.  None of this has run here: the machine
 * it was written on has no /dev/kvm.
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

int kvm_state_inject(struct kvm_vcpu_state *s, uint32_t info,
		     uint32_t error, uint32_t insn_len)
{
	uint32_t type = info & NESTED_INTR_TYPE_MASK;
	uint8_t vector = (uint8_t)(info & NESTED_INTR_VECTOR_MASK);
	struct kvm_vcpu_events ev;
	int err = 0;

	if (!(info & NESTED_INTR_VALID))
		return 0;
	if (ioctl(s->vcpu_fd, KVM_GET_VCPU_EVENTS, &ev) < 0)
		return -errno;
	if (type == NESTED_INTR_NMI) {
		ev.nmi.injected = 1;
	} else if (type == NESTED_INTR_HW_EXCEPTION && vector != 2) {
		ev.exception.injected = 1;
		ev.exception.nr = vector;
		ev.exception.has_error_code = !!(info & NESTED_INTR_HAS_ERROR);
		ev.exception.error_code = error;
	} else {
		/* KVM refuses an exception numbered 2 (EINVAL), which VMX
		 * lets L1 inject as a hardware exception: as an interrupt it
		 * pushes the same frame (no error code, no DPL check) */
		if (type != NESTED_INTR_EXTERNAL &&
		    type != NESTED_INTR_HW_EXCEPTION)
			err = skip_insn(s, insn_len);
		ev.interrupt.injected = 1;
		ev.interrupt.nr = vector;
		ev.interrupt.soft = 0;
	}
	if (!err && ioctl(s->vcpu_fd, KVM_SET_VCPU_EVENTS, &ev) < 0)
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

int kvm_state_blocking(struct kvm_vcpu_state *s, uint32_t *blocking)
{
	struct kvm_vcpu_events ev;

	if (ioctl(s->vcpu_fd, KVM_GET_VCPU_EVENTS, &ev) < 0)
		return -errno;
	*blocking = (ev.nmi.masked ? NESTED_BLOCK_BY_NMI : 0) |
		    (ev.interrupt.shadow & KVM_X86_SHADOW_INT_STI ?
			     NESTED_BLOCK_BY_STI : 0) |
		    (ev.interrupt.shadow & KVM_X86_SHADOW_INT_MOV_SS ?
			     NESTED_BLOCK_BY_MOV_SS : 0) |
		    (ev.exception.injected || ev.interrupt.injected ||
		     ev.nmi.injected ? NESTED_HELD_BY_EVENT : 0);
	return 0;
}

int kvm_state_set_blocking(struct kvm_vcpu_state *s, uint32_t blocking)
{
	struct kvm_vcpu_events ev;

	if (ioctl(s->vcpu_fd, KVM_GET_VCPU_EVENTS, &ev) < 0)
		return -errno;
	ev.nmi.masked = !!(blocking & NESTED_BLOCK_BY_NMI);
	ev.interrupt.shadow =
		(blocking & NESTED_BLOCK_BY_STI ? KVM_X86_SHADOW_INT_STI : 0) |
		(blocking & NESTED_BLOCK_BY_MOV_SS ? KVM_X86_SHADOW_INT_MOV_SS
						    : 0);
	ev.flags |= KVM_VCPUEVENT_VALID_SHADOW;
	if (ioctl(s->vcpu_fd, KVM_SET_VCPU_EVENTS, &ev) < 0)
		return -errno;
	return 0;
}
