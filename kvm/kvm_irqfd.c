/*
 * kvm/kvm_irqfd.c - KVM_IRQFD: an eventfd whose signal raises a line of
 * the in-kernel irqchip with no user-space thread (core/backend.h's
 * struct irqfd).  The network worker's interrupt (devices/virtio_net.c)
 * goes so with --irqchip kernel: vhost's "call" eventfd.
 *
 * Documentation/virt/kvm/api.rst, 4.75 KVM_IRQFD: without a resample fd
 * the GSI is pulsed (asserted and deasserted at once: an edge).  With
 * KVM_IRQFD_FLAG_RESAMPLE it is asserted and stays so until the guest
 * acknowledges the interrupt (the PIC's EOI: KVM's ack notifier); then
 * the kernel deasserts it and signals resamplefd, and the device, if its
 * level is still high, signals the irqfd again.  That is how a level-
 * triggered line (virtio-MMIO's InterruptStatus, VFIO's INTx) travels
 * over an eventfd.  Without KVM_CREATE_IRQCHIP the ioctl fails (EINVAL
 * on x86), which is why vmscope's user-space 8259 cannot take an irqfd.
 *
 * Only the resampled kind is taken.  KVM pulses a plain irqfd's GSI under
 * KVM_USERSPACE_IRQ_SOURCE_ID (eventfd.c, irqfd_inject(): kvm_set_irq(kvm,
 * KVM_USERSPACE_IRQ_SOURCE_ID, gsi, 1) then 0) - the source KVM_IRQ_LINE
 * drives too, and KVM's 8259 ORs the sources per line (i8259.c,
 * kvm_pic_set_irq()): the pulse's 0 would lower a level vmscope holds on
 * that line.  A resample irqfd has a source of its own
 * (KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID), so -EINVAL for a plain one.
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "kvm/kvm_vcpu.h"

int kvm_set_irqfd(struct vm *vm, const struct irqfd *f, bool on)
{
	struct kvm_irqfd req = { .fd = (uint32_t)f->fd, .gsi = f->irq };

	if (on && f->resample_fd < 0)
		return -EINVAL;
	if (!on)
		req.flags = KVM_IRQFD_FLAG_DEASSIGN;
	else
		req = (struct kvm_irqfd){ .fd = (uint32_t)f->fd, .gsi = f->irq,
					  .flags = KVM_IRQFD_FLAG_RESAMPLE,
					  .resamplefd = (uint32_t)f->resample_fd };
	if (ioctl(kvm_state(vm)->vm_fd, KVM_IRQFD, &req) < 0)
		return -errno;
	return 0;
}
