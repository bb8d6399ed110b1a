/*
 * kvm/kvm_debug.c - stopping the guest on purpose: KVM_SET_GUEST_DEBUG.
 *
 * One ioctl sets both single-stepping and the hardware breakpoints, so this
 * file keeps the whole request in the backend state and resends it on every
 * change.  The debug registers are laid out as in the Intel SDM vol. 3,
 * section 18.2 (AMD APM vol. 2, 13.1.1): DR0-DR3 hold linear addresses,
 * DR7 enables each and says what it watches.  Either way a hit stops the
 * vCPU with KVM_EXIT_DEBUG instead of raising #DB in the guest.
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "kvm/kvm.h"
#include "kvm/kvm_vcpu.h"

/* DR7 (SDM vol. 3 fig. 18-1) */
#define DR7_L(n)        (1ULL << (2 * (n)))      /* local enable, DRn */
#define DR7_G(n)        (1ULL << (2 * (n) + 1))  /* global enable, DRn */
/* Bits 16-31 hold RWn and LENn per register; 00 and 00 - break on
 * instruction execution - is what this file wants, so they stay zero. */
#define DR7_INDEX       7                /* debugreg[] slot of DR7 */

static int send_debug(struct kvm_vcpu_state *s)
{
	if (s->debug.control & ~(uint32_t)KVM_GUESTDBG_ENABLE)
		s->debug.control |= KVM_GUESTDBG_ENABLE;
	else
		s->debug.control = 0;
	if (ioctl(s->vcpu_fd, KVM_SET_GUEST_DEBUG, &s->debug) < 0)
		return -errno;
	return 0;
}

int kvm_set_single_step(struct vm *vm, bool on)
{
	struct kvm_vcpu_state *s = kvm_state(vm);

	if (on)
		s->debug.control |= KVM_GUESTDBG_SINGLESTEP;
	else
		s->debug.control &= ~(uint32_t)KVM_GUESTDBG_SINGLESTEP;
	return send_debug(s);
}

/*
 * KVM single-steps by setting TF in the guest's RFLAGS, and sets it again
 * after RFLAGS is written only while the vCPU is at the linear RIP that
 * KVM_SET_GUEST_DEBUG recorded (x86.c, __kvm_set_rflags():
 * kvm_is_linear_rip(vcpu, vcpu->arch.singlestep_rip)).  So TF is lost
 * when vmscope writes the registers at another RIP - the entry state,
 * which goes in at the first KVM_RUN after single-stepping was asked for;
 * a reset; L0 moving L1's RIP - and after any instruction KVM's emulator
 * runs (string I/O, MMIO: it writes back RFLAGS as read with TF masked).
 * The guest then runs on unstepped.  So before each KVM_RUN while
 * stepping, the registers vmscope wrote into the sync-regs page go to KVM
 * now (KVM_SET_SREGS, then KVM_SET_REGS: at KVM_RUN they would be loaded
 * after what follows), and KVM_SET_GUEST_DEBUG is sent again: it records
 * the RIP the vCPU is at and sets TF there.  QEMU does the same: guest
 * debug is set last, after the registers (kvm_arch_put_registers()).
 */
int kvm_debug_before_step(struct kvm_vcpu_state *s)
{
	__u64 dirty = s->run->kvm_dirty_regs;

	if ((dirty & KVM_SYNC_X86_SREGS) &&
	    ioctl(s->vcpu_fd, KVM_SET_SREGS, s->sregs) < 0)
		return -errno;
	if ((dirty & KVM_SYNC_X86_REGS) &&
	    ioctl(s->vcpu_fd, KVM_SET_REGS, s->regs) < 0)
		return -errno;
	s->run->kvm_dirty_regs &= ~(__u64)(KVM_SYNC_X86_SREGS |
					   KVM_SYNC_X86_REGS);
	return send_debug(s);
}

bool kvm_debug_breakpoint_at(const struct kvm_vcpu_state *s, uint64_t rip)
{
	uint64_t dr7 = s->debug.arch.debugreg[DR7_INDEX];

	if (!(s->debug.control & KVM_GUESTDBG_USE_HW_BP))
		return false;
	for (unsigned i = 0; i < KVM_HW_BREAKPOINTS; i++)
		if ((dr7 & DR7_L(i)) && s->debug.arch.debugreg[i] == rip)
			return true;
	return false;
}

int kvm_set_hw_breakpoints(struct vm *vm, const uint64_t *addrs, unsigned n)
{
	struct kvm_vcpu_state *s = kvm_state(vm);
	uint64_t dr7 = 0;

	if (vm->backend != &kvm_backend_ops || !s)
		return -EINVAL;
	if (n > KVM_HW_BREAKPOINTS)
		return -E2BIG;
	for (unsigned i = 0; i < KVM_HW_BREAKPOINTS; i++) {
		s->debug.arch.debugreg[i] = i < n ? addrs[i] : 0;
		if (i < n)
			dr7 |= DR7_L(i) | DR7_G(i);
	}
	s->debug.arch.debugreg[DR7_INDEX] = dr7;
	if (n)
		s->debug.control |= KVM_GUESTDBG_USE_HW_BP;
	else
		s->debug.control &= ~(uint32_t)KVM_GUESTDBG_USE_HW_BP;
	return send_debug(s);
}
