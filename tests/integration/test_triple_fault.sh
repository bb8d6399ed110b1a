# A guest that triple-faults: vmscope stops cleanly, exits 1, and reports
# SHUTDOWN with the guest's last RIP and symbol.  On every backend.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend "$BUILD/tests/guests/triple_fault.elf" \
		>"$TMP/trace" 2>"$TMP/err"
	cat "$TMP/err"
	[ "$status" -eq 1 ] || fail "$backend: exit status $status, expected 1"
	grep -q 'guest crashed: SHUTDOWN(8)' "$TMP/err" || fail "$backend: no SHUTDOWN(8) in the report"
	grep -q 'crash_here' "$TMP/err" || fail "$backend: the report does not name the last RIP's symbol"
	grep -q 'rip=' "$TMP/err" || fail "$backend: the report has no registers"
	grep -q 'SHUTDOWN(8)' "$TMP/trace" || fail "$backend: the trace has no SHUTDOWN exit"
done
