/*
 * cli/trace_console.h - the guest's console as the tracer writes it: to
 * stderr, or to the --serial file.
 *
 * When stderr and the trace's stdout are one terminal, the console's
 * bytes are held until the guest ends its line and written whole between
 * two trace lines: never "H" glued to the front of the next trace line.
 * A line the guest leaves open (a shell's "$ ") shows at the --step
 * prompt, when it fills the buffer, when it has waited TRACE_CONSOLE_IDLE_NS
 * while the user may type (trace_console_idle), or when the run ends, and
 * vmscope's own notes after it start on a line of their own.
 *
 * Elsewhere (a --serial file, a pipe, stderr on its own) the console
 * reaches its reader as the guest writes it, a write(2) per batch rather
 * than per byte (a byte costs the guest two exits; a write each would add
 * a system call to them): the bytes are held until the guest ends its
 * line, fills the buffer, or goes on to anything but port I/O - HLT to
 * wait for a key, a timer interrupt - and at port-I/O exits once the
 * first held byte is TRACE_CONSOLE_BATCH_NS old (trace_console_after_exit,
 * called by the tracer after each exit, on the exit's own timestamp).
 * The file itself is unbuffered: nothing waits in stdio for the run's end,
 * so `tail -f` on a --serial file shows the console live.
 *
 * A console that cannot be written stops the guest (what it prints next
 * would be lost too) and is reported at the end (cli/output.h).
 *
 * Threading: the sink and trace_console_after_exit() run on the vCPU
 * thread, which is the tracer's; trace_console_idle() on the thread
 * reading the user's keys.  The lock keeps the held line whole between
 * them.  A tty takes each write() whole,
 * so a line written by either thread never lands inside a trace line.
 */
#ifndef CLI_TRACE_CONSOLE_H
#define CLI_TRACE_CONSOLE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/output.h"
#include "core/vm.h"

#define TRACE_CONSOLE_LINE 256
#define TRACE_CONSOLE_IDLE_NS 200000000ULL   /* 0.2 s: a prompt, surely */
#define TRACE_CONSOLE_BATCH_NS 10000000ULL   /* 10 ms: a held batch's age */

struct trace_console {
	struct output out;
	struct vm *vm;             /* stopped when the console is lost */
	bool by_line;              /* a shared terminal: whole lines only */
	pthread_mutex_t lock;      /* the fields below */
	bool mid_line;             /* the last byte written was not '\n' */
	uint64_t held_ns;          /* when the first held byte came: on a
				      shared terminal host time (the idle
				      check's), else the machine's
				      (vm_now_ns(), exit->t_ns's) */
	size_t len;                /* held bytes: at most TRACE_CONSOLE_LINE */
	char line[TRACE_CONSOLE_LINE + 1];   /* + the '\n' end_line adds */
};

/* To path (a --serial file) or, when path is NULL, stderr.  0, or -errno
 * when the file cannot be opened. */
int trace_console_open(struct trace_console *c, const char *path,
		       struct vm *vm);
/* The VM's serial sink: vm_config.serial = { trace_console_byte, c }. */
void trace_console_byte(void *opaque, uint8_t byte);
/* After each exit (the tracer's loop): elsewhere than a shared terminal,
 * write what is held when the guest has moved on from port I/O or the
 * batch is TRACE_CONSOLE_BATCH_NS old at exit->t_ns. */
void trace_console_after_exit(struct trace_console *c,
			      const struct exit_record *exit);
/* Write what is held, and on stderr end an open line, so what is written
 * next (a prompt, a note) starts at the left. */
void trace_console_end_line(struct trace_console *c);
/* Any thread, now and then: a line held TRACE_CONSOLE_IDLE_NS or more is
 * the guest waiting for the user (a prompt): show it, ended. */
void trace_console_idle(void *console);
/* Flush and close; 0, or 1 when console output was lost (said on
 * stderr as "vmscope trace: the guest's console was lost: ..."). */
int trace_console_close(struct trace_console *c);

#endif /* CLI_TRACE_CONSOLE_H */
