#!/bin/sh
# The TUI's Nesting panel and the tracer say the same of the same run
# (hello as L2 under the mini-hypervisor, on the software CPU): for L2's
# first exit (a shadow fault, handled in L0), its first exit reflected to
# L1, its first byte of text and its last exit (the exit port, L0's
# device), the panel's rule is the tracer's words after its arrow, with the
# same hardware reason and level; at the
# end, every counter the panel shows has the value the trace's summary
# gives it under the same name.  The panel is read from the text twin
# (`run --batch`), which draws the same grid the screen shows.
. tests/integration/lib.sh
set -e

"$VMSCOPE" trace --nested 1 --backend soft hello >"$TMP/trace" 2>"$TMP/err" ||
	fail "the trace failed: $(tail -n 3 "$TMP/err")"

# The exits' numbers, from the trace.
first() { # the first line that matches
	grep -m 1 -E -- "$1" "$TMP/trace" | awk '{ print $1 }'
}
exits="$(first " L2 ") $(first "reflected to L1") $(first " L2 .*data=0x48 'H'")
	$(grep -F "L0's device" "$TMP/trace" | tail -n 1 | awk '{ print $1 }')"
[ "$(echo $exits | wc -w)" = 4 ] || fail "the trace lacks an exit: $exits"
for n in $exits; do
	"$VMSCOPE" run --batch --nested 1 --backend soft --until "exits:$n" \
		hello >"$TMP/batch" 2>&1 || true
	python3 - "$TMP/trace" "$TMP/batch" "$n" <<'PY' || exit 1
import re, sys
trace, batch, n = open(sys.argv[1]).read(), open(sys.argv[2]).read(), sys.argv[3]
line = next((l for l in trace.splitlines()
             if re.match(r" *%s +\+" % n, l)), None)
if line is None:
    sys.exit("FAIL: no trace line %s" % n)
m = re.match(r" *%s +\S+ (L\d) +\S+ +(\S+) .*\u2192 (.*)$" % n, line)
if not m:
    sys.exit("FAIL: trace line %s has no level, hardware reason or rule: %s"
             % (n, line))
want = "exit %s %s %s: %s" % (n, m.group(1), m.group(2), m.group(3))
panel = batch.split("== Nesting ==\n", 1)
if len(panel) < 2:
    sys.exit("FAIL: no Nesting panel at exit %s" % n)
got = panel[1].split("\nnext: ", 1)[0].replace("\n", " ")
if got != want:
    sys.exit("FAIL: exit %s: the panel says\n  %s\nthe tracer\n  %s"
             % (n, got, want))
PY
done

"$VMSCOPE" run --batch --nested 1 --backend soft hello >"$TMP/batch" 2>&1 ||
	fail "the batch run failed: $(tail -n 3 "$TMP/batch")"
python3 - "$TMP/trace" "$TMP/batch" <<'PY' || exit 1
import re, sys
trace, batch = open(sys.argv[1]).read(), open(sys.argv[2]).read()
summary = dict(re.findall(r"^ *([a-z_0-9]+) +(\d+) ", trace, re.M))
panel = batch.split("== Nesting ==\n", 1)[1].split("\nblock at ", 1)[0]
counters = panel.split("\nnext: ", 1)[1].split("\n", 1)[1]
pairs = re.findall(r"([a-z_0-9]+) (\d+)", counters)
names = [p[0] for p in pairs]
want = ["shadow_faults", "pages_mapped", "shadow_reused", "shadow_rebuilt",
        "invalidates", "pages_dropped", "runs", "l2_exits", "reflected",
        "handled_l0"]
if names != want:
    sys.exit("FAIL: the panel's counters are %s" % names)
for name, value in pairs:
    if summary.get(name) != value:
        sys.exit("FAIL: %s: the panel says %s, the trace's summary %s"
                 % (name, value, summary.get(name)))
if summary["shadow_faults"] == "0" or summary["reflected"] == "0":
    sys.exit("FAIL: nothing counted: %s" % panel)
PY
echo "PASS"
