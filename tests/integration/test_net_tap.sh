# netrx and netecho over a TAP device, in a network namespace of the
# test's own (vmscope-test-PID, deleted at the end): vmscope attaches to
# the TAP, and a sender in the same namespace (net_send.py, an AF_PACKET
# socket) sends 1000 of the generator's frames through it.  netrx checks
# every byte, on the emulated and vhost paths.  On the zerocopy path a
# sender this fast overruns the 16 fallback slots while the guest is
# behind: what they cannot hold is dropped and counted, and nothing that
# arrives is corrupted - netrx checks every byte of each frame it gets,
# and the frames it found missing are no more than the card's count of
# drops (the sender trickles frames after its 1000 until netrx has 1000).
# netecho
# checks every byte and sends each frame back, on all three paths; the
# sender sends one frame at a time and checks every byte of each echo.
# Skipped when this host does not allow network namespaces or TAP devices.
. tests/integration/lib.sh
set -e
ns=vmscope-test-$$
if ! ip netns add $ns 2>"$TMP/err"; then
	echo "SKIP: cannot create a network namespace: $(cat "$TMP/err")"
	exit 77
fi
trap 'ip netns del $ns 2>/dev/null; rm -rf "$TMP"' EXIT
in_ns() { ip netns exec $ns "$@"; }
if ! in_ns ip tuntap add dev vt0 mode tap 2>"$TMP/err"; then
	echo "SKIP: cannot create a TAP device: $(cat "$TMP/err")"
	exit 77
fi
# No IPv6 chatter on the wire, and room for every frame while the guest
# is behind.
in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1
in_ns ip link set vt0 txqueuelen 5000 up

# The TAP has a carrier while a process is attached to it: vmscope.
attached() {
	for i in $(seq 3000); do
		[ "$(in_ns cat /sys/class/net/vt0/carrier)" = 1 ] && return 0
		kill -0 $1 2>/dev/null || return 1
		sleep 0.01
	done
	return 1
}

printf 'netrx: 1000 frames of 1500 bytes, 1500000 bytes, every byte as sent\n' \
	>"$TMP/expected"
for path in emulated vhost; do
	in_ns "$VMSCOPE" trace --backend soft --net tap:vt0 --net-path $path \
		--serial "$TMP/serial" netrx >/dev/null 2>"$TMP/err" &
	pid=$!
	attached $pid || { cat "$TMP/err"; fail "$path: vmscope never attached to vt0"; }
	in_ns python3 tests/integration/net_send.py vt0 1000 1500
	run_status wait $pid
	cat "$TMP/err"
	[ "$status" -eq 0 ] || fail "$path: status $status"
	cmp "$TMP/serial" "$TMP/expected" ||
		fail "$path: console: $(cat "$TMP/serial")"
done

# zerocopy under a fast sender: counted drops, nothing corrupted.
in_ns "$VMSCOPE" trace --json --backend soft --net tap:vt0 --net-path zerocopy \
	--serial "$TMP/serial" netrx >"$TMP/trace" 2>"$TMP/err" &
pid=$!
attached $pid || { cat "$TMP/err"; fail "zerocopy: vmscope never attached to vt0"; }
in_ns python3 tests/integration/net_send.py vt0 1000 1500 --until $pid
run_status wait $pid
cat "$TMP/err"
[ "$status" -eq 0 ] || fail "zerocopy: status $status"
tail -n 1 "$TMP/trace" >"$TMP/summary"
python3 - "$TMP/serial" "$TMP/summary" <<'PY' || fail "zerocopy: $(cat "$TMP/serial")"
import json, re, sys
line = open(sys.argv[1]).read()
m = re.fullmatch(r"netrx: 1000 frames of 1500 bytes, 1500000 bytes, every byte as sent(; (\d+) missing)?\n", line)
if not m:
    sys.exit(f"console: {line!r}")
missing = int(m.group(2) or 0)
net = json.load(open(sys.argv[2]))["summary"]["net"]
if missing > net["dropped"]:
    sys.exit(f"netrx found {missing} missing, the card counted {net['dropped']} drops")
print(f"zerocopy: {missing} missing, {net['dropped']} dropped, {net['fallback']} fallback copies")
PY

# netecho: every byte there and back, on every path.
printf 'netecho: 1000 frames of 1500 bytes, every byte as sent, all sent back\n' \
	>"$TMP/expected"
for path in emulated vhost zerocopy; do
	in_ns "$VMSCOPE" trace --backend soft --net tap:vt0 --net-path $path \
		--serial "$TMP/serial" netecho >/dev/null 2>"$TMP/err" &
	pid=$!
	attached $pid || { cat "$TMP/err"; fail "echo $path: vmscope never attached to vt0"; }
	run_status in_ns python3 tests/integration/net_send.py vt0 1000 1500 --echo
	sent=$status
	run_status wait $pid
	cat "$TMP/err"
	[ "$sent" -eq 0 ] || fail "echo $path: the sender found a bad echo"
	[ "$status" -eq 0 ] || fail "echo $path: status $status"
	cmp "$TMP/serial" "$TMP/expected" ||
		fail "echo $path: console: $(cat "$TMP/serial")"
done
