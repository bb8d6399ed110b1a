# A sanitizer report fails a test, even a test that ignores the exit status
# of the program that made it: tests/run-one.sh (what tests/run-all.sh runs
# every integration test with) is given a scratch test that runs a program
# with a planted bug (tests/sanitizer/planted_bug.c) and ignores its status.
# And the binary tests/run-all.sh hands the integration tests is built with
# both sanitizers.
. tests/integration/lib.sh
set -e
bug="$BUILD/san/tests/planted_bug"
[ -x "$bug" ] || fail "$bug is not built (make check builds it)"

scratch() { # planted_bug argument
	printf '"%s" %s || true\necho "the scratch test ignores the status"\n' \
		"$bug" "$1" >"$TMP/scratch.sh"
	run_status tests/run-one.sh "$TMP/scratch.sh" "$VMSCOPE" "$BUILD" \
		"$TMP/reports" >"$TMP/out" 2>&1
}

caught() { # planted_bug argument, text of the report
	scratch "$1"
	[ "$status" -eq 1 ] || fail "$1: run-one.sh exit status $status, expected 1: $(cat "$TMP/out")"
	grep -qF "$2" "$TMP/out" || fail "$1: no '$2' in: $(cat "$TMP/out")"
	echo "caught: $1: $2"
}

caught heap 'ERROR: AddressSanitizer: heap-buffer-overflow'
caught signed 'runtime error: signed integer overflow'
caught leak 'ERROR: LeakSanitizer: detected memory leaks'

scratch none
[ "$status" -eq 0 ] || fail "none: run-one.sh exit status $status, expected 0: $(cat "$TMP/out")"
! grep -q 'sanitizer report' "$TMP/out" || fail "none: a report for a clean run"

# Both sanitizers are in the binary the integration tests run: ASan as a
# shared runtime, UBSan linked in statically (its handlers are in the file).
ldd "$BUILD/san/vmscope" | grep -q libasan ||
	fail "$BUILD/san/vmscope does not link libasan"
nm "$BUILD/san/vmscope" | grep -q __ubsan_handle ||
	fail "$BUILD/san/vmscope has no UBSan handlers"
echo PASS
