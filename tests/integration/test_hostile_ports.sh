# A hostile guest (tests/guests/port_flood.S): a million writes and a
# million reads of ports no device claims.  Every read answers all ones,
# as on a PC, the guest checks each and ends with status 42: exactly
# 2,000,004 IO exits and nothing else, on every backend.  The trace is
# counted as it streams (two million lines are not kept).
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	trace_summary --backend $backend "$BUILD/tests/guests/port_flood.elf"
	[ "$status" -eq 42 ] ||
		fail "$backend: exit status $status, expected 42: $(head -3 "$TMP/err")"
	expect_only_reason "$backend" 2000004 IO
done
echo PASS
