/*
 * cli/trace_console.h - the guest's console as the tracer writes it: to
 * stderr, or to the --serial file.
 *
 * When stderr and the trace's stdout are one terminal, the console's
 * bytes are held until the guest ends its line and written whole between
 * two trace lines: never "H" glued to the front of the next trace line.
 * A line the guest leaves open (a shell's "$ ") shows at the --step
 * prompt, when it fills the buffer, or when the run ends, and vmscope's
 * own notes after it start on a line of their own.
 *
 * A console that cannot be written stops the guest (what it prints next
 * would be lost too) and is reported at the end (cli/output.h).
 *
 * Threading: the sink runs on the vCPU thread, which is the tracer's.
 */
#ifndef CLI_TRACE_CONSOLE_H
#define CLI_TRACE_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/output.h"
#include "core/vm.h"

#define TRACE_CONSOLE_LINE 256

struct trace_console {
	struct output out;
	struct vm *vm;             /* stopped when the console is lost */
	bool by_line;              /* hold bytes until the line ends */
	bool mid_line;             /* the last byte written was not '\n' */
	size_t len;
	char line[TRACE_CONSOLE_LINE];
};

/* To path (a --serial file) or, when path is NULL, stderr.  0, or -errno
 * when the file cannot be opened. */
int trace_console_open(struct trace_console *c, const char *path,
		       struct vm *vm);
/* The VM's serial sink: vm_config.serial = { trace_console_byte, c }. */
void trace_console_byte(void *opaque, uint8_t byte);
/* Write what is held, and on stderr end an open line, so what is written
 * next (a prompt, a note) starts at the left. */
void trace_console_end_line(struct trace_console *c);
/* Flush and close; 0, or 1 when console output was lost (said on
 * stderr as "vmscope trace: the guest's console was lost: ..."). */
int trace_console_close(struct trace_console *c);

#endif /* CLI_TRACE_CONSOLE_H */
