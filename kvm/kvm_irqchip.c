/*
 * kvm/kvm_irqchip.c - KVM's in-kernel interrupt controller (--irqchip
 * kernel): KVM_CREATE_IRQCHIP, device lines by KVM_IRQ_LINE, and the
 * 8259's registers by KVM_GET_IRQCHIP for vmscope's own decisions and a
 * register view.
 *
 * Documentation/virt/kvm/api.rst: KVM_CREATE_IRQCHIP "creates an
 * interrupt controller model in the kernel.  On x86, creates a virtual
 * ioapic, a virtual PIC (two PICs, nested), and sets up future vcpus to
 * have a local APIC", and must come before KVM_CREATE_VCPU.  What changes
 * then for vmscope:
 *
 *   - the PIC's ports (0x20, 0xa0, the ELCR at 0x4d0) are handled in the
 *     kernel: the guest's EOIs and masks no longer exit, and vmscope's
 *     devices/pic8259.c stays idle;
 *   - a device raises its line with KVM_IRQ_LINE (GSI n = PIC input n in
 *     KVM's default routing); the kernel delivers the vector itself at
 *     the next entry (KVM_INTERRUPT is refused: the answer is -ENXIO);
 *   - the in-kernel LAPIC handles HLT: KVM_RUN blocks in the kernel until
 *     an interrupt comes, and KVM_EXIT_HLT is never returned (x86.c's
 *     __kvm_emulate_halt() exits to user space only without an in-kernel
 *     LAPIC).  vmscope's PIT still lives in user space, so its tick
 *     reaches a halted guest through the waker's kick: KVM_RUN returns
 *     with -EINTR (an INTR exit), the PIT catches up, KVM_IRQ_LINE;
 *   - KVM's PIC takes edge or level from the ELCR, not from ICW1's LTIM
 *     bit, which it ignores ("level sensitive irq not supported").
 *
 * A guest halted in the kernel is seen by KVM_GET_MP_STATE alone
 * (kvm_halted_inside()): scripted keys wait for it (core/vm_irq.c).
 *
 * The BSP's LAPIC comes out of reset with LINT0 in ExtINT mode, so the
 * 8259's INT reaches the vCPU as on a PC; nothing here touches the APIC.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "devices/pic8259.h"
#include "kvm/kvm_vcpu.h"

/* What the host offers, asked of the VM (answers may differ per VM). */
static const char *missing_cap(int vm_fd)
{
	if (ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_IRQCHIP) <= 0)
		return "KVM_CAP_IRQCHIP";
	if (ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_IRQFD) <= 0)
		return "KVM_CAP_IRQFD";
	if (ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_IRQFD_RESAMPLE) <= 0)
		return "KVM_CAP_IRQFD_RESAMPLE";
	return NULL;
}

int kvm_irqchip_create(int vm_fd, char *why, size_t len)
{
	const char *cap = missing_cap(vm_fd);

	if (cap) {
		snprintf(why, len, "KVM_CHECK_EXTENSION(%s) = 0", cap);
		return -ENOTSUP;
	}
	if (ioctl(vm_fd, KVM_CREATE_IRQCHIP, 0) < 0) {
		int err = -errno;

		snprintf(why, len, "KVM_CREATE_IRQCHIP: %s", strerror(-err));
		return err;
	}
	return 0;
}

int kvm_set_irq_line(struct vm *vm, unsigned irq, int level)
{
	struct kvm_irq_level line = { .irq = irq, .level = level != 0 };

	if (ioctl(kvm_state(vm)->vm_fd, KVM_IRQ_LINE, &line) < 0)
		return -errno;
	return 0;
}

/*
 * struct kvm_pic_state in the user-space PIC's terms.  The kernel keeps
 * no INT output; it is what the chip would raise now: a request neither
 * masked nor outranked by one in service (fixed priority: a lower IR
 * number ranks higher; rotation is not looked at).
 */
static bool pic_int_out(const struct kvm_pic_state *p)
{
	uint8_t want = p->irr & (uint8_t)~p->imr;

	for (unsigned ir = 0; ir < 8; ir++) {
		if (p->isr & (1u << ir))
			return false;
		if (want & (1u << ir))
			return true;
	}
	return false;
}

/* Only with the in-kernel LAPIC can a HLT stay in the kernel; an error
 * reads as "not halted" (a scripted key then waits for the next look). */
bool kvm_halted_inside(struct vm *vm)
{
	struct kvm_vcpu_state *s = kvm_state(vm);
	struct kvm_mp_state mp;

	return s->irqchip && ioctl(s->vcpu_fd, KVM_GET_MP_STATE, &mp) == 0 &&
	       mp.mp_state == KVM_MP_STATE_HALTED;
}

int kvm_get_pic_regs(struct vm *vm, unsigned chip, struct pic_regs *out)
{
	struct kvm_irqchip c = { .chip_id = chip ? KVM_IRQCHIP_PIC_SLAVE
						 : KVM_IRQCHIP_PIC_MASTER };

	if (ioctl(kvm_state(vm)->vm_fd, KVM_GET_IRQCHIP, &c) < 0)
		return -errno;
	/* KVM's init_state counts the ICWs written: 1 waits for ICW2 */
	*out = (struct pic_regs){
		.irr = c.chip.pic.irr, .isr = c.chip.pic.isr,
		.imr = c.chip.pic.imr, .vector_base = c.chip.pic.irq_base,
		.int_out = pic_int_out(&c.chip.pic),
		.level = c.chip.pic.elcr,
		.auto_eoi = c.chip.pic.auto_eoi != 0,
		.special_mask = c.chip.pic.special_mask != 0,
		.next_icw = c.chip.pic.init_state
			    ? (uint8_t)(c.chip.pic.init_state + 1) : 0,
	};
	return 0;
}
