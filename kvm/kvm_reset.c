/*
 * kvm/kvm_reset.c - the vCPU's power-on state, kept for a machine reset.
 *
 * A KVM vCPU holds more than the registers vmscope sets at every start:
 * events KVM has queued (an interrupt from KVM_INTERRUPT not yet delivered,
 * an exception, an NMI, the STI/MOV SS shadow), the FPU and SSE registers
 * and the rest of the XSAVE state (AVX's upper halves and whatever else
 * the host's XSAVE holds: KVM_GET_XSAVE where KVM_CAP_XSAVE says so; the
 * older KVM_GET_FPU has x87 and SSE only),
 * the extended control registers, the debug registers DR0-DR7 and the
 * MSRs a guest writes (SYSCALL's STAR/LSTAR/SFMASK, SYSENTER, PAT, ...,
 * and KVM's paravirtual ones: kvmclock's address, which KVM keeps writing).
 * A reboot must not carry any of them into the new run - an interrupt
 * still queued from before the reset would be delivered at the entry
 * point, through an IDT of limit 0: #GP, #DF, triple fault.
 *
 * So right after the vCPU is created (kvm_reset_save(), before it ever
 * runs) this file reads each of these parts with its KVM_GET_* ioctl, and
 * a reset (kvm_reset_vcpu()) writes them back with KVM_SET_*: a reset vCPU
 * is the created one again.  A part this KVM cannot read and write back
 * (an old kernel without KVM_GET_XCRS, an MSR the host does not have) is
 * left out, so that a reset never fails on it.  Left alone on purpose: what
 * KVM_SET_GUEST_DEBUG set (single-step, breakpoints), which is vmscope's
 * debugger's, not the guest's; and run->immediate_exit, a kick not yet
 * seen.  With the in-kernel irqchip the chips' state is kept and put
 * back too (kvm/kvm_irqchip_reset.c), after the vCPU's own parts.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "kvm/kvm_vcpu.h"

#define MSR_IA32_TSC 0x00000010

/*
 * The MSRs a 64-bit guest can change whose values sregs do not hold (EFER,
 * FS and GS bases are in sregs); SDM vol. 4, table 2-2.  Then KVM's own
 * (Documentation/virt/kvm/x86/msr.rst): the guest sees KVM's CPUID leaves
 * 0x40000000-0x40000001 (vmscope gives it all KVM supports, as a Linux
 * guest expects), and a guest that turns on kvmclock, steal time, async
 * page faults or PV EOI gives KVM a guest-physical address it keeps
 * writing to.  Across a reset KVM would go on writing into the fresh
 * image at those addresses; written back with their power-on values (0:
 * off) they stop, as QEMU writes them at a reset (kvm_put_msrs(),
 * KVM_PUT_RESET_STATE).  Hiding KVM's leaves instead would keep a guest
 * from ever seeing them - a reset must not change what CPUID says.
 */
const uint32_t kvm_reset_msrs[] = {
	MSR_IA32_TSC, /* IA32_TIME_STAMP_COUNTER: see reset_tsc() */
	0x0000003b,   /* IA32_TSC_ADJUST: a guest's write moved the TSC */
	0x00000174,   /* IA32_SYSENTER_CS */
	0x00000175,   /* IA32_SYSENTER_ESP */
	0x00000176,   /* IA32_SYSENTER_EIP */
	0x000001a0,   /* IA32_MISC_ENABLE */
	0x00000277,   /* IA32_PAT */
	0xc0000081,   /* IA32_STAR */
	0xc0000082,   /* IA32_LSTAR */
	0xc0000083,   /* IA32_CSTAR */
	0xc0000084,   /* IA32_FMASK */
	0xc0000102,   /* IA32_KERNEL_GS_BASE */
	0xc0000103,   /* IA32_TSC_AUX */
	0x00000012,   /* MSR_KVM_SYSTEM_TIME: kvmclock, old number */
	0x4b564d01,   /* MSR_KVM_SYSTEM_TIME_NEW: kvmclock */
	0x4b564d02,   /* MSR_KVM_ASYNC_PF_EN */
	0x4b564d03,   /* MSR_KVM_STEAL_TIME */
	0x4b564d04,   /* MSR_KVM_PV_EOI_EN */
	0x4b564d05,   /* MSR_KVM_POLL_CONTROL (power-on: 1) */
	0x4b564d06,   /* MSR_KVM_ASYNC_PF_INT */
};
const size_t kvm_reset_msr_count =
	sizeof(kvm_reset_msrs) / sizeof(kvm_reset_msrs[0]);
