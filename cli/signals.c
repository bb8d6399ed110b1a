/*
 * cli/signals.c - the signals that end a run (see cli/signals.h).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>

#include "cli/signals.h"

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

static struct vm *volatile signal_vm;
static volatile sig_atomic_t caught;

/* The end reason each signal leaves: static strings (see
 * vm_request_stop_why), as a handler may not format one. */
static const char *stop_reason(int sig)
{
	switch (sig) {
	case SIGINT: return "stopped by Ctrl-C (SIGINT)";
	case SIGTERM: return "stopped by SIGTERM";
	default: return "stopped by SIGHUP (the terminal went away)";
	}
}

static void on_signal(int sig)
{
	struct vm *vm = signal_vm;

	caught = sig;
	if (vm)
		vm_request_stop_why(vm, stop_reason(sig));
}

static void stop_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(*stop_signals);
	     i++)
		sigaddset(set, stop_signals[i]);
}

void signals_block(void)
{
	sigset_t set;

	stop_set(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

void signals_catch(struct vm *vm)
{
	struct sigaction sa = { .sa_handler = on_signal };   /* no SA_RESTART */
	sigset_t set;

	signal_vm = vm;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(*stop_signals);
	     i++)
		sigaction(stop_signals[i], &sa, NULL);
	stop_set(&set);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/*
 * The stop signals stay blocked from the look at `caught` until ppoll()
 * lets them in, in one step with the wait: a signal that came just before
 * is taken inside ppoll(), which returns EINTR.  (Looking at a flag and
 * then calling read() leaves a gap between the two: a signal caught there
 * finds nothing to interrupt, and read() waits on.)
 */
bool signals_wait_readable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	sigset_t stop, old, waiting;
	int n = -1;

	stop_set(&stop);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	waiting = old;
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(*stop_signals);
	     i++)
		sigdelset(&waiting, stop_signals[i]);
	while (!caught) {
		n = ppoll(&pfd, 1, NULL, &waiting);
		if (n >= 0 || errno != EINTR)
			break;   /* EINTR without `caught`: another signal */
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return !caught && n > 0;
}

void signals_release(void)
{
	signal_vm = NULL;
}

int signals_caught(void)
{
	return caught;
}

const char *signals_reason(void)
{
	return stop_reason(caught);
}

int signals_status(void)
{
	return 128 + caught;
}
