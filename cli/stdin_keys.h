/*
 * cli/stdin_keys.h - `vmscope trace` in a terminal: what the user types
 * there goes to the guest's keyboard, as the TUI's Console panel does.
 *
 * The terminal is put in non-canonical mode without echo (the guest
 * echoes what it reads, as a real tty line discipline would) but keeps
 * ISIG: Ctrl-C still stops vmscope.  Each byte read becomes the key
 * stroke a US keyboard makes for it (devices/scancode.h) and is queued
 * with vm_keys_push().  The terminal's settings come back on every way
 * out: stdin_keys_stop(), and an atexit() handler for an exit() that
 * skips it.
 *
 * Threading: a reader thread of its own, created with the stop signals
 * blocked (cli/signals.h), so Ctrl-C interrupts the main thread's waits;
 * stdin_keys_read() on the caller's.
 */
#ifndef CLI_STDIN_KEYS_H
#define CLI_STDIN_KEYS_H

#include <pthread.h>
#include <stdbool.h>

#include "core/vm.h"

struct stdin_keys {
	struct vm *vm;
	void (*idle)(void *opaque);   /* called every STDIN_KEYS_IDLE_MS */
	void *idle_opaque;
	pthread_t thread;
	int stop_fd;        /* an eventfd: written to end the thread */
	bool running;
};

/* While waiting for keys, the reader calls idle this often: a guest's
 * prompt held back from the terminal (cli/trace_console.h) shows. */
#define STDIN_KEYS_IDLE_MS 100

/* Is stdin a terminal a person can type at? */
bool stdin_keys_possible(void);
/* Start reading keys for vm, calling idle(opaque) on the reader thread
 * while no key comes.  0, or -errno (the terminal is left as it was). */
int stdin_keys_start(struct stdin_keys *k, struct vm *vm,
		     void (*idle)(void *opaque), void *opaque);
/* Stop reading and give the terminal its settings back; nothing when it
 * was never started. */
void stdin_keys_stop(struct stdin_keys *k);

/*
 * Without a terminal: stdin (a pipe or a file) is the keyboard, read only
 * when the guest waits for a key (vm_waits_for_key()), so a guest that
 * reads none leaves stdin alone.  Waits until stdin has bytes (a stop
 * signal ends the wait), reads what is there and queues it as keys, as
 * --keys would type it.  The bytes read (0: the end of stdin), or -errno
 * (-EINTR: a stop signal).  The vCPU thread (the tracer's main thread).
 */
int stdin_keys_read(struct vm *vm);

#endif /* CLI_STDIN_KEYS_H */
