/*
 * kvm/probe_guests.h - the findings measured by running guests.
 *
 * Private to the probe (kvm/probe.c calls these once /dev/kvm opens).
 * Each function fills every finding it is named for, whatever happens
 * (result is never left empty): kvm/probe.c runs a guest only for a
 * finding not made yet.
 */
#ifndef KVM_PROBE_GUESTS_H
#define KVM_PROBE_GUESTS_H

#include "kvm/probe.h"

/* probe_ring3: int $0x80, syscall, hardware breakpoints, single-step. */
void probe_guest_ring3(struct probe_report *r);
/* probe_exitcost: the cost of one port-I/O exit in ring 0 and ring 3. */
void probe_guest_exitcost(struct probe_report *r);
/* echo, typed at: PROBE_IRQ_INJECTION (kvm/probe_devices.c). */
void probe_guest_irq(struct probe_report *r);
/* hello: PROBE_DIRTY_LOG (kvm/probe_devices.c). */
void probe_guest_dirty_log(struct probe_report *r);
/* netrx on the vhost path: PROBE_NET_IOEVENTFD (kvm/probe_net.c). */
void probe_guest_net(struct probe_report *r);
/* a scratch VM, no guest: PROBE_IRQFD (kvm/probe_irqchip.c). */
void probe_irqchip(struct probe_report *r);

void probe_finding_set(struct probe_finding *f, enum probe_verdict works,
		       const char *result, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif /* KVM_PROBE_GUESTS_H */
