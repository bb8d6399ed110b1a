# --nested 2: the mini-hypervisor runs as L1 and again as L2, and hello as
# L3.  L2's run doorbell is an exit vmscope (L0) always reflects to L1,
# which runs L3 for L2 from a control block it built from L2's
# (guest/hv/hv_nested.c).  Each level marks its own lines, and L3's text is
# hello's; hello's exit port reaches L0's device through both levels, so
# the run ends with hello's status 0.  Every doorbell of L2's is reflected
# by the doorbell rule, and the exit multiplication shows in the counts:
# more exits at L0 for the same hello than with one level.  L0 tells L3's
# exits from L2's (the block L1 rings right after L2's doorbell reached it
# is L3's) and labels them L3 in the text and the JSON, with hello's
# symbols; L2's carry the hypervisor's.  L3's exits that L1 or L0's devices
# see are the very exits hello makes as L2 under one level.  L0 keeps a
# shadow per nested root, so L2's and L3's runs do not drop each other's.
# The summary's heading names all four levels, and each counter's row the
# level it counts: at --nested 2 L3's runs and exits have rows of their
# own beside L2's (L2's the hypervisor's); --nested 1 has L2's alone.
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
"$VMSCOPE" trace --nested 2 --backend soft hello 2>/dev/null |
	sed -E 's/^ *[0-9]+ +\+[0-9.]+[mun]?s //' >"$TMP/trace2.txt"
# The text's level column: L2's doorbell at the hypervisor's code, L3's
# first 'H' at hello's uart_putc, L3's exit port the last exit, L0's.
for want in \
	"L2 IO(2)    IO_INSTRUCTION(30)  start_program+0x1df out dx, eax port=0x510 out size=4 data=0x10e000  → reflected to L1 (port 0x510 is the doorbell: L2's hypervisor is L1)" \
	"L3 IO(2)    IO_INSTRUCTION(30)  uart_putc+0x1c     out dx, al  port=0x3f8 out size=1 data=0x48 'H'  → reflected to L1 (L1's I/O bitmap has port 0x3f8)"
do
	grep -qxF "$want" "$TMP/trace2.txt" || fail "no line: $want"
done
# The summary's heading names every level, L3 too, and each counter the
# level it counts: L2's runs and exits, L3's in rows of their own (l3_*),
# both where a counter counts both.
heading=$(grep '^Nesting:' "$TMP/trace2.txt")
[ "$heading" = 'Nesting: L0 (vmscope) running L1 running L2 running L3:' ] ||
	fail "the nesting summary's heading: $heading"
