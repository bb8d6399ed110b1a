/*
 * tests/unit/support/fake_kvm.h - a KVM vCPU the backend's code talks to
 * through ioctl(2), for unit tests linked with -Wl,--wrap=ioctl (the
 * rule in tests/tests.mk): the KVM backend's own functions run, unchanged,
 * on hosts without /dev/kvm.
 *
 * The fake keeps what x86.c keeps of a vCPU, as far as the tests need: the
 * registers, DR6, the event queue (an exception pending or injected, with
 * its payload; an interrupt and an NMI being delivered; the blocking) and
 * the completion of an OUT.  It behaves as KVM does there:
 *   - KVM_RUN first completes the OUT the last exit left (RIP past it; under
 *     RFLAGS.TF a #DB pending with payload DR6.BS: kvm_skip_emulated_
 *     instruction()), then returns -EINTR if immediate_exit is set, else
 *     "enters": the event held is delivered (recorded in delivered_info,
 *     in VMX's format; an exception still pending counts) and the exit
 *     the test scripted is returned;
 *   - KVM_GET_VCPU_EVENTS, _SREGS and _DEBUGREGS write a pending
 *     exception's payload into DR6 first, and report the pending exception
 *     as injected (no KVM_CAP_EXCEPTION_PAYLOAD:
 *     kvm_handle_exception_payload_quirk());
 *   - KVM_SET_VCPU_EVENTS takes the exception as injected, drops pending
 *     ones, and the shadow only with KVM_VCPUEVENT_VALID_SHADOW.
 * Every other request on a fake descriptor succeeds and does nothing; on
 * any other descriptor the real ioctl runs.
 */
#ifndef TESTS_UNIT_SUPPORT_FAKE_KVM_H
#define TESTS_UNIT_SUPPORT_FAKE_KVM_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/kvm.h>

#include "kvm/kvm_nested.h"
#include "kvm/kvm_vcpu.h"

#define FAKE_KVM_VCPUS 2
#define FAKE_KVM_RUN_SIZE 4096
#define FAKE_DR6_BS (1u << 14)

struct fake_vcpu {
	int fd;
	struct kvm_run *run;
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	struct kvm_debugregs dbg;
	struct fake_exception {
		bool pending, injected, has_error, has_payload;
		uint8_t nr;
		uint32_t error;
		uint64_t payload;
	} ex;
	bool irq_injected, nmi_injected, nmi_masked;
	uint8_t irq_nr, shadow;
	uint8_t out_len;             /* an OUT of this length to complete */
	uint32_t exit_reason;        /* what an entry returns */
	bool stops_in_delivery;      /* ... while delivering the event it
					holds, which stays held (KVM requeues
					it: vmx_complete_interrupts()) */
	uint32_t delivered_info;     /* the event the last entry delivered */
	unsigned runs, entries, irqfds;
	struct kvm_irqfd last_irqfd;
};

/* vCPU i (fd 1000 + i), its run page zeroed, nothing held; state: a
 * kvm_vcpu_state on it (no sync regs, its own regs). */
struct fake_vcpu *fake_kvm_vcpu(unsigned i);
void fake_kvm_state(struct kvm_vcpu_state *state, struct fake_vcpu *v);
void fake_kvm_free(void);

/* A machine at the nesting stage on the fake: L1's vCPU on fake vCPU 0
 * (the vCPU thread: this one), L2's context on vCPU 1, not yet published
 * for kicks, with no slot and an empty shadow; 4 MiB of RAM.  The kick
 * signal is installed. */
struct fake_kvm_nest {
	struct vm vm;
	struct kvm_vcpu_state l1;
	struct kvm_l2 *l2;
	struct nested_l0 *n;
	struct fake_vcpu *k1, *k2;
};

struct fake_kvm_nest *fake_kvm_nest_new(void);
void fake_kvm_nest_free(struct fake_kvm_nest *t);

#endif /* TESTS_UNIT_SUPPORT_FAKE_KVM_H */
