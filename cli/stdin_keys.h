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
 * blocked (cli/signals.h), so Ctrl-C interrupts the main thread's waits.
 * Without a terminal, stdin is the keyboard another way: cli/stdin_feed.h.
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

/* One byte as the key a US keyboard types it with (vm_keys_push());
 * others are dropped (a byte of UTF-8 has no key).  Any thread. */
void stdin_keys_type(struct vm *vm, unsigned char c);

#endif /* CLI_STDIN_KEYS_H */
