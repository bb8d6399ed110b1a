#!/usr/bin/env python3
"""Check that the tracer and the TUI number the same exits the same way.

Usage: exit_numbers.py PLAIN STEPPED BATCH

PLAIN is `vmscope trace GUEST`, STEPPED `vmscope trace --step-insn GUEST`
(every instruction a DEBUG stop of vmscope's), BATCH `vmscope run --batch
--until FUNCTION GUEST` (one breakpoint stop).  The rule
(core/exit_number.h): the guest's own exits keep their numbers however the
run was stepped, and a stop is "N.K", the K-th stop after the guest's exit N.
  - STEPPED's guest exits are PLAIN's, line for line, number for number
    (every column but the time since the previous exit);
  - STEPPED's stops are numbered N.1, N.2 ... after each guest exit N;
  - both summaries count the guest's exits alike, STEPPED's stops apart;
  - BATCH's log shows the exits before its stop as PLAIN numbers them, and
    its stop as "N.1" after the last of them, with the words the status
    bar, the detail and the Stats header use for the same fields.
Prints what differs and exits 1, or exits 0.
"""
import re
import sys

LINE = re.compile(r"^\s*(\d+)(?:\.(\d+))?\s+\+[0-9.]+(?:us|ms|s)\s+(L\d+\s+\S+.*)$")
TOTALS = re.compile(r"^(\d+) exits(?: and (\d+) stops? of vmscope's)? "
                    r"reached vmscope")


def lines(text):
    """(guest number, stop number, the columns after the time)."""
    out = []
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            cols = re.sub(r"\s+", " ", m.group(3)).strip()
            out.append((int(m.group(1)), int(m.group(2) or 0), cols))
    return out


def totals(text):
    for line in text.splitlines():
        m = TOTALS.match(line)
        if m:
            return int(m.group(1)), int(m.group(2) or 0)
    return None


def same_exit(logged, traced):
    """A log line (no hardware column) and the trace's line for it: the
    same number, level and reason, and the same RIP, instruction and
    payload after the trace's hardware column."""
    if traced is None or logged[:2] != traced[:2]:
        return False
    head, rest = logged[2].split(" ", 2)[:2], logged[2].split(" ", 2)[2]
    return (traced[2].split(" ", 2)[:2] == head and
            traced[2].endswith(" " + rest))


def check(plain, stepped, batch):
    errors = []
    p, s = lines(plain), lines(stepped)
    guest = [x for x in s if x[1] == 0]
    if guest != p:
        first = next((a, b) for a, b in zip(guest + [None] * len(p),
                                            p + [None] * len(guest))
                     if a != b)
        errors.append("stepped guest exits differ from the plain trace: "
                      "%s vs %s" % first)
    last, k = 0, 0
    for n, stop, cols in s:
        if stop == 0:
            last, k = n, 0
            continue
        k += 1
        if (n, stop) != (last, k) or not cols.split()[1].startswith("DEBUG"):
            errors.append("stop %d.%d (%s) after exit %d should be %d.%d" %
                          (n, stop, cols, last, last, k))
            break
    tp, ts = totals(plain), totals(stepped)
    debug = sum(1 for x in s if x[1])
    if tp is None or ts != (tp[0], debug):
        errors.append("summaries count %s and %s (%d stops stepped)" %
                      (tp, ts, debug))
    b = lines(batch)
    if not b or b[-1][1] != 1:
        errors.append("the batch's log does not end at stop N.1: %s" %
                      (b[-1:],))
        return errors
    n = b[-1][0]
    traced = {x[0]: x for x in p}
    for x in b[:-1]:
        if not same_exit(x, traced.get(x[0])):
            errors.append("the batch's exit %s is not the trace's %s" %
                          (x, traced.get(x[0])))
    if len(b) > 1 and b[-2][0] != n:
        errors.append("the batch's stop follows exit %d, not %d" %
                      (b[-2][0], n))
    stop_words = "stop %d.1 (vmscope's, after exit %d)" % (n, n)
    for want in ("paused at " + stop_words, stop_words + ": DEBUG(4)",
                 "%d exits and 1 stop of vmscope's" % n):
        if want not in batch:
            errors.append("the batch does not say: " + want)
    return errors


def main():
    texts = [open(f, errors="replace").read() for f in sys.argv[1:4]]
    errors = check(*texts)
    for e in errors:
        print(e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
