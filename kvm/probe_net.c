/*
 * kvm/probe_net.c - the network stage's finding, measured with netrx on
 * the KVM backend.
 *
 *   net_ioeventfd  netrx with --net gen:64 --net-path vhost: the card's
 *                  worker is woken through an eventfd, which vmscope
 *                  registers with KVM_IOEVENTFD for the receive queue's
 *                  QueueNotify.  It works when netrx ends with status 0,
 *                  its kicks reached the worker (the eventfd's count) and
 *                  none of them returned from KVM_RUN (the transport saw
 *                  no kick).
 *
 * Interrupts the other way (KVM_IRQFD) need the in-kernel irqchip, and
 * by default vmscope's 8259 is in user space: the detail says so whatever
 * the host, so that a reader of `vmscope doctor` knows the worker's
 * interrupt goes through the vCPU thread unless --irqchip kernel (the
 * irqfd finding, kvm/probe_irqchip.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "devices/virtio_net.h"
#include "kvm/probe_guests.h"
#include "kvm/probe_session.h"

#define NET_MAX_EXITS 200000
#define NET_TIMEOUT_MS 20000
#define NET_IRQFD_NOTE "interrupts: through vmscope's PIC and KVM_INTERRUPT " \
	"(KVM_IRQFD needs the in-kernel irqchip: --irqchip kernel)"

static void judge(struct probe_finding *f, const struct probe_session *ps,
		  const struct virtio_net_counters *c)
{
	bool clean = ps->vm.state == VM_EXITED && ps->vm.exit_status == 0;

	if (!clean)
		probe_finding_set(f, PROBE_UNKNOWN, "unknown", "netrx did not "
				  "end with status 0: %.100s", ps->why);
	else if (c->kicks || !c->kicks_eventfd)
		probe_finding_set(f, PROBE_NO, "exits", "netrx's kicks: %llu "
				  "exited to vmscope, %llu by eventfd; %s",
				  (unsigned long long)c->kicks,
				  (unsigned long long)c->kicks_eventfd,
				  NET_IRQFD_NOTE);
	else
		probe_finding_set(f, PROBE_YES, "absorbed", "netrx's %llu kicks "
				  "all woke the worker by KVM_IOEVENTFD, none "
				  "exited; %s",
				  (unsigned long long)c->kicks_eventfd,
				  NET_IRQFD_NOTE);
}

void probe_guest_net(struct probe_report *r)
{
	struct probe_finding *f = &r->findings[PROBE_NET_IOEVENTFD];
	struct probe_session *ps = malloc(sizeof(*ps));
	const struct net_wire_spec net = { .kind = NET_GEN, .size = 64,
					   .path = NET_PATH_VHOST };
	struct virtio_net_counters c;

	if (!ps) {
		probe_finding_set(f, PROBE_UNKNOWN, "unknown", "out of memory");
		return;
	}
	if (probe_session_start_net(ps, "netrx", &net, NET_MAX_EXITS,
				    NET_TIMEOUT_MS)) {
		probe_finding_set(f, PROBE_UNKNOWN, "unknown", "%s", ps->why);
		free(ps);
		return;
	}
	while (probe_session_next(ps))
		;
	virtio_net_counters(ps->vm.net, &c);
	judge(f, ps, &c);
	probe_session_end(ps);
	free(ps);
}
