/*
 * kvm/probe_session.h - running one guest for the probe, bounded.
 *
 * A session is one built-in guest (a probe guest from guest/probes/, or
 * an ordinary one such as echo) on the KVM backend, driven through
 * vmscope's own run loop (core/vm.c), so the probe tests the path every
 * guest takes.  Its console output is dropped.  It ends when the guest
 * ends, after max_exits exits, or when a watchdog thread stops it after
 * timeout_ms - a guest that loops in ring 3 without exiting, or waits in
 * HLT for a key that never comes, cannot hang vmscope doctor.
 *
 * Threading: one session per thread; the watchdog only calls
 * vm_request_stop(), which is safe from any thread.
 */
#ifndef KVM_PROBE_SESSION_H
#define KVM_PROBE_SESSION_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

struct probe_session {
	struct vm vm;
	struct exit_record exit;      /* the latest exit */
	unsigned exits;
	unsigned max_exits;
	char why[200];                /* why the session ended */
	/* watchdog */
	pthread_t watchdog;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool finished;                /* under lock: the session is over */
	bool timed_out;               /* under lock: the watchdog fired */
	unsigned timeout_ms;
};

/* Create the VM for the built-in guest `name` and start the watchdog.
 * Returns 0, or -errno with the reason in ps->why. */
int probe_session_start(struct probe_session *ps, const char *name,
			unsigned max_exits, unsigned timeout_ms);
/* The same with a network card (--net) described by net. */
int probe_session_start_net(struct probe_session *ps, const char *name,
			    const struct net_wire_spec *net,
			    unsigned max_exits, unsigned timeout_ms);
/* Run to the next exit (ps->exit).  False when the guest had already
 * ended, a bound was hit or the backend failed; ps->why says which. */
bool probe_session_next(struct probe_session *ps);
/* The latest exit as a probe report (PORT_PROBE, guest/probes/
 * probe_abi.h): true with the event and its argument. */
bool probe_session_report(const struct probe_session *ps, uint32_t *event,
			  uint32_t *arg);
/* The guest address of a symbol of the probe guest, or 0. */
uint64_t probe_session_symbol(const struct probe_session *ps,
			      const char *name);
/* Stop the watchdog and destroy the VM. */
void probe_session_end(struct probe_session *ps);

#endif /* KVM_PROBE_SESSION_H */
