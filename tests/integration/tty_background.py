#!/usr/bin/env python3
"""tests/integration/tty_background.py - run vmscope as a background job.

    tty_background.py COMMAND...

Does what a shell does for `COMMAND &`: a session with a pseudo-terminal
as its controlling terminal, this helper's process group in the
foreground, COMMAND in a process group of its own in the background with
the terminal as stdin (stdout to ./out, stderr to ./err).  A line is
typed at the terminal first, so a COMMAND that reads its stdin is stopped
by SIGTTIN, as the terminal stops a background reader.

Prints "status N" when COMMAND ends, or "stopped by signal N" (and kills
it) when the terminal stopped it; then "unread: ..." - what was left of
the typed line for the foreground, which a background job must never
take.
"""
import fcntl
import os
import pty
import signal
import sys
import termios

TYPED = b"typed\n"


def background(cmd, slave):
    os.setpgid(0, 0)
    os.dup2(slave, 0)
    os.dup2(os.open("out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 1)
    os.dup2(os.open("err", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
    os.execvp(cmd[0], cmd)


def session(cmd, slave):
    """The session leader: the foreground job, as an interactive shell."""
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    job = os.fork()
    if job == 0:
        background(cmd, slave)
    os.setpgid(job, job)   # either side may run first
    _, st = os.waitpid(job, os.WUNTRACED)
    if os.WIFSTOPPED(st):
        print("stopped by signal %d" % os.WSTOPSIG(st))
        os.kill(job, signal.SIGKILL)
        os.waitpid(job, 0)
    else:
        print("status %d" % (os.WEXITSTATUS(st) if os.WIFEXITED(st)
                             else 128 + os.WTERMSIG(st)))
    fcntl.fcntl(slave, fcntl.F_SETFL, os.O_NONBLOCK)
    try:
        print("unread: %r" % os.read(slave, 64))
    except BlockingIOError:
        print("unread: nothing")
    sys.stdout.flush()


def main(cmd):
    master, slave = pty.openpty()
    os.write(master, TYPED)
    pid = os.fork()
    if pid == 0:
        try:
            session(cmd, slave)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    return 0


sys.exit(main(sys.argv[1:]))
