/*
 * cli/stdin_feed.h - stdin that is no terminal (a pipe, a file) as the
 * guest's keyboard, for `vmscope trace` and `vmscope run --batch`.
 *
 * stdin is read only when the guest waits for a key and none is on its
 * way (vm_waits_for_key()), so a guest that reads no key leaves stdin to
 * whoever reads it next.  Each such wait is given one line (up to and
 * with its '\n', '\r' or Ctrl-D), as a person types the next command at
 * the prompt: lines typed ahead would wait in the guest's tty ring, and
 * behind a long line there is no room for them.  The feed never waits for stdin: what it has now
 * goes in as keys; when it has nothing yet, the guest runs on, and the
 * next interrupt that wakes its HLT (the timer's tick, a frame with
 * --net) brings it back to the wait and here.  An open pipe nobody writes
 * to leaves the machine running, as a person who types nothing does.
 *
 * The end of stdin is typed as the tty's end of file, Ctrl-D - twice when
 * the last line has no '\n' (the first hands that line over, as on a
 * terminal) - so a program that reads to the end sees its end and
 * finishes.  When the guest waits again with nothing left, nothing ever
 * will come: the run stops, "guest halted waiting for a key: stdin has
 * ended".  A read error stops it with "stdin: <error>", kept in the feed
 * for a non-zero status; EAGAIN (a non-blocking stdin that another reader
 * emptied first) and EINTR are "nothing yet".
 *
 * With --keys, they are the keyboard and stdin is never read: once all
 * are typed the run stops at the wait ("--keys has typed its last").  A
 * terminal is never read here: it is a person's (cli/stdin_keys.h), or,
 * for a background job (`vmscope trace shell &`), the foreground job's -
 * reading it would stop this one with SIGTTIN.  The guest then waits, as
 * it waits for a person - except under run --batch, where no person types:
 * there the run stops, "stdin is a terminal", status 1.
 *
 * Threading: the vCPU thread, between two runs.
 */
#ifndef CLI_STDIN_FEED_H
#define CLI_STDIN_FEED_H

#include <stdbool.h>

#include "core/vm.h"

struct stdin_feed {
	bool keys_given;   /* --keys: stdin is not the keyboard */
	bool no_person;    /* run --batch: a terminal stdin stops the run */
	bool ended;        /* stdin has ended: its end of file is typed */
	bool line_open;    /* the last byte typed was no '\n' */
	int error;         /* -errno of the read that stopped the run, or 0 */
	unsigned char pending[64];   /* read from stdin, [taken, have) */
	size_t taken, have;          /*   not typed yet */
};

/* keys_given: the run types --keys instead of stdin.  no_person: nobody
 * types here (run --batch), so a guest waiting for a key with a terminal
 * as stdin would wait for ever: the run stops instead, an error. */
void stdin_feed_init(struct stdin_feed *f, bool keys_given, bool no_person);
/* The guest waits for a key with none on its way (vm_waits_for_key()):
 * type what stdin has now, or stop the run (see above).  True when the
 * guest goes on waiting with nothing typed (a prompt of its may show). */
bool stdin_feed_at_wait(struct stdin_feed *f, struct vm *vm);

#endif /* CLI_STDIN_FEED_H */
