# netecho over the built-in generator (--net gen) on every backend and
# receive path: 1000 frames of 1500 bytes arrive with every byte as sent
# (the guest checks), and each goes back through the transmit queue; the
# generator checks every byte of every echo (a wrong or missing one is a
# wire error), so the summary must count 1000 frames sent and 0 wire
# errors.  (Over a TAP: test_net_tap.sh.)
. tests/integration/lib.sh
set -e
printf 'netecho: 1000 frames of 1500 bytes, every byte as sent, all sent back\n' \
	>"$TMP/expected"
for backend in $(backends); do
	for path in emulated vhost zerocopy; do
		trace_summary --backend $backend --net gen:1500 --net-path $path \
			--serial "$TMP/serial" netecho
		cat "$TMP/err"
		[ "$status" -eq 0 ] || fail "$backend $path: status $status"
		cmp "$TMP/serial" "$TMP/expected" ||
			fail "$backend $path: console: $(cat "$TMP/serial")"
		python3 - "$TMP/summary" <<'PY' || fail "$backend $path: summary"
import json, sys
net = json.load(open(sys.argv[1]))["summary"]["net"]
got = (net["tx_packets"], net["wire_errors"])
if got != (1000, 0):
    sys.exit(f"(frames sent, wire errors) = {got}, expected (1000, 0)")
PY
	done
done
