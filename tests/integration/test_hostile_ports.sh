# A hostile guest (tests/guests/port_flood.S): a million writes and a
# million reads of ports no device claims.  Every read answers all ones,
# as on a PC, the guest checks each and ends with status 42: exactly
# 2,000,004 IO exits and nothing else, on every backend, and the summary
# counts the unclaimed accesses (the first four ports: 0x100-0x103).  The
# trace is counted as it streams (two million lines are not kept).
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	trace_summary --backend $backend "$BUILD/tests/guests/port_flood.elf"
	[ "$status" -eq 42 ] ||
		fail "$backend: exit status $status, expected 42: $(head -3 "$TMP/err")"
	expect_only_reason "$backend" 2000004 IO
	python3 - "$TMP/summary" "$backend" <<'PY' || exit 1
import json, sys
u = json.load(open(sys.argv[1]))["summary"]["unclaimed"]
want = {"pio": {"reads": 1000003, "writes": 1000000,
                "first": [0x100, 0x101, 0x102, 0x103]},
        "mmio": {"reads": 0, "writes": 0, "first": []}}
if u != want:
    sys.exit(f"FAIL: {sys.argv[2]}: unclaimed {u}, expected {want}")
PY
done
echo PASS
