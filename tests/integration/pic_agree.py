#!/usr/bin/env python3
"""The 8259s as `vmscope trace --pic` prints them and as the TUI's
Interrupts panel shows them (`vmscope run --batch`), for the same exit.

  pic_agree.py points TRACE K        the K-th (0-3) exit test_tui_pic_agree.sh
                                     stops at, from a text trace of echo typed
                                     at: pic_init's end, the HLT the key wakes,
                                     the key's injection, its EOI
  pic_agree.py compare TRACE BATCH N compare exit N

compare's status: 0 the same; 3 the two runs went different ways (exit N
is not the same exit, or a tick of the PIT waits in one run's IRR and not
in the other's: the PIT's ticks follow host time); 1 a field differs
(said on stdout).  The fields: each chip's vector base, IRR, ISR, IMR and
mode words, and what was injected before exit N's run.
"""
import re
import sys

EXIT = re.compile(r"^ *(\d+) ")
INJECT = re.compile(r"^       inject  (.*)$")
PIC = re.compile(r"^       pic     (master|slave) +base (0x..) irr (0x..)"
                 r"(?: \([^)]*\))? isr (0x..)(?: \([^)]*\))? imr (0x..)  (.*)$")


def read_trace(path):
    """Per exit N: its line, what went in before it, both chips after it."""
    exits, inject, chips = {}, None, {}
    last = None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = INJECT.match(line)
        if m:
            inject = m.group(1)
            continue
        m = PIC.match(line)
        if m and last is not None:
            chips[m.group(1)] = m.groups()[1:]
            exits[last]["chips"] = dict(chips)
            continue
        m = EXIT.match(line)
        if m and "L1 " in line:
            last = int(m.group(1))
            exits[last] = {"line": line, "inject": inject or "none",
                           "chips": dict(chips)}
            inject = None
    return exits


def points(path, k):
    exits = read_trace(path)
    seqs = sorted(exits)
    line = {n: exits[n]["line"] for n in seqs}
    init_end = next(n for n in seqs if "pic_init+0x42 " in line[n])
    key = next(n for n in seqs if exits[n]["inject"].startswith("IRQ 1 "))
    woken = max(n for n in seqs if n < key and " HLT(5) " in line[n])
    eoi = next(n for n in seqs if n > key and "pic_eoi+" in line[n])
    print([init_end, woken, key, eoi][k])


def read_panel(path):
    text = open(path, encoding="utf-8").read()
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


def batch_line(path, n):
    log = open(path, encoding="utf-8").read().split("== Exits ==\n", 1)[1]
    for row in log.splitlines():
        m = EXIT.match(row)
        if m and int(m.group(1)) == n:
            return row
    return None


def same_exit(trace_line, panel_line):
    """The log's columns are the trace's without the hardware one."""
    if panel_line is None:
        return False
    t, b = trace_line.split(), panel_line.split()
    del t[1], b[1]   # the time since the previous exit
    return t[:3] == b[:3] and " ".join(t[3:]).endswith(" ".join(b[3:]))


def timer_only(panel, trace):
    """Do the master's fields differ in IRR bit 0 (IRQ 0) alone?"""
    if panel is None or trace is None or panel == trace:
        return False
    irr = int(panel[1], 16) ^ int(trace[1], 16)
    return irr == 1 and panel[:1] + panel[2:] == trace[:1] + trace[2:]


def compare(trace, batch, n):
    exits = read_trace(trace)
    if n not in exits or not same_exit(exits[n]["line"], batch_line(batch, n)):
        return 3
    chips, inject = read_panel(batch)
    want = {c: list(v) for c, v in exits[n]["chips"].items()}
    if timer_only(chips.get("master"), want.get("master")):
        return 3
    bad = []
    for chip in ("master", "slave"):
        if chips.get(chip) != want.get(chip):
            bad.append(f"{chip}: panel {chips.get(chip)}, trace {want.get(chip)}")
    if inject != exits[n]["inject"]:
        bad.append(f"injected: panel {inject!r}, trace {exits[n]['inject']!r}")
    if bad:
        print(f"exit {n}: " + "; ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "points":
        points(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3], int(sys.argv[4])))
