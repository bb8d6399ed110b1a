#!/usr/bin/env python3
"""tests/integration/signal_run.py - run vmscope, signal it once it is ready.

    signal_run.py [--pty] READY SIGNAL|KEYS -- COMMAND...

Starts COMMAND (its stdout to ./out, its stderr to ./err in the current
folder), waits until READY appears in its stderr, then sends SIGNAL
(INT, TERM, HUP) to it (its stdin a pipe kept open: no key comes, and
none ends) - or with --pty, runs it on a pseudo-terminal
(stdin and stderr both on it) and types KEYS there (\\x03 is Ctrl-C, which
the terminal turns into SIGINT, \\x04 Ctrl-D).  Prints "status N" (the
shell's way: 128 + a signal that killed it) and exits 0; exits 1 when
READY never came or COMMAND did not end within the deadline.  The deadline
is a hang detector only (generous for a loaded machine), never a timing
assert.
"""
import fcntl
import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time

DEADLINE_S = 60


def wait_ready(read_err, ready, proc):
    end = time.monotonic() + DEADLINE_S
    while ready not in read_err():
        if proc.poll() is not None or time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def finish(proc):
    try:
        status = proc.wait(timeout=DEADLINE_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        print("the command did not end after the signal")
        return 1
    print("status %d" % (128 - status if status < 0 else status))
    return 0


def main(argv):
    use_pty = argv[0] == "--pty"
    if use_pty:
        argv = argv[1:]
    ready, what, sep, cmd = argv[0], argv[1], argv[2], argv[3:]
    assert sep == "--"
    out = open("out", "wb")
    if use_pty:
        master, slave = pty.openpty()
        # no echo: the terminal echoes a typed ^C after it has sent the
        # SIGINT, so on a loaded machine the echo could come after
        # vmscope's last line, which the test compares
        attrs = termios.tcgetattr(slave)
        attrs[3] &= ~termios.ECHO
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        # a session of its own with the pty as its controlling terminal:
        # then Ctrl-C typed there is a SIGINT for it, as in a shell
        proc = subprocess.Popen(cmd, stdin=slave, stdout=out, stderr=slave,
                                start_new_session=True,
                                preexec_fn=lambda: fcntl.ioctl(
                                    0, termios.TIOCSCTTY, 0))
        os.close(slave)
        seen = bytearray()

        def read_err():
            while select.select([master], [], [], 0)[0]:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen.extend(chunk)
            return seen.decode("latin-1")
        if not wait_ready(read_err, ready, proc):
            print("never ready: " + read_err())
            return 1
        os.write(master, what.encode().decode("unicode_escape").encode())
        status = finish(proc)
        read_err()
        open("err", "wb").write(bytes(seen))
        return status
    err = open("err", "wb")
    # stdin a pipe nobody writes to, open until the end: a guest waiting
    # for a key waits (at the end of stdin the tracer would end the run)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=out,
                            stderr=err)
    if not wait_ready(lambda: open("err", encoding="latin-1").read(), ready,
                      proc):
        print("never ready: " + open("err").read())
        return 1
    proc.send_signal(getattr(signal, "SIG" + what))
    return finish(proc)


sys.exit(main(sys.argv[1:]))
