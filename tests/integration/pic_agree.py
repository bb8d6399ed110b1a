#!/usr/bin/env python3
"""The 8259s as `vmscope trace --pic` prints them and as the TUI's
Interrupts panel shows them (`vmscope run --batch --until COND`), at the
same exit.

  pic_agree.py TRACE BATCH COND

COND is the batch's --until: exits:N, reason:NAME or io:PORT=DATA.  The
trace's exit is the first that matches it, as the batch stopped at the
first; the exit numbers may differ (an INTR exit may be a kick of the
TUI's own, on host time).  Both runs are made with --clock insn: the PIT's
ticks come at the same instructions in both, so the two runs go the same
way - a tick waits in IRR at the exit in both or in neither.  Status: 0
the same; 1 the batch stopped at another exit, or a field differs (said
on stdout).  The fields: each chip's vector base, IRR, ISR, IMR and mode
words, and what was injected before the exit's run.
"""
import re
import sys

EXIT = re.compile(r"^ *(\d+) ")
INJECT = re.compile(r"^       inject  (.*)$")
PIC = re.compile(r"^       pic     (master|slave) +base (0x..) irr (0x..)"
                 r"(?: \([^)]*\))? isr (0x..)(?: \([^)]*\))? imr (0x..)  (.*)$")
IO = re.compile(r" port=(0x[0-9a-f]+) (?:in|out) size=\d data=(0x[0-9a-f]+)")


def read_trace(path):
    """The exits in order: each one's line, what went in before it, both
    chips after it."""
    exits, inject, chips = [], None, {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = INJECT.match(line)
        if m:
            inject = m.group(1)
            continue
        m = PIC.match(line)
        if m and exits:
            chips[m.group(1)] = list(m.groups()[1:])
            exits[-1]["chips"] = {c: list(v) for c, v in chips.items()}
            continue
        m = EXIT.match(line)
        if m and " L1 " in line:
            exits.append({"seq": int(m.group(1)), "line": line,
                          "inject": inject or "none",
                          "chips": {c: list(v) for c, v in chips.items()}})
            inject = None
    return exits


def matches(e, cond):
    kind, _, what = cond.partition(":")
    if kind == "exits":
        return e["seq"] == int(what)
    if kind == "reason":
        return f" {what}(" in e["line"]
    port, _, data = what.partition("=")
    m = IO.search(e["line"])
    return bool(m) and int(m.group(1), 16) == int(port, 16) and \
        (not data or int(m.group(2), 16) == int(data, 16))


def read_panel(text):
    panel = text.split("== Interrupts ==\n", 1)[1].split("\n== ", 1)[0]
    chips, modes, inject = {}, {}, None
    for row in panel.splitlines():
        m = re.match(r"^(master|slave) +(0x..)-.. +(0x..) (0x..) (0x..)$", row)
        if m:
            chips[m.group(1)] = list(m.groups()[1:])
        m = re.match(r"^(mode|master|slave): (.*)$", row)
        if m:
            for chip in (["master", "slave"] if m.group(1) == "mode"
                         else [m.group(1)]):
                modes[chip] = m.group(2)
        if row.startswith("injected: "):
            inject = row[len("injected: "):]
    for chip in chips:
        chips[chip].append(modes.get(chip))
    return chips, inject


def stop_line(text):
    """The exit log's line of the exit the batch stopped at."""
    n = int(re.search(r"^exit (\d+): ", text, re.M).group(1))
    log = text.split("== Exits ==\n", 1)[1]
    for row in log.splitlines():
        m = EXIT.match(row)
        if m and int(m.group(1)) == n:
            return row
    return None


def same_exit(trace_line, log_line):
    """The log's columns are the trace's without the hardware one; the
    number and the time since the exit before may differ."""
    if log_line is None:
        return False
    t, b = trace_line.split(), log_line.split()
    return t[2:4] == b[2:4] and " ".join(t[4:]).endswith(" ".join(b[4:]))


def compare(trace, batch, cond):
    text = open(batch, encoding="utf-8").read()
    e = next((e for e in read_trace(trace) if matches(e, cond)), None)
    if e is None or not same_exit(e["line"], stop_line(text)):
        print(f"{cond}: the batch stopped at {stop_line(text)!r}, the "
              f"trace's first such exit is {e and e['line']!r}")
        return 1
    chips, inject = read_panel(text)
    want = e["chips"]
    bad = []
    for chip in ("master", "slave"):
        if chips.get(chip) != want.get(chip):
            bad.append(f"{chip}: panel {chips.get(chip)}, trace {want.get(chip)}")
    if inject != e["inject"]:
        bad.append(f"injected: panel {inject!r}, trace {e['inject']!r}")
    if bad:
        print(f"{cond} (trace's exit {e['seq']}): " + "; ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(compare(sys.argv[1], sys.argv[2], sys.argv[3]))
