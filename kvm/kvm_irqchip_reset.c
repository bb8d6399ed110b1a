/*
 * kvm/kvm_irqchip_reset.c - the in-kernel irqchip's power-on state, kept
 * for a machine reset (--irqchip kernel).
 *
 * After KVM_CREATE_IRQCHIP, KVM holds interrupt controllers that the rest
 * of vmscope's reset (kvm/kvm_reset.c, core/vm.c) does not reach: the
 * VM's two 8259s and its IOAPIC, and the vCPU's local APIC.  A guest
 * leaves its mark in all of them - the 8259s' vector bases, masks,
 * requests and in-service bits; IOAPIC redirection entries; the LAPIC's
 * TPR, SVR, LVTs, timer and pending vectors; the APIC base MSR itself
 * (moved, disabled, switched to x2APIC) - and a reboot that kept any of
 * it would start the new guest with an interrupt in service, a line
 * masked or a LAPIC timer running that a fresh machine does not have.
 *
 * Why the state is read back from KVM, not written out by hand: the
 * power-on values are partly the SDM's (LAPIC: ID 0, TPR 0, SVR 0xff -
 * software-disabled -, every LVT masked, DFR all ones; APIC base
 * 0xfee00900: enabled, BSP) and partly KVM's own choices (LVT0 in ExtINT
 * mode for the BSP, so the 8259 reaches it; the ELCR masks of the 8259s;
 * the version register after KVM_SET_CPUID2; every IOAPIC pin masked).
 * So kvm_irqchip_power_on_save() reads each one right after the chips
 * and the vCPU were created, before the guest ever ran, and a reset puts
 * exactly those bytes back (kvm_irqchip_power_on_restore()): a reset
 * machine equals a fresh one by construction, on any KVM version.
 *
 * The restore's order matters:
 *
 *   1. KVM_SET_IRQCHIP for the master 8259, the slave, the IOAPIC;
 *   2. the APIC base MSR (IA32_APIC_BASE by KVM_SET_MSRS): KVM_SET_LAPIC
 *      reads its register page in the mode the base selects - in x2APIC
 *      mode the ID has another format and KVM recomputes the LDR from it
 *      - so the base goes first, as QEMU's kvm_apic_put() does;
 *   3. KVM_SET_LAPIC: the 1 KiB register page (struct kvm_lapic_state);
 *      with TMICT 0 it also stops a LAPIC timer the guest armed;
 *   4. KVM_SET_MP_STATE: runnable, as a new BSP - a vCPU reset while it
 *      waited in HLT inside the kernel would otherwise go on waiting.
 *
 * Not in these structs: the level of each line.  KVM keeps it per source
 * (vmscope's KVM_IRQ_LINE, each resample irqfd) apart from the chips'
 * registers; core/vm.c drives every line again after a reset, as after
 * creation, and takes the card's irqfd down and up (core/vm_net.c).
 *
 * Every ioctl goes through a kvm_ioctl_fn, so that a unit test can put a
 * fake KVM behind it (tests/unit/test_kvm_irqchip_reset.c).
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "kvm/kvm_vcpu.h"

#define MSR_IA32_APIC_BASE 0x0000001b

/* The VM's chips, in the order they are written back. */
static const uint32_t chip_ids[KVM_POWER_ON_CHIPS] = {
	KVM_IRQCHIP_PIC_MASTER, KVM_IRQCHIP_PIC_SLAVE, KVM_IRQCHIP_IOAPIC,
};

int kvm_ioctl_sys(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg);
}

/* One ioctl; 0, or -errno with *what naming it. */
static int call(kvm_ioctl_fn io, int fd, unsigned long req, void *arg,
		const char *name, const char **what)
{
	if (io(fd, req, arg) >= 0)
		return 0;
	*what = name;
	return errno ? -errno : -EIO;
}

/* KVM_GET/SET_MSRS answer with the number of MSRs done. */
static int call_msr(kvm_ioctl_fn io, int fd, unsigned long req,
		    struct kvm_apic_base_msr *m, const char *name,
		    const char **what)
{
	int n = io(fd, req, m);

	if (n == 1)
		return 0;
	*what = name;
	return n < 0 && errno ? -errno : -EIO;
}

int kvm_irqchip_power_on_save(struct kvm_irqchip_power_on *p, int vm_fd,
			      int vcpu_fd, kvm_ioctl_fn io, const char **what)
{
	int err = 0;

	for (unsigned i = 0; i < KVM_POWER_ON_CHIPS && !err; i++) {
		p->chip[i] = (struct kvm_irqchip){ .chip_id = chip_ids[i] };
		err = call(io, vm_fd, KVM_GET_IRQCHIP, &p->chip[i],
			   "KVM_GET_IRQCHIP", what);
	}
	p->apic_base = (struct kvm_apic_base_msr){
		.head.nmsrs = 1, .entry.index = MSR_IA32_APIC_BASE };
	if (!err)
		err = call_msr(io, vcpu_fd, KVM_GET_MSRS, &p->apic_base,
			       "KVM_GET_MSRS(IA32_APIC_BASE)", what);
	if (!err)
		err = call(io, vcpu_fd, KVM_GET_LAPIC, &p->lapic,
			   "KVM_GET_LAPIC", what);
	if (!err)
		err = call(io, vcpu_fd, KVM_GET_MP_STATE, &p->mp_state,
			   "KVM_GET_MP_STATE", what);
	return err;
}

/* The ioctls take non-const pointers; KVM only reads them.  A copy keeps
 * the saved state untouched whatever the callee does. */
int kvm_irqchip_power_on_restore(const struct kvm_irqchip_power_on *p,
				 int vm_fd, int vcpu_fd, kvm_ioctl_fn io,
				 const char **what)
{
	struct kvm_irqchip_power_on c = *p;
	int err = 0;

	for (unsigned i = 0; i < KVM_POWER_ON_CHIPS && !err; i++)
		err = call(io, vm_fd, KVM_SET_IRQCHIP, &c.chip[i],
			   "KVM_SET_IRQCHIP", what);
	if (!err)
		err = call_msr(io, vcpu_fd, KVM_SET_MSRS, &c.apic_base,
			       "KVM_SET_MSRS(IA32_APIC_BASE)", what);
	if (!err)
		err = call(io, vcpu_fd, KVM_SET_LAPIC, &c.lapic,
			   "KVM_SET_LAPIC", what);
	if (!err)
		err = call(io, vcpu_fd, KVM_SET_MP_STATE, &c.mp_state,
			   "KVM_SET_MP_STATE", what);
	return err;
}
