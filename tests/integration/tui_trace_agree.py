#!/usr/bin/env python3
"""Compare the TUI's exit log (`vmscope run --batch`) with `vmscope trace`.

Usage: tui_trace_agree.py TRACE_TEXT BATCH_TEXT REASON

TRACE_TEXT is what `vmscope trace` printed for the guest, BATCH_TEXT what
`vmscope run --batch --until reason:REASON` printed for the same guest and
options.  The batch stopped at the first exit with that reason; every exit
its log shows is compared, field by field, with the tracer's line for the
same exit: sequence number, nesting level, KVM's reason, RIP's symbol, the
instruction and the payload (port, direction, size, data; GPA, length, data;
...), for the lines of the log and for the selected exit in full under it.
The hardware reason is left out: the trace (and --json) give a brief form
of it, the TUI's detail the words (core/exit.c's, for both).

Both runs are made with --clock insn (core/vm_clock.h): the machine's time
is the software CPU's instructions, so a guest that takes the PIT's ticks
takes them at the same instructions in both, and the exits carry the same
numbers - one comparison, never a second run.

The time since the previous exit is the one column that differs by nature.
A log line the panel cut at its width is compared as far as it goes.
Prints what differs and exits 1, or exits 0.
"""
import re
import sys

LINE = re.compile(r"^\s*(\d+)\s+(?:\+[0-9.]+(?:us|ms|s)\s+)?(?:L(\d+)\s+)?"
                  r"([A-Z_]+\(\d+\)|UNKNOWN\(\d+\))\s+(.*)$")
PAYLOAD = re.compile(r"\b(?:port|gpa|suberror|hw_entry_failure|exception)=")
DETAIL = re.compile(r"^exit (\d+): (\S+)\s+hardware: (.*?)\s+cpl \d+")
AT = re.compile(r"^at (\S+): (.*)$")
TWIN_WIDTH = 120
CUT_MARK = ">"      # the twin's mark at the end of a line the panel cut


def squeeze(text):
    return " ".join(text.split())


def fields(rest):
    """sym, insn, payload of a line's text after the reason."""
    rest = squeeze(rest)
    m = PAYLOAD.search(rest)
    payload = rest[m.start():] if m else ""
    head = rest[:m.start()].strip() if m else rest
    sym, _, insn = head.partition(" ")
    return sym, insn.strip(), payload


def trace_lines(path):
    out = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            if m:
                out[int(m.group(1))] = m
    return out


def batch_lines(path):
    """The log lines (oldest first), and the detail's two lines."""
    log, detail, at = [], None, None
    section = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("== "):
                section = line == "== Exits =="
                continue
            if not section:
                continue
            cut = len(line) >= TWIN_WIDTH
            if cut and line.endswith(CUT_MARK):
                line = line[:-len(CUT_MARK)]
            m = LINE.match(line)
            if m and detail is None:
                log.append((m, cut))
            elif DETAIL.match(line):
                detail = DETAIL.match(line)
            elif detail and at is None and AT.match(line):
                at = AT.match(line)
    return log, detail, at


def split_trace(trace_rest, tui_rest, cut):
    """The tracer's text after the reason is its hardware column, then
    what the log shows; returns (hw, the rest) or None."""
    t, u = squeeze(trace_rest), squeeze(tui_rest)
    if cut:
        # what was cut was a whole word or more; a half word, if any,
        # is left out too
        u = u.rsplit(" ", 1)[0]
        i = t.find(" " + u)
        return (t[:i], t[i + 1:]) if i >= 0 else None
    if t.endswith(" " + u):
        return t[:len(t) - len(u) - 1], u
    return None


def compare_line(m, cut, tr, problems):
    seq = int(m.group(1))
    where = "exit %d (trace's %s)" % (seq, tr.group(1))
    if m.group(2) != tr.group(2):
        problems.append("%s: level L%s, trace L%s" %
                        (where, m.group(2), tr.group(2)))
    if m.group(3) != tr.group(3):
        problems.append("%s: reason %s, trace %s" %
                        (where, m.group(3), tr.group(3)))
        return
    split = split_trace(tr.group(4), m.group(4), cut)
    if split is None:
        mine = fields(m.group(4))
        theirs = trace_fields(tr, mine[0])
        for name, a, b in zip(("symbol", "instruction", "payload"),
                              mine, theirs):
            if cut and name == "payload":
                b = b[:len(a)]
            if a != b:
                problems.append("%s: %s '%s', trace '%s'" %
                                (where, name, a, b))
        if not any(p.startswith(where) for p in problems):
            problems.append("%s: '%s' is not in the trace's '%s'" %
                            (where, squeeze(m.group(4)),
                             squeeze(tr.group(4))))
    return split


def trace_fields(tr, sym):
    """The tracer's sym, insn, payload: its fields start at the symbol
    (the hardware column before it is left out)."""
    t = squeeze(tr.group(4))
    i = t.find(" " + sym + " ")
    return fields(t[i + 1:] if i >= 0 else t)


def pair(log, trace):
    """Each log line with the trace's line of the same number (None when
    the trace has none)."""
    return [(m, cut, trace.get(int(m.group(1)))) for m, cut in log]


def compare_detail(detail, at, tr, shown, problems):
    """The selected exit in full: reason, RIP, instruction, payload."""
    if detail.group(2) != tr.group(3):
        problems.append("detail: reason %s, trace %s" %
                        (detail.group(2), tr.group(3)))
    if tr.group(1) not in shown:
        return
    rest = shown[tr.group(1)][1]
    mine = fields(at.group(1) + " " + at.group(2))
    for name, a, b in zip(("symbol", "instruction", "payload"),
                          mine, fields(rest)):
        if a != b:
            problems.append("detail: %s '%s', trace '%s'" % (name, a, b))


def main():
    trace_path, batch_path, reason = sys.argv[1:4]
    trace = trace_lines(trace_path)
    log, detail, at = batch_lines(batch_path)
    problems = []
    if not log or detail is None or at is None:
        print("the batch shows no exit log with a detail")
        return 1
    newest = log[-1][0]
    if not newest.group(3).startswith(reason + "("):
        print("the batch stopped at %s, not at a %s exit" %
              (newest.group(3), reason))
        return 1
    if detail.group(1) != newest.group(1):
        print("the detail shows exit %s, not the newest" % detail.group(1))
        return 1
    pairs = pair(log, trace)
    shown = {}      # trace's number -> (hardware reason, the rest)
    for m, cut, tr in pairs:
        if tr is None:
            problems.append("exit %s: not in the trace" % m.group(1))
            continue
        split = compare_line(m, cut, tr, problems)
        if split:
            shown[tr.group(1)] = split
    if pairs[-1][0] is newest and pairs[-1][2] is not None:
        compare_detail(detail, at, pairs[-1][2], shown, problems)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
