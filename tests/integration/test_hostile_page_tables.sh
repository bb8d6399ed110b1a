# A hostile guest (tests/guests/hostile_page_tables.S) points a page
# directory at a page of zeros, at itself, at the MMIO window and beyond
# RAM, loads through each, and finally loads CR3 with a cleared PML4.  The
# CPU walks each exactly (#PF error 0 where no RAM or no entry is; the loop
# maps its own page), and the tracer's own walk (--stack, with %rbp in the
# hostile range) stops cleanly on each.  On every backend the same: page
# tables outside RAM read as "not present" on the software CPU, and KVM's
# walker (hardware, or its emulator under PVM) finds no memory slot there
# and injects the same #PF.  (The KVM half could not be run on the host
# this test was written on: it has no /dev/kvm.)
. tests/integration/lib.sh
set -e
elf="$BUILD/tests/guests/hostile_page_tables.elf"
loop_pd=$(nm "$elf" | awk '$3 == "loop_pd" { print $1 }')
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend --json --stack "$elf" \
		>"$TMP/trace" 2>"$TMP/err"
	[ "$status" -eq 1 ] || fail "$backend: exit status $status, expected 1: $(head -3 "$TMP/err")"
	grep -qx 'vmscope: guest crashed: SHUTDOWN(8): the guest triple-faulted' "$TMP/err" ||
		fail "$backend: not a triple fault: $(head -3 "$TMP/err")"
	python3 - "$TMP/trace" "$backend" "$loop_pd" <<'PY' || exit 1
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"seq"')]
loop_pd = int(sys.argv[3], 16)
got = [(r["reason"], r["sym"], r.get("io", {}).get("data"), r["stack"])
       for r in recs]
pf, at = "report", "report+0x4"
want = [
    ("IO", pf, 0x10e00, ["report"]), ("IO", at, 0x40000000, ["report"]),
    ("IO", pf, 0x2ff00, ["0x0", "report"]),
    ("IO", at, loop_pd | 0x23, ["0x0", "report"]),
    ("IO", pf, 0x30e00, ["report"]), ("IO", at, 0x40000000, ["report"]),
    ("IO", pf, 0x40e00, ["report"]), ("IO", at, 0x40000000, ["report"]),
    ("SHUTDOWN", "after_cr3", None, ["after_cr3"]),
]
if got != want:
    for g, w in zip(got + [None] * 9, want + [None] * 9):
        if g != w:
            print(f"FAIL: {sys.argv[2]}: got {g}, expected {w}")
    sys.exit(1)
PY
done
echo PASS
