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
 * first instruction, and the blocking of NMIs (nmi.masked) both ways (api.rst, "KVM_SET_VCPU_EVENTS").  A software
 * interrupt cannot be given its instruction length there (KVM uses the
 * length of the last exit's instruction), so RIP is moved past the
 * instruction and the vector goes in as an interrupt: the frame is the
 * same, but the gate's DPL is not checked and a fault on the way has EXT
 * set - docs/NESTING.md says so.  None of this has run here: the machine
 * it was written on has no /dev/kvm.
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "guest/abi/nested.h"
#include "kvm/kvm_vcpu.h"

int kvm_state_finish_exit(struct kvm_vcpu_state *s)
{
	uint32_t last = s->last_reason;
	__u8 kicked = s->run->immediate_exit;

	if (last != KVM_EXIT_IO && last != KVM_EXIT_MMIO)
		return 0;
	s->run->immediate_exit = 1;
	if (ioctl(s->vcpu_fd, KVM_RUN, 0) == 0 || errno != EINTR)
		return -EIO;
	s->run->immediate_exit = kicked;
	s->last_reason = KVM_EXIT_INTR;
	return kvm_regs_load(s);
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

int kvm_state_nmi_blocked(struct kvm_vcpu_state *s, bool *blocked)
{
	struct kvm_vcpu_events ev;

	if (ioctl(s->vcpu_fd, KVM_GET_VCPU_EVENTS, &ev) < 0)
		return -errno;
	*blocked = ev.nmi.masked;
	return 0;
}

int kvm_state_set_nmi_blocked(struct kvm_vcpu_state *s, bool blocked)
{
	struct kvm_vcpu_events ev;

	if (ioctl(s->vcpu_fd, KVM_GET_VCPU_EVENTS, &ev) < 0)
		return -errno;
	ev.nmi.masked = blocked;
	if (ioctl(s->vcpu_fd, KVM_SET_VCPU_EVENTS, &ev) < 0)
		return -errno;
	return 0;
}
