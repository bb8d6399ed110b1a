# The exits guest: OUT, IN, MMIO write, MMIO read, CPUID (no exit reaches
# vmscope) and HLT, each announced on the console before it happens, with
# the right payloads; HLT with interrupts off ends the run with status 0.
. tests/integration/lib.sh
require kvm
set -e
run_status "$VMSCOPE" trace --backend kvm --json --serial "$TMP/serial" exits \
	>"$TMP/trace.jsonl" 2>"$TMP/err"
[ "$status" -eq 0 ] || fail "exit status $status, expected 0"
grep -q 'guest halted (HLT with interrupts off)' "$TMP/err" || fail "no halt note"
python3 tests/integration/trace_check.py exits-guest "$TMP/trace.jsonl"
python3 tests/integration/trace_check.py kernel-handled "$TMP/trace.jsonl"
"$VMSCOPE" trace --backend kvm --serial /dev/null exits >"$TMP/trace.txt" 2>/dev/null
grep -q "exits in all, [0-9]* reached vmscope; handled inside the kernel, never seen by user space: [0-9]" "$TMP/trace.txt" ||
	fail "the text summary does not show the exits KVM handled itself"
