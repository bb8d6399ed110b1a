# The hello guest on every backend: prints exactly its text, exits 0, and
# its trace has exactly one OUT to COM1's THR per byte printed, each right
# after one LSR read.
. tests/integration/lib.sh
set -e
printf 'Hello, world!\n2 + 40 = 42, in hex 0x2a\n' >"$TMP/expected"
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend --json --serial "$TMP/serial" hello \
		>"$TMP/trace.jsonl" 2>"$TMP/err"
	cat "$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: exit status $status, expected 0"
	cmp "$TMP/serial" "$TMP/expected" || fail "$backend: console output differs"
	grep -q 'guest exited with status 0' "$TMP/err" || fail "$backend: no exit note"
	python3 tests/integration/trace_check.py out-per-byte "$TMP/trace.jsonl" "$TMP/expected"
done
