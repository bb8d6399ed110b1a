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
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "kvm/kvm_vcpu.h"

int kvm_set_irqfd(struct vm *vm, const struct irqfd *f, bool on)
{
	struct kvm_irqfd req = { .fd = (uint32_t)f->fd, .gsi = f->irq };

	if (!on)
		req.flags = KVM_IRQFD_FLAG_DEASSIGN;
	else if (f->resample_fd >= 0)
		req = (struct kvm_irqfd){ .fd = (uint32_t)f->fd, .gsi = f->irq,
					  .flags = KVM_IRQFD_FLAG_RESAMPLE,
					  .resamplefd = (uint32_t)f->resample_fd };
	if (ioctl(kvm_state(vm)->vm_fd, KVM_IRQFD, &req) < 0)
		return -errno;
	return 0;
}