#define GUEST_MSRS (sizeof(kvm_reset_msrs) / sizeof(kvm_reset_msrs[0]))

struct kvm_power_on {
	struct kvm_vcpu_events events;
	struct kvm_xsave xsave;
	struct kvm_fpu fpu;
	struct kvm_xcrs xcrs;
	struct kvm_debugregs debugregs;
	unsigned saved;                 /* bit i: parts[i] was read */
	struct kvm_irqchip_power_on chips; /* with s->irqchip */
	struct {
		struct kvm_msrs head;
		struct kvm_msr_entry entry[GUEST_MSRS];
	} msrs;                         /* head.nmsrs: those KVM has */
};

/* One part: the ioctls that read and write it, where it is kept, and the
 * capability KVM must report for them (0: none needed). */
struct power_on_part {
	unsigned long get, set;
	size_t offset;
	int cap;
};

/*
 * Written back in this order.  XSAVE's state includes the FPU's x87 and
 * SSE registers; KVM_SET_FPU after it writes the same power-on values
 * again, and is all there is where KVM has no XSAVE.
 */
static const struct power_on_part parts[] = {
	{ KVM_GET_VCPU_EVENTS, KVM_SET_VCPU_EVENTS,
	  offsetof(struct kvm_power_on, events), 0 },
	{ KVM_GET_XSAVE, KVM_SET_XSAVE, offsetof(struct kvm_power_on, xsave),
	  KVM_CAP_XSAVE },
	{ KVM_GET_FPU, KVM_SET_FPU, offsetof(struct kvm_power_on, fpu), 0 },
	{ KVM_GET_XCRS, KVM_SET_XCRS, offsetof(struct kvm_power_on, xcrs),
	  0 },
	{ KVM_GET_DEBUGREGS, KVM_SET_DEBUGREGS,
	  offsetof(struct kvm_power_on, debugregs), 0 },
};
#define PARTS (sizeof(parts) / sizeof(parts[0]))

/* Each MSR alone: KVM_GET_MSRS stops at the first one it does not have.
 * One is kept only if KVM also takes it back (the vCPU has not run yet,
 * so writing the value just read changes nothing): then the reset's
 * KVM_SET_MSRS cannot fail on an MSR this host only half supports. */
static void save_msrs(struct kvm_vcpu_state *s, struct kvm_power_on *p)
{
	struct {
		struct kvm_msrs head;
		struct kvm_msr_entry entry;
	} one;

	for (size_t i = 0; i < GUEST_MSRS; i++) {
		one.head = (struct kvm_msrs){ .nmsrs = 1 };
		one.entry = (struct kvm_msr_entry){ .index = kvm_reset_msrs[i] };
		if (ioctl(s->vcpu_fd, KVM_GET_MSRS, &one) == 1 &&
		    ioctl(s->vcpu_fd, KVM_SET_MSRS, &one) == 1)
			p->msrs.entry[p->msrs.head.nmsrs++] = one.entry;
	}
}

int kvm_reset_save(struct kvm_vcpu_state *s, const char **what)
{
	struct kvm_power_on *p = calloc(1, sizeof(*p));
	int err;

	*what = "the vCPU's power-on state";
	if (!p)
		return -ENOMEM;
	for (size_t i = 0; i < PARTS; i++) {
		void *part = (char *)p + parts[i].offset;

		if (parts[i].cap &&
		    ioctl(s->vm_fd, KVM_CHECK_EXTENSION, parts[i].cap) <= 0)
			continue;
		/* kept only if KVM takes it back, as the MSRs */
		if (ioctl(s->vcpu_fd, parts[i].get, part) == 0 &&
		    ioctl(s->vcpu_fd, parts[i].set, part) == 0)
			p->saved |= 1u << i;
	}
	save_msrs(s, p);
	/* The chips are not optional like the parts above: a reset that
	 * left one as the guest had it would be no fresh machine. */
	err = s->irqchip ? kvm_irqchip_power_on_save(&p->chips, s->vm_fd,
						     s->vcpu_fd, kvm_ioctl_sys,
						     what)
			 : 0;
	if (err) {
		free(p);
		return err;
	}
	s->power_on = p;
	return 0;
}

void kvm_reset_free(struct kvm_vcpu_state *s)
{
	free(s->power_on);
	s->power_on = NULL;
}

