/*
 * core/vm_net.h - the network card (--net) as the machine and its front
 * ends see it: its kick registered with the backend's ioeventfd, the
 * receive path switched while the guest is stopped, and what the Network
 * panel shows.
 *
 * Threading: vm_connect_net_kicks and vm_net_set_path on the vCPU thread
 * between two runs; vm_net_view on any thread that may read the VM.
 */
#ifndef CORE_VM_NET_H
#define CORE_VM_NET_H

#include <stdbool.h>

#include "core/vm.h"
#include "devices/virtio_net.h"

struct net_view {
	bool on;                 /* the machine has a card */
	enum net_path path;      /* the receive path in use */
	char wire[16];           /* "generator", "tap" */
	struct virtio_net_counters by_path[NET_PATHS];  /* what each did */
	struct virtq_view rx;    /* the receive queue's ring */
};

/* Once the backend runs, and after every switch: the guest's kicks of the
 * card's receive queue signal the worker's eventfd without an exit, on the
 * paths with a worker, and with --irqchip kernel the worker's interrupts
 * raise the line through the backend's irqfd.  Where the backend cannot,
 * the kicks go on exiting (the interrupts through vmscope), and stderr
 * says why. */
void vm_connect_net_kicks(struct vm *vm);
/* A machine reset, around the backend's (see core/vm_net.c): release
 * removes the card's irqfd, its line going down, before the backend's
 * chip is restored - true when there was one; renew registers it again
 * once the lines are driven again, the card counting its line down. */
bool vm_net_reset_irq_release(struct vm *vm);
void vm_net_reset_irq_renew(struct vm *vm, bool had);
/* Switch the card's receive path (the kick's registration follows).  0,
 * -ENODEV without a card, or the card's error (it is left emulated). */
int vm_net_set_path(struct vm *vm, enum net_path path);
/* What the card did so far, per path, and its receive ring; on = false
 * without a card. */
void vm_net_view(struct vm *vm, struct net_view *out);

#endif /* CORE_VM_NET_H */
