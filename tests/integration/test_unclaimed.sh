# Accesses no device claims are shown, with the first ports: the trace's
# summary (text and JSON) and the TUI's Stats panel (run --batch), for a
# guest that looks for COM2 and LPT1 (tests/guests/unclaimed_ports.S), and
# for the exits guest's MMIO.  On every backend.
. tests/integration/lib.sh
set -e
guest="$BUILD/tests/guests/unclaimed_ports.elf"
ports="unclaimed ports: 5 reads, 2 writes (0x2f8, 0x378, 0x379, 0x2fd, ...)"
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend "$guest" >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: exit status $status"
	grep -qx "  $ports" "$TMP/out" || fail "$backend: summary: $(grep unclaimed "$TMP/out")"
	grep -qx "  unclaimed MMIO: none" "$TMP/out" || fail "$backend: summary: no MMIO line"

	run_status "$VMSCOPE" trace --backend $backend --json "$guest" >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: --json: exit status $status"
	tail -n 1 "$TMP/out" | grep -q '"unclaimed":{"pio":{"reads":5,"writes":2,"first":\[760,888,889,765\]},"mmio":{"reads":0,"writes":0,"first":\[\]}}' ||
		fail "$backend: JSON summary: $(tail -n 1 "$TMP/out")"

	run_status "$VMSCOPE" run --batch --backend $backend "$guest" >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: run --batch: exit status $status"
	sed -n '/== Stats ==/,/== Status/p' "$TMP/out" | grep -qx "$ports" ||
		fail "$backend: the Stats panel: $(sed -n '/== Stats ==/,/== Status/p' "$TMP/out")"

	run_status "$VMSCOPE" trace --backend $backend exits >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: exits: exit status $status"
	grep -qx "  unclaimed MMIO: 1 read, 1 write (0xd0000000)" "$TMP/out" ||
		fail "$backend: exits: $(grep unclaimed "$TMP/out")"
done
# nothing said when nothing was unclaimed
run_status "$VMSCOPE" trace --backend soft hello >"$TMP/out" 2>"$TMP/err"
! grep -q unclaimed "$TMP/out" || fail "hello: unclaimed accesses reported"
echo "PASS: unclaimed"
