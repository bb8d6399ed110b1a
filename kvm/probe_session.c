/*
 * kvm/probe_session.c - one guest for the probe on the KVM backend,
 * bounded in exits and in time (see kvm/probe_session.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/guests.h"
#include "guest/abi/machine.h"
#include "guest/probes/probe_abi.h"
#include "kvm/kvm.h"
#include "kvm/probe_session.h"

/* Probe guests print nothing (a byte on the UART would be a bug in
 * them); hello and echo do print, but their text is no finding.  Either
 * way it is dropped rather than mixed into the doctor's report. */
static void discard_byte(void *opaque, uint8_t byte)
{
	(void)opaque;
	(void)byte;
}

static void deadline_after(struct timespec *ts, unsigned ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void *watchdog_main(void *arg)
{
	struct probe_session *ps = arg;
	struct timespec deadline;
	int rc = 0;

	deadline_after(&deadline, ps->timeout_ms);
	pthread_mutex_lock(&ps->lock);
	while (!ps->finished && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&ps->cond, &ps->lock, &deadline);
	if (!ps->finished) {
		ps->timed_out = true;
		vm_request_stop(&ps->vm);
	}
	pthread_mutex_unlock(&ps->lock);
	return NULL;
}

static int start_watchdog(struct probe_session *ps)
{
	pthread_condattr_t attr;
	int err;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&ps->cond, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&ps->lock, NULL);
	err = pthread_create(&ps->watchdog, NULL, watchdog_main, ps);
	if (err) {
		pthread_cond_destroy(&ps->cond);
		pthread_mutex_destroy(&ps->lock);
	}
	return -err;
}

int probe_session_start(struct probe_session *ps, const char *name,
			unsigned max_exits, unsigned timeout_ms)
{
	return probe_session_start_net(ps, name, NULL, max_exits, timeout_ms);
}

int probe_session_start_net(struct probe_session *ps, const char *name,
			    const struct net_wire_spec *net,
			    unsigned max_exits, unsigned timeout_ms)
{
	const struct builtin_guest *guest = guests_find(name);
	struct vm_config cfg = {
		.backend = &kvm_backend_ops,
		.serial = { .write = discard_byte },
		.vga = MEM_WINDOW_RAM,   /* the dirty_log finding's window */
	};
	char err[160];
	int ret;

	memset(ps, 0, sizeof(*ps));
	ps->max_exits = max_exits;
	ps->timeout_ms = timeout_ms;
	if (!guest) {
		snprintf(ps->why, sizeof(ps->why), "guest %s is not "
			 "built into this vmscope", name);
		return -ENOENT;
	}
	if (net)
		cfg.net = *net;
	cfg.image = guest->image;
	cfg.image_size = (size_t)(guest->image_end - guest->image);
	ret = vm_create(&ps->vm, &cfg, err, sizeof(err));
	if (ret) {
		snprintf(ps->why, sizeof(ps->why), "cannot start %s: %s%s%s",
			 name, err, kvm_backend_error()[0] ? ": " : "",
			 kvm_backend_error());
		return ret;
	}
	ret = start_watchdog(ps);
	if (ret) {
		snprintf(ps->why, sizeof(ps->why), "cannot start a watchdog "
			 "thread: %s", strerror(-ret));
		vm_destroy(&ps->vm);
	}
	return ret;
}

static bool timed_out(struct probe_session *ps)
{
	bool fired;

	pthread_mutex_lock(&ps->lock);
	fired = ps->timed_out;
	pthread_mutex_unlock(&ps->lock);
	return fired;
}

bool probe_session_next(struct probe_session *ps)
{
	int err;

	if (ps->vm.state != VM_RUNNING)
		return false;
	if (ps->exits == ps->max_exits) {
		snprintf(ps->why, sizeof(ps->why), "the guest was "
			 "stopped after %u exits", ps->exits);
		return false;
	}
	err = vm_run_exit(&ps->vm, &ps->exit);
	if (err) {
		snprintf(ps->why, sizeof(ps->why), "KVM_RUN failed: %s",
			 strerror(-err));
		return false;
	}
	ps->exits++;
	if (ps->vm.state == VM_STOPPED && timed_out(ps))
		snprintf(ps->why, sizeof(ps->why), "the guest was "
			 "stopped after %u ms without finishing",
			 ps->timeout_ms);
	else if (ps->vm.state != VM_RUNNING)
		snprintf(ps->why, sizeof(ps->why), "%s", ps->vm.end_reason);
	return true;
}

bool probe_session_report(const struct probe_session *ps, uint32_t *event,
			  uint32_t *arg)
{
	const struct exit_io *io = &ps->exit.u.io;
	uint32_t word;

	if (ps->exit.reason != EXIT_IO || io->port != PORT_PROBE ||
	    io->direction != IO_OUT || io->size != 4 || io->count != 1)
		return false;
	word = (uint32_t)exit_io_value(io, 0);
	*event = word >> PROBE_EV_SHIFT;
	*arg = word & PROBE_ARG_MASK;
	return true;
}

uint64_t probe_session_symbol(const struct probe_session *ps,
			      const char *name)
{
	const struct symbol *sym = symtab_find(&ps->vm.syms, name);

	return sym ? sym->addr : 0;
}

void probe_session_end(struct probe_session *ps)
{
	pthread_mutex_lock(&ps->lock);
	ps->finished = true;
	pthread_cond_signal(&ps->cond);
	pthread_mutex_unlock(&ps->lock);
	pthread_join(ps->watchdog, NULL);
	pthread_cond_destroy(&ps->cond);
	pthread_mutex_destroy(&ps->lock);
	vm_destroy(&ps->vm);
}
