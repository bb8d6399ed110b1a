/*
 * cli/output.h - output that must not be lost without a word.
 *
 * A trace written to a full disk, a closed stdout or a console file on
 * /dev/full is lost output: vmscope says so and exits 1 instead of
 * pretending the run went well.  Two parts:
 *   - output_std_fds_safe() at start: a closed fd 0, 1 or 2 gets /dev/null
 *     opened read-only, so the next file vmscope opens (the waker's
 *     eventfd, a --serial file) cannot take its number and receive the
 *     trace or be read as the keyboard; writing to 1 or 2 still fails
 *     (EBADF) as writing to the closed fd would have, and a closed stdin
 *     is a keyboard that has ended, as </dev/null;
 *   - struct output: a FILE and what it carries, whose first write error
 *     is remembered with its errno and reported once at the end.
 */
#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

/* Call before opening anything. */
void output_std_fds_safe(void);

struct output {
	FILE *f;
	const char *what;    /* "the trace", "the guest's console" */
	const char *where;   /* "stdout", a file name */
	int err;             /* the first write error's errno, or 0 */
};

/* Right after writing to o->f: has any write failed?  Remembers errno the
 * first time (the caller's last call set it). */
bool output_failed(struct output *o);
/* Can a write to o->f never wait for a reader?  True for a regular file
 * and /dev/null; a pipe, a socket or a terminal may block a write. */
bool output_never_waits(const struct output *o);
/*
 * Give o->f (stdout, before its first write) a 64 KiB buffer when it never
 * waits (a file, /dev/null): a write(2) per 64 KiB instead of per 4 KiB.
 * A trace of 200,000 exits is 22 MB; its 5,400 system calls of 4 KiB
 * were a sixth of the tracer's CPU time.  A pipe or a terminal keeps
 * stdio's own buffering, so its reader sees lines as soon as before.
 * One output per process gets the buffer.
 */
void output_buffer_large(struct output *o);
/* Flush o->f now, remembering an error. */
void output_flush(struct output *o);
/* Flush (and with close, fclose) o->f, then report a write error on
 * stderr as "vmscope CMD: WHAT was lost: cannot write to WHERE: why"
 * ("vmscope: ..." when CMD is "", vmscope's own options).
 * 0, or 1 (EXIT_CRASH) when output was lost. */
int output_finish(struct output *o, const char *cmd, bool close);

#endif /* CLI_OUTPUT_H */
