/*
 * devices/net_worker.h - the vhost-style worker: a thread of its own that
 * does a device's data-path work, as /dev/vhost-net's kernel thread does
 * for QEMU.  Control (registers, features, reset) stays with the VMM's
 * vCPU thread; the worker wakes on a kick and does the work.
 *
 * The kick is an eventfd.  On KVM it can be registered with
 * KVM_IOEVENTFD, so a guest's QueueNotify write signals it inside the
 * kernel, without KVM_RUN returning; on the soft CPU (or a KVM without
 * it) the write is an exit and vmscope signals the eventfd itself.
 *
 * The interrupt the other way is an eventfd pair too, vhost's "call"
 * eventfd: the irq eventfd, which a backend's irqfd (KVM_IRQFD) turns
 * into a raised line with no vmscope thread, and its resample eventfd,
 * which says the guest ended the interrupt's service (its EOI): the
 * worker wakes, and work() asks net_worker_take_resample() whether to
 * look at the device's level again.
 *
 * Threading: net_worker_start/stop from the thread that owns the device;
 * net_worker_kick from any thread; work() runs on the worker only.
 */
#ifndef DEVICES_NET_WORKER_H
#define DEVICES_NET_WORKER_H

#include <stdbool.h>
#include <stdint.h>

struct net_worker;

/*
 * Start the thread.  work(opaque) runs after every kick, and also when
 * wire_fd (-1: none) is readable or every poll_ms (0: never) while the
 * last work() returned true (it placed something, so more may come).
 * 0 or -errno.
 */
int net_worker_start(struct net_worker **out, bool (*work)(void *opaque),
		     void *opaque, int wire_fd, int poll_ms);
/* Wake the worker; any thread. */
void net_worker_kick(struct net_worker *w);
/* The kick's eventfd, for KVM_IOEVENTFD. */
int net_worker_kick_fd(const struct net_worker *w);
/* Signal the irq eventfd; any thread. */
void net_worker_interrupt(struct net_worker *w);
/* The irq eventfd and its resample eventfd, for a backend's irqfd. */
int net_worker_irq_fd(const struct net_worker *w);
int net_worker_resample_fd(const struct net_worker *w);
/* Was the resample eventfd signalled since the last call?  From work(). */
bool net_worker_take_resample(struct net_worker *w);
/*
 * How many times the kick eventfd was signalled (by net_worker_kick() or
 * by a backend's ioeventfd), counting every signal made before this
 * call: it waits for the worker to have drained them.  Any thread but the
 * worker's; not from inside work().
 */
uint64_t net_worker_kicks(struct net_worker *w);
/* The CPU time the worker thread has used, in ns (its thread CPU clock):
 * what the benchmark charges to the worker paths, whatever else runs on
 * the host.  Any thread. */
uint64_t net_worker_cpu_ns(const struct net_worker *w);
/* Stop and join the thread.  NULL is allowed. */
void net_worker_stop(struct net_worker *w);

#endif /* DEVICES_NET_WORKER_H */
