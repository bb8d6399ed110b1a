#!/bin/sh
# --stack under --nested 1 unwinds L2's stack through L2's own page tables
# (L2-virtual -> L2-physical) and L1's nested page table (-> L1-physical),
# with L2's symbols: hello's printf path at L2 is exactly the one hello
# has run alone - from user_start through the int 0x80 boundary down to
# uart_putc - and L1's own exits keep L1's chains (its console printing
# L2's byte).  Text and JSON.  The software CPU only: the KVM backend
# cannot run an L2 yet (docs/NESTING.md).
. tests/integration/lib.sh
set -e

"$VMSCOPE" trace --nested 1 --backend soft --json --stack hello \
	>"$TMP/nested.jsonl" 2>/dev/null || fail "the nested trace failed"
"$VMSCOPE" trace --backend soft --json --stack hello \
	>"$TMP/alone.jsonl" 2>/dev/null || fail "hello's trace failed"
python3 - "$TMP/nested.jsonl" "$TMP/alone.jsonl" <<'PY' || exit 1
import json, sys

def exits(path):
    return [e for e in map(json.loads, open(path)) if "seq" in e]

def first_h(es, level):
    return next(e for e in es if e["level"] == level and "io" in e and
                e["io"]["port"] == 0x3f8 and e["io"]["dir"] == "out" and
                e["io"]["data"] == 0x48)

nested, alone = exits(sys.argv[1]), exits(sys.argv[2])
printf_path = ["user_start", "main", "printf", "vfprintf", "write",
               "int 0x80", "trap", "syscall_entry", "sys_write", "tty_write",
               "uart_putc"]
l2 = first_h(nested, 2)
if l2.get("stack") != printf_path:
    sys.exit("FAIL: L2's 'H' (exit %d) unwinds to %s" % (l2["seq"],
                                                         l2.get("stack")))
if first_h(alone, 1)["stack"] != l2["stack"]:
    sys.exit("FAIL: hello alone unwinds its 'H' to %s" %
             first_h(alone, 1)["stack"])
echo = next(e for e in nested if e["seq"] > l2["seq"] and e["level"] == 1
            and "io" in e and e["io"]["port"] == 0x3f8 and
            e["io"]["dir"] == "out")
want = ["_start", "kmain", "start_program", "hv_handle_exit", "console_puts",
        "tty_write", "uart_putc"]
if echo["stack"] != want:
    sys.exit("FAIL: L1 printing L2's 'H' (exit %d) unwinds to %s" %
             (echo["seq"], echo["stack"]))
first = next(e for e in nested if e["level"] == 2)
if first["stack"] != ["_start"]:
    sys.exit("FAIL: L2's first exit (at _start) unwinds to %s" %
             first["stack"])
missing = [e["seq"] for e in nested if "stack" not in e]
if missing:
    sys.exit("FAIL: exits without a stack: %s" % missing[:5])
# every byte L2 prints from hello's main comes down the printf path
for e in nested:
    if (e["level"] == 2 and "io" in e and e["io"]["port"] == 0x3f8 and
            e["io"]["dir"] == "out" and e["stack"][0] == "user_start" and
            e["stack"][1:5] != printf_path[1:5]):
        sys.exit("FAIL: L2's byte at exit %d unwinds to %s" %
                 (e["seq"], e["stack"]))
PY

"$VMSCOPE" trace --nested 1 --backend soft --stack hello >"$TMP/nested.txt" \
	2>/dev/null || fail "the nested text trace failed"
grep -A 1 " L2 IO(2) .*data=0x48 'H'  → reflected to L1" "$TMP/nested.txt" |
	sed -n 2p >"$TMP/h_stack"
echo "       stack: user_start > main > printf > vfprintf > write | int 0x80 | trap > syscall_entry > sys_write > tty_write > uart_putc" |
	diff - "$TMP/h_stack" || fail "L2's 'H' has not its stack line in text"
echo "PASS"
