# netrx over the built-in generator (--net gen) on every backend: 1000
# frames of 64, 1500 and 9000 bytes arrive in order with every byte as
# sent (the guest checks each), on the emulated path, and 9000-byte ones
# on the vhost and zerocopy paths, whose summaries say who copied: the
# copying paths copied every byte, zerocopy none.  Without a card the
# guest says so and exits 1; a bad --net or --net-path is a usage error.
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
	for path in emulated vhost zerocopy; do
		trace_summary --backend $backend --net gen:9000 --net-path $path \
			--serial "$TMP/serial" netrx
		cat "$TMP/err"
		[ "$status" -eq 0 ] || fail "$backend $path: status $status"
		printf 'netrx: 1000 frames of 9000 bytes, 9000000 bytes, every byte as sent\n' \
			>"$TMP/expected"
		cmp "$TMP/serial" "$TMP/expected" ||
			fail "$backend $path: console: $(cat "$TMP/serial")"
		python3 - "$TMP/summary" $path <<'PY' || fail "$backend $path: summary"
import json, sys
net = json.load(open(sys.argv[1]))["summary"]["net"]
frames = net["rx_packets"]
assert net["path"] == sys.argv[2], net
assert frames >= 1000 and net["dropped"] == 0, net
copied, placed = (frames * 9012, 0) if sys.argv[2] != "zerocopy" else (0, frames * 9012)
assert (net["bytes_copied"], net["bytes_placed"]) == (copied, placed), net
PY
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
# every character read, and quoted as typed (a 24-byte copy cut them)
run_status "$VMSCOPE" trace --net gen:00000000000000000000064garbage netrx >/dev/null 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "--net gen:...garbage: status $status"
grep -q "^vmscope trace: --net frame size '00000000000000000000064garbage': " \
	"$TMP/err" || fail "--net gen:...garbage: $(cat "$TMP/err")"
run_status "$VMSCOPE" trace --net gen:1500,99999999999999999999 netrx >/dev/null 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "--net gen:1500,<20 nines>: status $status"
grep -q "^vmscope trace: --net rate '99999999999999999999': " \
	"$TMP/err" || fail "--net gen:1500,<20 nines>: $(cat "$TMP/err")"
run_status "$VMSCOPE" trace --net gen --net-path dma netrx >/dev/null 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "--net-path dma: status $status"
grep -qx "vmscope trace: --net-path 'dma': say emulated, vhost or zerocopy" \
	"$TMP/err" || fail "--net-path dma: $(cat "$TMP/err")"
