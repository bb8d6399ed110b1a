# A hostile guest (tests/guests/big_output.S) prints 1 MiB through the
# UART, every byte value included: the console file (--serial) must hold
# exactly those bytes, in order, on every backend; 1,048,577 IO exits and
# status 0.  The trace is counted as it streams.
. tests/integration/lib.sh
set -e
python3 -c '
import sys
sys.stdout.buffer.write(bytes((7 * i + i // 256) & 0xff for i in range(1 << 20)))
' >"$TMP/expected"
for backend in $(backends); do
	trace_summary --backend $backend --serial "$TMP/console" \
		"$BUILD/tests/guests/big_output.elf"
	[ "$status" -eq 0 ] || fail "$backend: exit status $status: $(head -3 "$TMP/err")"
	cmp "$TMP/expected" "$TMP/console" ||
		fail "$backend: the console differs from the bytes the guest wrote"
	expect_only_reason "$backend" 1048577 IO
done
echo PASS
