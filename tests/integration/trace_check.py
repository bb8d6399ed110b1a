"""tests/integration/trace_check.py - assertions over a vmscope JSON trace.

Used by the integration tests:  python3 trace_check.py CHECK TRACE.jsonl [ARGS]
Each check exits 0 when the trace is right, or prints what is wrong and
exits 1.  The trace is JSON Lines; the last record is {"summary": ...}.
"""
import json
import sys

COM1_THR, COM1_LSR = 0x3F8, 0x3FD
VGA_CRTC_INDEX, VGA_CRTC_DATA = 0x3D4, 0x3D5


def load(path):
    exits, summary = [], None
    with open(path) as f:
        for n, line in enumerate(f, 1):
            rec = json.loads(line)   # a line that is not JSON fails here
            if "summary" in rec:
                summary = rec["summary"]
            else:
                exits.append(rec)
    if summary is None:
        sys.exit("no summary record at the end")
    return exits, summary


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def is_io(e, port, direction):
    return e["reason"] == "IO" and e["io"]["port"] == port and \
        e["io"]["dir"] == direction


def is_cursor_update(e):
    """The console moving the VGA cursor (CRTC index/data), once per
    console write."""
    return e["reason"] == "IO" and e["io"]["port"] in (VGA_CRTC_INDEX, VGA_CRTC_DATA) \
        and e["sym"].startswith("vga_update_cursor")


def is_thr_write(e):
    """A byte printed: an OUT to THR from the UART driver.  (uart_init also
    writes port 0x3f8, but with LCR.DLAB set: that is the divisor latch.)"""
    return is_io(e, COM1_THR, "out") and e["sym"].startswith("uart_putc")


def serial_bytes(exits):
    return bytes(e["io"]["data"] for e in exits if is_thr_write(e))


def check_one_out_per_byte(exits, expected_path):
    """One OUT to THR per byte printed, each right after one LSR read."""
    expected = open(expected_path, "rb").read()
    if serial_bytes(exits) != expected:
        fail("THR writes spell %r, expected %r" % (serial_bytes(exits), expected))
    for i, e in enumerate(exits):
        if is_io(e, COM1_THR, "out") and not is_thr_write(e) and \
                not e["sym"].startswith("uart_init"):
            fail("exit %d writes port 0x3f8 from %s" % (e["seq"], e["sym"]))
        if not is_thr_write(e):
            continue
        prev = exits[i - 1] if i else None
        if prev is None or not is_io(prev, COM1_LSR, "in"):
            fail("exit %d (THR write) is not preceded by an LSR read" % e["seq"])
        if prev["io"]["data"] & 0x20 == 0:
            fail("LSR read %d did not report THRE" % prev["seq"])
        if i > 1 and is_io(exits[i - 2], COM1_LSR, "in"):
            fail("two LSR reads before THR write %d" % e["seq"])
    if [e["seq"] for e in exits] != list(range(1, len(exits) + 1)):
        fail("sequence numbers are not 1, 2, 3 ...")


def check_stack(exits, *required):
    """Every THR write from the user program unwinds through `required`,
    in order, outermost first (the trap boundary matched by prefix)."""
    user = [e for e in exits if is_thr_write(e)]
    if not user:
        fail("no THR writes")
    for e in user:
        stack, pos = e["stack"], 0
        for want in required:
            while pos < len(stack) and not stack[pos].startswith(want):
                pos += 1
            if pos == len(stack):
                fail("exit %d: stack %s lacks %r in order" % (e["seq"], stack, want))
            pos += 1
        if stack[-1] != "uart_putc":
            fail("exit %d: innermost frame is %s" % (e["seq"], stack[-1]))


def check_exits_guest(exits):
    """The exits guest: its demonstrations in the order it announces them,
    each announced (on the console) before it happens, with the payloads."""
    demos = [
        ("OUT: writing 0xa5", lambda e: is_io(e, 0x3FF, "out") and e["io"]["data"] == 0xA5
         and e["insn"].startswith("out ")),
        ("IN: reading it back", lambda e: is_io(e, 0x3FF, "in") and e["io"]["data"] == 0xA5
         and e["insn"].startswith("in ")),
        ("MMIO write: 0x12345678", lambda e: e["reason"] == "MMIO" and e["mmio"]["dir"] == "out"
         and e["mmio"]["gpa"] == 0xD0000000 and e["mmio"]["len"] == 4
         and e["mmio"]["data"] == 0x12345678 and e["insn"].startswith("mov")),
        ("MMIO read: 4 bytes", lambda e: e["reason"] == "MMIO" and e["mmio"]["dir"] == "in"
         and e["mmio"]["gpa"] == 0xD0000000 and e["mmio"]["len"] == 4
         and e["mmio"]["data"] == 0xFFFFFFFF and e["insn"].startswith("mov")),
        ("HLT: with interrupts off", lambda e: e["reason"] == "HLT" and e["insn"] == "hlt"),
    ]
    console = b""
    pending = list(demos)
    for e in exits:
        if is_thr_write(e):
            console += bytes([e["io"]["data"]])
            continue
        if is_io(e, COM1_LSR, "in") or is_io(e, 0xF4, "out") or is_cursor_update(e):
            continue
        if e["sym"].startswith("uart_init"):
            continue
        if not pending:
            fail("unexpected exit %d (%s) after the last demonstration" % (e["seq"], e["reason"]))
        text, matches = pending.pop(0)
        if not matches(e):
            fail("exit %d is %s, expected the one for %r" % (e["seq"], json.dumps(e), text))
        last_line = console.decode().rstrip("\n").split("\n")[-1]
        if not last_line.startswith(text):
            fail("exit %d came after %r, not after its announcement %r" % (e["seq"], last_line, text))
    if pending:
        fail("demonstrations missing: %s" % [t for t, _ in pending])
    if "CPUID: KVM answers it" not in console.decode():
        fail("the CPUID step was not announced")
    if any("cpuid" in e["insn"] for e in exits):
        fail("a CPUID reached vmscope")


