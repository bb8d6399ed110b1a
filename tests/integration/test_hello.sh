# The hello guest on KVM: prints exactly its text, exits 0, and its trace
# has exactly one OUT to COM1's THR per byte printed, each right after one
# LSR read.
. tests/integration/lib.sh
require kvm
set -e
printf 'Hello, world!\n2 + 40 = 42, in hex 0x2a\n' >"$TMP/expected"
run_status "$VMSCOPE" trace --backend kvm --json --serial "$TMP/serial" hello \
	>"$TMP/trace.jsonl" 2>"$TMP/err"
cat "$TMP/err"
[ "$status" -eq 0 ] || fail "exit status $status, expected 0"
cmp "$TMP/serial" "$TMP/expected" || fail "console output differs"
grep -q 'guest exited with status 0' "$TMP/err" || fail "no exit note"
python3 tests/integration/trace_check.py out-per-byte "$TMP/trace.jsonl" "$TMP/expected"
