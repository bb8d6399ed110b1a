# The software CPU counts what goes through the guest's IDT by kind (SDM
# Vol. 3A, 6.3.3 software interrupts, 6.4 exceptions), and a delivery only
# once its handler's frame is written: hello takes no exception - its
# three `int $0x80` are INT n; fault makes one system call and takes one
# #PF; hostile's IDT has no entries, so its #BP, the #GP and the #DF they
# turn into deliver nothing (the triple fault is its SHUTDOWN exit).  The
# same counts in the trace's summary, its --json record and the TUI's
# Stats panel (run --batch).  Only the software CPU has these counters.
. tests/integration/lib.sh
set -e
check() { # guest exceptions int_n
	run_status "$VMSCOPE" trace --backend soft "$1" >"$TMP/out" 2>"$TMP/err"
	grep -qx "          exceptions $(printf %10s "$2")   exceptions delivered through the guest's IDT" "$TMP/out" &&
	grep -qx " software_interrupts $(printf %10s "$3")   INT n instructions delivered through the guest's IDT" "$TMP/out" ||
		fail "$1: the summary: $(grep -E 'exceptions|interrupts' "$TMP/out")"

	trace_summary --backend soft "$1"
	python3 - "$TMP/summary" "$@" <<'PY' || exit 1
import json, sys
c = json.load(open(sys.argv[1]))["summary"]["counters"]
want = {"exceptions": int(sys.argv[3]), "software_interrupts": int(sys.argv[4]),
        "interrupts": 0}
got = {k: c.get(k) for k in want}
if got != want:
    sys.exit(f"FAIL: {sys.argv[2]}: --json counters {got}, expected {want}")
PY

	run_status "$VMSCOPE" run --batch --backend soft "$1" >"$TMP/out" 2>"$TMP/err"
	sed -n '/== Stats ==/,/== Status/p' "$TMP/out" | tr '\n' ' ' | tr -s ' ' |
		grep -q "IDT: $2 exceptions, $3 INT n, 0 interrupts" ||
		fail "$1: the Stats panel: $(sed -n '/== Stats ==/,/== Status/p' "$TMP/out")"
}
check hello 0 3
check fault 1 1
check hostile 0 0

# The Stats row counts the hardware interrupts wherever the 8259 lives:
# echo's ten keyboard interrupts (make and break codes of a, b, Enter and
# Ctrl-D; a timer tick or two may come on top) are in it with vmscope's
# PIC and with the CPU's own chip (--irqchip kernel).  It said
# "0 PIC interrupts" for the second.
for chip in user kernel; do
	run_status "$VMSCOPE" run --batch --backend soft --irqchip $chip \
		--keys 'ab\n\x04' echo >"$TMP/out" 2>"$TMP/err"
	n=$(sed -n '/== Stats ==/,/== Status/p' "$TMP/out" | tr '\n' ' ' | tr -s ' ' |
		sed -n 's/.*IDT: 0 exceptions, 4 INT n, \([0-9]*\) interrupts.*/\1/p')
	[ -n "$n" ] && [ "$n" -ge 10 ] ||
		fail "echo --irqchip $chip: the Stats panel: $(grep IDT "$TMP/out")"
done
echo "PASS: idt counts"
