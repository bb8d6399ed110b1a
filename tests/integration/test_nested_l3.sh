# --nested 2: the mini-hypervisor runs as L1 and again as L2, and hello as
# L3.  L2's run doorbell is an exit vmscope (L0) always reflects to L1,
# which runs L3 for L2 from a control block it built from L2's
# (guest/hv/hv_nested.c).  Each level marks its own lines, and L3's text is
# hello's; hello's exit port reaches L0's device through both levels, so
# the run ends with hello's status 0.  Every doorbell of L2's is reflected
# by the doorbell rule, and the exit multiplication shows in the counts:
# more exits at L0 for the same hello than with one level.
. tests/integration/lib.sh
set -e
cat >"$TMP/expected" <<'TXT'
[L1] hv: running hv as L2 in 32 MiB at L1-physical 0x2000000
[L2] hv: running hello as L3 in 16 MiB at L2-physical 0x1000000
[L3] Hello, world!
[L3] 2 + 40 = 42, in hex 0x2a
TXT
run_status "$VMSCOPE" trace --nested 2 --backend soft --json \
	--serial "$TMP/serial" hello >"$TMP/trace2.jsonl" 2>"$TMP/err"
cat "$TMP/err"
[ "$status" -eq 0 ] || fail "exit status $status, expected hello's 0"
diff "$TMP/expected" "$TMP/serial" || fail "the console differs"
"$VMSCOPE" trace --nested 1 --backend soft --json hello >"$TMP/trace1.jsonl" 2>/dev/null
python3 - "$TMP/trace1.jsonl" "$TMP/trace2.jsonl" <<'PY' || exit 1
import json, sys
def load(path):
    lines = open(path).read().splitlines()
    return [json.loads(l) for l in lines if l.startswith('{"seq"')], json.loads(lines[-1])["summary"]["nesting"]
one, n1 = load(sys.argv[1])
two, n2 = load(sys.argv[2])
doorbells = [e["nested"] for e in two if e["level"] == 2 and e.get("io", {}).get("port") == 0x510]
if not doorbells or any(d != {"l2_reason": 30, "l2_reason_name": "IO_INSTRUCTION(30)",
                              "verdict": "reflected to L1",
                              "rule": "port 0x510 is the doorbell: L2's hypervisor is L1"}
                        for d in doorbells):
    print("FAIL: L2's doorbells %r" % doorbells[:2]); sys.exit(1)
if not len(two) > 3 * len(one):
    print("FAIL: %d exits with two levels, %d with one" % (len(two), len(one))); sys.exit(1)
if n2["runs"] <= 2 * n1["runs"]:
    print("FAIL: %d run doorbells with two levels, %d with one" % (n2["runs"], n1["runs"])); sys.exit(1)
PY
