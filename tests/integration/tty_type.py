#!/usr/bin/env python3
"""tests/integration/tty_type.py - run vmscope on a terminal and type at it.

    tty_type.py [--stdout-too] READY KEYS -- COMMAND...

Runs COMMAND on a pseudo-terminal (stdin and stderr on it, stdout to
./out, or with --stdout-too on the terminal as well; the terminal's output
to ./err), in a session of its own with the
terminal as its controlling one (so Ctrl-C is a SIGINT for it, as in a
shell).  Waits for READY in the terminal's output, types KEYS there
(Python escapes: \\r Enter, \\x03 Ctrl-C), waits for the end and prints
"status N" and whether the terminal was given back its settings
("terminal restored" or "terminal left raw").  Exits 1 when READY never
came or the command did not end: the deadline only catches a hang.
"""
import fcntl
import os
import pty
import select
import subprocess
import sys
import termios
import time

DEADLINE_S = 60


def main(argv):
    stdout_too = argv[0] == "--stdout-too"
    if stdout_too:
        argv = argv[1:]
    ready, keys, sep, cmd = argv[0], argv[1], argv[2], argv[3:]
    assert sep == "--"
    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    proc = subprocess.Popen(cmd, stdin=slave,
                            stdout=slave if stdout_too else open("out", "wb"),
                            stderr=slave, start_new_session=True,
                            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
    seen = bytearray()
    typed = False
    end = time.monotonic() + DEADLINE_S
    while proc.poll() is None and time.monotonic() < end:
        if select.select([master], [], [], 0.05)[0]:
            seen.extend(os.read(master, 4096))
        if not typed and ready.encode() in seen:
            os.write(master, keys.encode().decode("unicode_escape").encode())
            typed = True
    while select.select([master], [], [], 0.05)[0]:
        seen.extend(os.read(master, 4096))
    open("err", "wb").write(bytes(seen))
    if proc.poll() is None:
        proc.kill()
        print("no end: typed=%s, the terminal showed: %r" % (typed, bytes(seen)))
        return 1
    after = termios.tcgetattr(slave)
    print("status %d" % (128 - proc.returncode if proc.returncode < 0
                         else proc.returncode))
    print("terminal restored" if after == before else "terminal left raw")
    return 0


sys.exit(main(sys.argv[1:]))
