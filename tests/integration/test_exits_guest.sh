# The exits guest on every backend: OUT, IN, MMIO write, MMIO read, CPUID
# (no exit reaches vmscope) and HLT, each announced on the console before
# it happens, with the right payloads; HLT with interrupts off ends the run
# with status 0.  The summary shows the backend's own counters.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend --json --serial "$TMP/serial" exits \
		>"$TMP/trace.jsonl" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: exit status $status, expected 0"
	grep -q 'guest halted (HLT with interrupts off)' "$TMP/err" || fail "$backend: no halt note"
	python3 tests/integration/trace_check.py exits-guest "$TMP/trace.jsonl"
	python3 tests/integration/trace_check.py handled-inside "$TMP/trace.jsonl" $backend
	"$VMSCOPE" trace --backend $backend --serial /dev/null exits >"$TMP/trace.txt" 2>/dev/null
	grep -q "The $backend backend's own counters" "$TMP/trace.txt" ||
		fail "$backend: the text summary does not show the backend's counters"
done
