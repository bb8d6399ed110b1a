/*
 * kvm/probe_irqchip.c - the irqfd finding of `vmscope doctor`: does this
 * host's KVM give vmscope what --irqchip kernel needs?
 *
 *   irqfd  a scratch VM (no memory, no vCPU) gets KVM_CREATE_IRQCHIP,
 *          then an irqfd on GSI 5 (virtio-net's line) with a resample
 *          eventfd, which is then removed again: the calls vmscope makes
 *          (kvm/kvm_irqchip.c, kvm/kvm_irqfd.c).  It works when all are
 *          accepted.  No guest runs: the delivery itself is what
 *          tests/integration/test_net_irqfd_kvm.sh measures.
 *
 * Where it is "no", --irqchip kernel says so at start and keeps vmscope's
 * own 8259 (KVM_INTERRUPT), and the network worker's interrupts go
 * through the vCPU thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "guest/abi/machine.h"
#include "kvm/kvm_vcpu.h"
#include "kvm/probe_guests.h"

#define NOTE "--irqchip kernel keeps vmscope's own 8259"

/* KVM_IRQFD with a resample eventfd on the card's line, then removed.
 * 0, or -errno with the step in why. */
static int try_irqfd(int vm_fd, char *why, size_t len)
{
	int fd = eventfd(0, EFD_CLOEXEC), resample = eventfd(0, EFD_CLOEXEC);
	struct kvm_irqfd req = { .fd = (uint32_t)fd, .gsi = IRQ_VIRTIO_NET,
				 .flags = KVM_IRQFD_FLAG_RESAMPLE,
				 .resamplefd = (uint32_t)resample };
	int err = 0;

	if (fd < 0 || resample < 0)
		err = -errno;
	else if (ioctl(vm_fd, KVM_IRQFD, &req) < 0)
		err = -errno;
	if (err)
		snprintf(why, len, "KVM_IRQFD with KVM_IRQFD_FLAG_RESAMPLE on "
			 "GSI %d: %s", IRQ_VIRTIO_NET, strerror(-err));
	req.flags = KVM_IRQFD_FLAG_DEASSIGN;
	if (!err && ioctl(vm_fd, KVM_IRQFD, &req) < 0) {
		err = -errno;
		snprintf(why, len, "KVM_IRQFD deassign: %s", strerror(-err));
	}
	if (fd >= 0)
		close(fd);
	if (resample >= 0)
		close(resample);
	return err;
}

void probe_irqchip(struct probe_report *r)
{
	struct probe_finding *f = &r->findings[PROBE_IRQFD];
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	int vm_fd = kvm < 0 ? -1 : ioctl(kvm, KVM_CREATE_VM, 0);
	char why[160];

	if (vm_fd < 0) {
		probe_finding_set(f, PROBE_UNKNOWN, "unknown", "no scratch VM: "
				  "%s", strerror(errno));
	} else if (kvm_irqchip_create(vm_fd, why, sizeof(why)) ||
		   try_irqfd(vm_fd, why, sizeof(why))) {
		probe_finding_set(f, PROBE_NO, "absent", "%s; %s", why, NOTE);
	} else {
		probe_finding_set(f, PROBE_YES, "works", "KVM_CREATE_IRQCHIP "
				  "and KVM_IRQFD with a resample eventfd "
				  "accepted: --irqchip kernel runs the 8259 in "
				  "the kernel, the network worker's interrupts "
				  "by irqfd, HLT without an exit");
	}
	if (vm_fd >= 0)
		close(vm_fd);
	if (kvm >= 0)
		close(kvm);
}