# "name: what" of each row below the heading and its empty line
rows() {
	sed -n '/^Nesting:/,$p' | sed '1,2d' |
		sed 's/^ *\([a-z0-9_]*\) *[0-9.]* *\(.*\)$/\1: \2/'
}
rows <"$TMP/trace2.txt" >"$TMP/rows2"
cat >"$TMP/want_rows2" <<'TXT'
runs: run doorbells that entered L2
l3_runs: run doorbells that entered L3
entry_failures: run doorbells whose block failed a check (ZF = 1, exit 33)
bad_blocks: run doorbells with a bad block address (VMfailInvalid)
refused: doorbells refused: not from CPL 0
l2_exits: exits of L2's code
reflected: ... reflected to L1 (L1's controls asked)
handled_l0: ... handled in L0 alone (L1 did not ask)
l3_exits: exits of L3's code
l3_reflected: ... reflected to L1 (L1's controls asked)
l3_handled_l0: ... handled in L0 alone (L1 did not ask)
l1_exits_in_reflection: L1's exits from a reflection to its next run doorbell
shadow_faults: L2- and L3-physical pages not in L0's shadows: L1's tables walked
pages_mapped: ... that L0 then mapped
shadow_reused: entries into L2 or L3 that kept their nested root's shadow
shadow_rebuilt: entries with a root new to L0: an old shadow dropped
invalidates: invalidate doorbells
pages_dropped: shadow pages they dropped
npf_reflected: nested page faults reflected to L1
l1_exits_per_reflection: L1 exits per reflected L2 or L3 exit (Turtles measured 31 on VMX for port I/O)
TXT
diff "$TMP/want_rows2" "$TMP/rows2" || fail "the nesting summary's rows at --nested 2"
"$VMSCOPE" trace --nested 1 --backend soft hello 2>/dev/null | rows >"$TMP/rows1"
grep -v '^l3_' "$TMP/want_rows2" | sed \
	-e 's/^shadow_faults: .*/shadow_faults: L2-physical pages not in L0'"'"'s shadow: L1'"'"'s table walked/' \
	-e 's/^shadow_reused: .*/shadow_reused: entries into L2 that kept their nested root'"'"'s shadow/' \
	-e 's/L2 or L3 exit/L2 exit/' >"$TMP/want_rows1"
diff "$TMP/want_rows1" "$TMP/rows1" || fail "the nesting summary's rows at --nested 1"
last=$(grep -E '^L[0-9] ' "$TMP/trace2.txt" | tail -n 1)
[ "$last" = "L3 IO(2)    IO_INSTRUCTION(30)  shutdown+0x12      out 0xf4, al port=0xf4 out size=1 data=0x0  → handled in L0 (port 0xf4 is not in L1's I/O bitmap: L0's device)" ] ||
	fail "the last exit is not L3's exit port: $last"
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
if n2["runs"] + n2["l3_runs"] <= 2 * n1["runs"]:
    print("FAIL: %d run doorbells with two levels, %d with one" %
          (n2["runs"] + n2["l3_runs"], n1["runs"])); sys.exit(1)
# Each level's counters are its own: L3's (hello) are what hello's were as
# L2 with one level, L2's (the hypervisor) count the exits labelled L2;
# --nested 1 has no L3 to count.
def by_level(exits, level):
    mine = [e for e in exits if e["level"] == level]
    return (len(mine), sum(e["nested"]["verdict"] == "reflected to L1" for e in mine),
            sum(e["nested"]["verdict"] == "handled in L0" for e in mine))
if [k for k in n1 if k.startswith("l3_")]:
    print("FAIL: L3's counters with one level %r" % n1); sys.exit(1)
if (n2["l3_runs"], n2["l3_exits"], n2["l3_reflected"], n2["l3_handled_l0"]) != \
        (n1["runs"], n1["l2_exits"], n1["reflected"], n1["handled_l0"]):
    print("FAIL: L3's counters %r, hello's as L2 %r" % (n2, n1)); sys.exit(1)
for n, exits, level, keys in ((n1, one, 2, ("l2_exits", "reflected", "handled_l0")),
                              (n2, two, 2, ("l2_exits", "reflected", "handled_l0")),
                              (n2, two, 3, ("l3_exits", "l3_reflected", "l3_handled_l0"))):
    if tuple(n[k] for k in keys) != by_level(exits, level):
        print("FAIL: %r %r, the trace's level-%d exits %r" %
              (keys, tuple(n[k] for k in keys), level, by_level(exits, level))); sys.exit(1)
# L0 keeps a shadow per nested root: L2's block and L3's (two roots) each
# keep theirs across the other's runs - each built once, at its first
# entry, and never dropped - so L3's pages and L2's cost a shadow fault
# each once (with one shadow, dropped at every switch: 1723 faults and
# 171 rebuilds).
got = {k: n2[k] for k in ("shadow_rebuilt", "shadow_faults", "pages_mapped")}
if got != {"shadow_rebuilt": 0, "shadow_faults": 75, "pages_mapped": 72} or \
        n2["shadow_reused"] != n2["runs"] + n2["l3_runs"] - 2:
    print("FAIL: shadows at --nested 2 %r, %d reused of %d runs" %
          (got, n2["shadow_reused"], n2["runs"] + n2["l3_runs"])); sys.exit(1)
levels = [e["level"] for e in two]
if sorted(set(levels)) != [1, 2, 3]:
    print("FAIL: levels %r" % sorted(set(levels))); sys.exit(1)
# L0 runs L2 and L3 only from L1's doorbells: never one right after the other.
pairs = set(zip(levels, levels[1:]))
if (2, 3) in pairs or (3, 2) in pairs:
    print("FAIL: L2 and L3 exits next to each other"); sys.exit(1)
nosym = [(e["level"], e["sym"]) for e in two if e["level"] > 1 and e["sym"].startswith("0x")]
if nosym:
    print("FAIL: exits without symbols %r" % nosym[:3]); sys.exit(1)
def seen(exits, level, verdict):
    """What L1 or L0's devices see of a level's exits (an IN's data is
    not the exit's: L1 or the device answers it)."""
    return [(e["sym"], e["insn"], e["io"]["port"], e["io"]["size"],
             e["io"]["dir"], e["io"]["data"] if e["io"]["dir"] == "out" else None,
             e["nested"]["rule"])
            for e in exits if e["level"] == level and "io" in e
            and e["nested"]["verdict"] == verdict]
for verdict in ("reflected to L1", "handled in L0"):
    a, b = seen(one, 2, verdict), seen(two, 3, verdict)
    if not a or a != b:
        print("FAIL: %s: hello as L2 %d exits, as L3 %d; first apart %r" %
              (verdict, len(a), len(b), next((x for x in zip(a, b) if x[0] != x[1]), None)))
        sys.exit(1)
PY
