/*
 * kvm/kvm_ioeventfd.c - KVM_IOEVENTFD: a guest's MMIO write that matches
 * (address, length, value) signals an eventfd inside the kernel, and
 * KVM_RUN does not return for it.  The vhost-style network worker
 * (devices/net_worker.c) is woken so: the guest's kick costs an exit into
 * the kernel, not the trip out to vmscope and back.
 *
 * Interrupts the other way (KVM_IRQFD) are not registered: an irqfd
 * drives an in-kernel interrupt controller, and vmscope's 8259 lives in
 * user space (devices/pic8259.c; no KVM_CREATE_IRQCHIP), so the worker's
 * interrupt goes through the vCPU thread and KVM_INTERRUPT.
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "kvm/kvm_vcpu.h"

int kvm_set_ioeventfd(struct vm *vm, const struct ioeventfd *e, bool on)
{
	struct kvm_ioeventfd io = {
		.datamatch = e->datamatch,
		.addr = e->gpa,
		.len = e->len,
		.fd = e->fd,
		.flags = KVM_IOEVENTFD_FLAG_DATAMATCH |
			 (on ? 0 : KVM_IOEVENTFD_FLAG_DEASSIGN),
	};

	if (ioctl(kvm_state(vm)->vm_fd, KVM_IOEVENTFD, &io) < 0)
		return -errno;
	return 0;
}
