# tests/integration/net_kicks_lib.sh - sourced by test_net_kicks*.sh:
# check_kicks BACKEND runs virtio_kicks on every receive path and checks
# the summary's kick counts and the MMIO exits of the run.
check_kicks() {
	for path in emulated vhost zerocopy; do
		trace_summary --backend "$1" --net gen --net-path $path \
			"$BUILD/tests/guests/virtio_kicks.elf"
		[ "$status" -eq 0 ] || fail "$1 $path: status $status: $(cat "$TMP/err")"
		echo "vmscope: virtio-net: kick of queue 7, which does not exist: ignored" \
			>"$TMP/expected"
		echo "vmscope: guest exited with status 0" >>"$TMP/expected"
		diff "$TMP/expected" "$TMP/err" || fail "$1 $path: stderr differs"
		python3 - "$TMP/summary" $path <<'PY' || fail "$1 $path: summary"
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
net = s["net"]
exited, absorbed = (10, 0) if sys.argv[2] == "emulated" else (0, 10)
got = (net["kicks"], net["kicks_eventfd"])
if got != (exited, absorbed):
    sys.exit(f"(kicks, kicks_eventfd) = {got}, expected {(exited, absorbed)}")
mmio = sum(r["count"] for r in s["by_reason"] if r["reason"] == "MMIO")
# 11 start-up register writes, the kicks that exit, the kick of queue 7
want = 11 + exited + 1
if mmio != want:
    sys.exit(f"{mmio} MMIO exits, expected {want}")
PY
	done
}