/*
 * The TSC as it was at creation.  Writing IA32_TSC back is not enough:
 * KVM takes a host write within a second of the previous one as an
 * attempt to keep vCPUs in sync and keeps the current offset (x86.c,
 * kvm_synchronize_tsc(): "a user-initiated TSC write has a small delta (1
 * second) of virtual cycle time against the previously set vCPU"), so a
 * guest that reboots often would keep its TSC counting from creation.
 * Where KVM has the vCPU's TSC offset as an attribute (KVM_VCPU_TSC_CTRL,
 * Linux 5.16), which it sets with no such rule, the offset is moved back
 * by what the TSC counted since creation.  Elsewhere the MSR write stands.
 */
uint64_t kvm_reset_tsc_offset(uint64_t offset, uint64_t tsc_now,
			      uint64_t tsc_power_on)
{
	return offset - (tsc_now - tsc_power_on);   /* modulo 2^64 */
}

static int reset_tsc(struct kvm_vcpu_state *s, const struct kvm_power_on *p)
{
	uint64_t offset;
	struct kvm_device_attr attr = {
		.group = KVM_VCPU_TSC_CTRL, .attr = KVM_VCPU_TSC_OFFSET,
		.addr = (uint64_t)(uintptr_t)&offset,
	};
	struct {
		struct kvm_msrs head;
		struct kvm_msr_entry entry;
	} tsc = { .head.nmsrs = 1, .entry.index = MSR_IA32_TSC };
	const struct kvm_msr_entry *power_on = NULL;

	for (uint32_t i = 0; i < p->msrs.head.nmsrs; i++)
		if (p->msrs.entry[i].index == MSR_IA32_TSC)
			power_on = &p->msrs.entry[i];
	if (!power_on || ioctl(s->vcpu_fd, KVM_HAS_DEVICE_ATTR, &attr) < 0)
		return 0;
	if (ioctl(s->vcpu_fd, KVM_GET_DEVICE_ATTR, &attr) < 0)
		return -errno;
	if (ioctl(s->vcpu_fd, KVM_GET_MSRS, &tsc) != 1)
		return -EIO;
	offset = kvm_reset_tsc_offset(offset, tsc.entry.data, power_on->data);
	return ioctl(s->vcpu_fd, KVM_SET_DEVICE_ATTR, &attr) < 0 ? -errno : 0;
}

/* Everything kvm_reset_save() read, written back; then the flags KVM
 * reports at an exit read as they do before the first KVM_RUN: not ready
 * for an interrupt, so none goes in before the guest has run. */
int kvm_reset_vcpu(struct vm *vm)
{
	struct kvm_vcpu_state *s = kvm_state(vm);
	struct kvm_power_on *p = s->power_on;
	const char *what;
	int n = kvm_state_finish_exit(s);

	/* The exit the reset came in (the OUT to the i8042 that pulsed the
	 * reset line, an outsb, an MMIO store) is finished first: KVM does
	 * that at the next KVM_RUN, after loading the registers vmscope
	 * wrote, and an instruction its emulator ran writes the old RIP, RSI
	 * and RCX back over the fresh state (api.rst: for KVM_EXIT_IO and
	 * KVM_EXIT_MMIO "the corresponding operations are complete (and guest
	 * state is consistent) only after userspace has re-entered the kernel
	 * with KVM_RUN"). */
	if (n)
		return n;
	for (size_t i = 0; i < PARTS; i++)
		if ((p->saved & (1u << i)) &&
		    ioctl(s->vcpu_fd, parts[i].set,
			  (char *)p + parts[i].offset) < 0)
			return -errno;
	n = ioctl(s->vcpu_fd, KVM_SET_MSRS, &p->msrs);
	if (n < 0)
		return -errno;
	if (n != (int)p->msrs.head.nmsrs)
		return -EIO;   /* KVM refused the MSR at index n */
	n = reset_tsc(s, p);
	if (n)
		return n;
	n = s->irqchip ? kvm_irqchip_power_on_restore(&p->chips, s->vm_fd,
						      s->vcpu_fd,
						      kvm_ioctl_sys, &what)
		       : 0;
	if (n)
		return n;
	s->run->request_interrupt_window = 0;
	s->run->ready_for_interrupt_injection = 0;
	s->run->if_flag = 0;
	s->last_reason = KVM_EXIT_INTR;   /* no exit left to complete */
	return 0;
}
