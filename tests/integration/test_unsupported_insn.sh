# The software CPU meets an instruction it does not implement (x87 fninit):
# it stops with INTERNAL_ERROR and says why, vmscope exits 1 and the report names the
# instruction (capstone's disassembly), its bytes and where it was.
. tests/integration/lib.sh
set -e
run_status "$VMSCOPE" trace --backend soft "$BUILD/tests/guests/unsupported.elf" \
	>"$TMP/trace" 2>"$TMP/err"
cat "$TMP/err"
[ "$status" -eq 1 ] || fail "exit status $status, expected 1"
grep -q 'guest crashed: INTERNAL_ERROR(17): the soft backend stopped: an instruction the software CPU does not decode$' "$TMP/err" ||
	fail "no INTERNAL_ERROR(17) with the software CPU's reason"
grep -q '<use_x87>: fninit' "$TMP/err" || fail "the report does not name the instruction"
grep -q 'instruction bytes: db e3' "$TMP/err" || fail "the report does not give the bytes"
