# An L2 that rings the run doorbell at --nested 1 (tests/guests/
# l2_doorbell.S: "a", the doorbell with the address 1, "b", the exit port)
# stays L2.  L0 reflects its OUT to L1 (port 0x510 is always L1's), L1
# turns the address down and runs L2 again from its own block - and L0
# used to take that for L1 running L2's guest: every later exit of L2's was
# shown as L3's and counted in the l3_* rows, which --nested 1 does not
# show, so the shown runs and exits stopped at 3 and 8.  Now each exit is
# at level 2, and the summary's counts are the trace's, exactly.
. tests/integration/lib.sh
set -e
guest="$BUILD/tests/guests/l2_doorbell.elf"
run_status "$VMSCOPE" trace --nested 1 --backend soft --json \
	--serial "$TMP/serial" "$guest" >"$TMP/trace.jsonl" 2>"$TMP/err"
[ "$status" -eq 0 ] || fail "exit status $status: $(cat "$TMP/err")"
printf '[L2] a\n[L2] b\n' >"$TMP/expected"
grep '^\[L2\]' "$TMP/serial" | cmp - "$TMP/expected" || fail "L2's text: $(cat "$TMP/serial")"
python3 - "$TMP/trace.jsonl" <<'PY' || exit 1
import json, sys
text = open(sys.argv[1]).read().splitlines()
lines = [json.loads(l) for l in text if l.startswith('{"seq"')]
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
levels = sorted({e["level"] for e in lines})
if levels != [1, 2]:
    fail("levels %r: L2's exits shown at another level" % levels)
l2 = [e for e in lines if e["level"] == 2]
ring = [e for e in l2 if e.get("io", {}).get("port") == 0x510]
if len(ring) != 1 or ring[0]["nested"]["verdict"] != "reflected to L1":
    fail("L2's doorbell: %r" % ring)
after = [e for e in l2 if e["seq"] > ring[0]["seq"]]
ports = [e["io"]["port"] for e in after if "io" in e]
if ports != [0x3f8, 0x3f8, 0xf4]:
    fail("L2's exits after its doorbell: ports %r" % ports)
doorbells = [e for e in lines if e["level"] == 1 and e.get("io", {}).get("port") == 0x510]
reflected = [e for e in l2 if e["nested"]["verdict"] == "reflected to L1"]
summary = json.loads(text[-1])["summary"]["nesting"]
want = {"runs": len(doorbells), "l2_exits": len(l2), "reflected": len(reflected),
        "handled_l0": len(l2) - len(reflected)}
got = {k: summary[k] for k in want}
if got != want or want != {"runs": 6, "l2_exits": 11, "reflected": 5, "handled_l0": 6}:
    fail("summary %r, the trace says %r" % (got, want))
if any(k.startswith("l3_") for k in summary):
    fail("l3 rows at --nested 1: %r" % summary)
PY
echo "PASS"