def check_agrees_with_text(exits, text_path):
    """The text trace says, line by line, what the JSON trace says."""
    lines = [l for l in open(text_path) if l[:6].strip().isdigit()]
    if len(lines) != len(exits):
        fail("text trace has %d exit lines, JSON %d" % (len(lines), len(exits)))
    for e, line in zip(exits, lines):
        fields = [str(e["seq"]), "L%d" % e["level"],
                  "%s(%d)" % (e["reason"], e["reason_num"]), e["hw_reason"],
                  e["sym"], e["insn"]]
        if "io" in e:
            io = e["io"]
            fields.append("port=0x%x %s size=%d data=0x%x" %
                          (io["port"], io["dir"], io["size"], io["data"]))
        if "mmio" in e:
            m = e["mmio"]
            fields.append("gpa=0x%x %s len=%d data=0x%x" %
                          (m["gpa"], "write" if m["dir"] == "out" else "read",
                           m["len"], m["data"]))
        pos = 0
        for f in fields:
            found = line.find(f, pos)
            if found < 0:
                fail("text line %r lacks %r (from JSON exit %d)" % (line, f, e["seq"]))
            pos = found + len(f)


def check_handled_inside(summary, backend):
    """The backend's own counters are in the summary.  KVM: see
    check_kernel_handled.  The software CPU answers the CPUID itself and
    counts it, and counts the instructions it ran."""
    if backend == "kvm":
        check_kernel_handled(summary)
        return
    counters = summary["counters"]
    if counters.get("cpuid") != 1:
        fail("the soft CPU counted %s CPUIDs, the guest ran 1" % counters.get("cpuid"))
    if counters.get("instructions", 0) < 1000:
        fail("the soft CPU counted %s instructions" % counters.get("instructions"))


def check_kernel_handled(summary):
    """KVM's own counters are in the summary, and KVM counts at least the
    exits that reached vmscope.  (How many more depends on the host: on
    hardware KVM the CPUID is an exit handled in the kernel; on PVM the
    ring-0 CPUID runs inside KVM's emulator and is no exit at all.)"""
    counters = summary["counters"]
    for name in ("exits", "mmio_exits", "halt_exits"):
        if name not in counters:
            fail("KVM's counter %s is missing from the summary: %s" % (name, counters))
    if counters["exits"] < summary["exits"]:
        fail("KVM counted %d exits, fewer than the %d that reached vmscope"
             % (counters["exits"], summary["exits"]))
    if counters["mmio_exits"] != 2 or counters["halt_exits"] != 1:
        fail("KVM counted %d MMIO and %d HLT exits, the guest made 2 and 1"
             % (counters["mmio_exits"], counters["halt_exits"]))


def exit_key(e):
    """What must be equal about an exit on every backend."""
    key = [e["reason"], e["rip"]]
    if "io" in e:
        io = e["io"]
        key += [io["port"], io["dir"], io["size"], io["data"], io["count"]]
    if "mmio" in e:
        m = e["mmio"]
        key += [m["gpa"], m["dir"], m["len"], m["data"]]
    return key


def check_same_as(exits, summary, other_path, *may_differ):
    """Two backends, one guest: the same user-space exits in the same
    order, and the same final general-purpose registers and flags, but for
    the registers named in may_differ."""
    other, other_summary = load(other_path)
    for i, (a, b) in enumerate(zip(exits, other)):
        if exit_key(a) != exit_key(b):
            fail("exit %d differs:\n  %s\n  %s" % (i + 1, json.dumps(a), json.dumps(b)))
    if len(exits) != len(other):
        fail("%d exits against %d" % (len(exits), len(other)))
    regs, other_regs = summary["final_regs"], other_summary["final_regs"]
    for name in regs:
        if name != "rip" and name not in may_differ and regs[name] != other_regs[name]:
            fail("final %s: 0x%x against 0x%x" % (name, regs[name], other_regs[name]))


def main():
    check, path, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    exits, summary = load(path)
    if summary["exits"] != len(exits):
        fail("summary counts %d exits, trace has %d" % (summary["exits"], len(exits)))
    if check == "handled-inside":
        check_handled_inside(summary, *args)
        return
    if check == "same-as":
        check_same_as(exits, summary, *args)
        return
    {"out-per-byte": check_one_out_per_byte, "stack": check_stack,
     "exits-guest": check_exits_guest, "agrees": check_agrees_with_text}[check](exits, *args)


if __name__ == "__main__":
    main()
