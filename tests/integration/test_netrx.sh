# netrx over the built-in generator (--net gen) on every backend: 1000
# frames of 64, 1500 and 9000 bytes arrive in order with every byte as
# sent (the guest checks each), on the emulated path; without a card the
# guest says so and exits 1; a bad --net is a usage error.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	for size in 64 1500 9000; do
		run_status "$VMSCOPE" trace --backend $backend --net gen:$size \
			--serial "$TMP/serial" netrx >/dev/null 2>"$TMP/err"
		cat "$TMP/err"
		[ "$status" -eq 0 ] || fail "$backend $size: status $status"
		printf 'netrx: 1000 frames of %d bytes, %d bytes, every byte as sent\n' \
			$size $((size * 1000)) >"$TMP/expected"
		cmp "$TMP/serial" "$TMP/expected" ||
			fail "$backend $size: console: $(cat "$TMP/serial")"
	done
	run_status "$VMSCOPE" trace --backend $backend --serial "$TMP/serial" \
		netrx >/dev/null 2>&1
	[ "$status" -eq 1 ] || fail "$backend: no card: status $status"
	echo 'netrx: no virtio-net card (start vmscope with --net)' >"$TMP/expected"
	cmp "$TMP/serial" "$TMP/expected" || fail "$backend: no card: $(cat "$TMP/serial")"
done
run_status "$VMSCOPE" trace --net gen:63 netrx >/dev/null 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "--net gen:63: status $status"
grep -qx "vmscope trace: --net frame size '63': out of range (64 to 65536)" \
	"$TMP/err" || fail "--net gen:63: $(cat "$TMP/err")"
