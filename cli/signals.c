/*
 * cli/signals.c - the signals that end a run (see cli/signals.h).
 */
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
