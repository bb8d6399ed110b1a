/*
 * core/vm_net.c - the network card's ties to the rest of the machine (see
 * core/vm_net.h).
 *
 * The kick: with a worker (vhost, zerocopy), a guest's 32-bit write of 0
 * (the receive queue) to QueueNotify is registered with the backend's
 * ioeventfd for the worker's eventfd, so it wakes the worker without
 * coming back to vmscope.  A path switch stops one worker and starts
 * another, with another eventfd: the old registration is removed first.
 *
 * The interrupt, with --irqchip kernel: the worker's irq eventfd is
 * registered as the backend's irqfd on IRQ 5 with its resample eventfd
 * (KVM_IRQFD with KVM_IRQFD_FLAG_RESAMPLE; cpu/irqfd.c), so a completion
 * raises the line with no vmscope thread.  With the controller in user
 * space there is no irqfd, as on KVM without KVM_CREATE_IRQCHIP.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/vm_net.h"
#include "guest/abi/machine.h"

/* The registration for the worker's eventfd fd. */
static struct ioeventfd kick_event(int fd)
{
	return (struct ioeventfd){
		.gpa = VIRTIO_NET_MMIO + VIRTIO_MMIO_QUEUE_NOTIFY,
		.len = 4,
		.datamatch = VIRTIO_NET_RXQ,
		.fd = fd,
	};
}

static struct irqfd irq_event(struct vm *vm)
{
	return (struct irqfd){ .irq = IRQ_VIRTIO_NET,
			       .fd = virtio_net_irq_fd(vm->net),
			       .resample_fd = virtio_net_resample_fd(vm->net) };
}

static void connect_net_irq(struct vm *vm)
{
	struct irqfd f = irq_event(vm);
	int err = -ENOTSUP;

	if (vm->irqchip != VM_IRQCHIP_KERNEL || f.fd < 0)
		return;
	if (vm->backend->set_irqfd)
		err = vm->backend->set_irqfd(vm, &f, true);
	if (err) {
		fprintf(stderr, "vmscope: virtio-net: the %s backend takes no "
			"irqfd (%s): the card's interrupts go through "
			"vmscope\n", vm->backend->name, strerror(-err));
		return;
	}
	virtio_net_set_irqfd(vm->net, true);
}

static void disconnect_net_irq(struct vm *vm)
{
	struct irqfd f = irq_event(vm);

	if (vm->irqchip != VM_IRQCHIP_KERNEL || f.fd < 0 ||
	    !vm->backend->set_irqfd)
		return;
	virtio_net_set_irqfd(vm->net, false);
	/* An error: it was never registered (connect_net_irq said). */
	(void)vm->backend->set_irqfd(vm, &f, false);
}

/*
 * A resample irqfd holds its line up from the signal to the guest's EOI.
 * KVM lowers it only then, or when the irqfd is removed (the resampler's
 * shutdown deasserts it); KVM_SET_IRQCHIP does not reach it, since KVM
 * keeps each source's level apart from the chip's registers (i8259.c's
 * irq_states[], the irqfd's under KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID).
 * Left up, it would be a request at the new guest's first unmasking, and
 * the card, which counts its line as up until a resample, would not
 * signal again.  So at a reset the irqfd is removed and registered again,
 * as a fresh machine has it: line down, the card's count of it down.  The
 * removal comes before the chip is restored: after, vmscope's driving of
 * its lines again (vm_irq_sync_lines(): KVM_IRQ_LINE, IRQ 5 at 0) still
 * saw the irqfd's level in the OR of the sources - a rising edge into the
 * restored chip, whose request an edge-triggered line keeps when the
 * removal lowers it (pic_set_irq1()).  tests/unit/test_vm_irq.c's
 * test_chip_reset_drops_irqfd_line.
 */
bool vm_net_reset_irq_release(struct vm *vm)
{
	if (!vm->net || !virtio_net_irqfd_on(vm->net))
		return false;
	disconnect_net_irq(vm);
	return true;
}

void vm_net_reset_irq_renew(struct vm *vm, bool had)
{
	if (had)
		connect_net_irq(vm);
}

void vm_connect_net_kicks(struct vm *vm)
{
	struct ioeventfd e;
	int err = -ENOTSUP;

	if (!vm->net || virtio_net_kick_fd(vm->net) < 0)
		return;
	connect_net_irq(vm);
	e = kick_event(virtio_net_kick_fd(vm->net));
	if (vm->backend->set_ioeventfd)
		err = vm->backend->set_ioeventfd(vm, &e, true);
	if (err)
		fprintf(stderr, "vmscope: virtio-net: the %s backend takes no "
			"ioeventfd (%s): every kick exits to vmscope\n",
			vm->backend->name, strerror(-err));
}

/* Remove the registration of the worker about to stop (none: nothing). */
static void disconnect_net_kicks(struct vm *vm)
{
	struct ioeventfd e;

	if (virtio_net_kick_fd(vm->net) < 0 || !vm->backend->set_ioeventfd)
		return;
	e = kick_event(virtio_net_kick_fd(vm->net));
	/* An error: it was never registered (vm_connect_net_kicks said). */
	(void)vm->backend->set_ioeventfd(vm, &e, false);
}

int vm_net_set_path(struct vm *vm, enum net_path path)
{
	int err;

	if (!vm->net)
		return -ENODEV;
	if (path == virtio_net_path(vm->net))
		return 0;
	disconnect_net_kicks(vm);
	disconnect_net_irq(vm);
	err = virtio_net_set_path(vm->net, path);
	vm_connect_net_kicks(vm);
	return err;
}

void vm_net_view(struct vm *vm, struct net_view *out)
{
	memset(out, 0, sizeof(*out));
	if (!vm->net)
		return;
	out->on = true;
	out->path = virtio_net_path(vm->net);
	snprintf(out->wire, sizeof(out->wire), "%s",
		 virtio_net_wire_name(vm->net));
	virtio_net_path_counters(vm->net, out->by_path);
	virtio_net_rx_view(vm->net, &out->rx);
}
