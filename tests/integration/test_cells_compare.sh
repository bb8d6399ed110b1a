# `vmscope cells --compare N --until rt --svg FILE`: the control loop in
# three set-ups in one run of the tool (CPUs shared, pinned, pinned with
# the noise cell stopped): a table whose rows add up (every tick counted,
# min <= median <= p99 <= max, the noise's exits only where it ran), the
# ratio line, and an SVG picture with the three histograms.  On every
# backend; no figure is asserted, only what must hold on any machine.
# Usage mistakes: --compare or --svg without --until, --svg alone.
. tests/integration/lib.sh
set -e
cell=cells/rt-noise-pinned.cell
[ "$(nproc)" -ge 2 ] || cell=cells/rt-noise.cell
for backend in $(backends); do
	run_status "$VMSCOPE" cells --backend "$backend" --compare 1 --until rt \
		--svg "$TMP/h.svg" "$cell" >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: status $status: $(cat "$TMP/err")"
	python3 - "$TMP/out" "$TMP/h.svg" "$backend" <<'PY' || exit 1
import re, sys, xml.etree.ElementTree as ET
out, svg, label = open(sys.argv[1]).read().splitlines(), sys.argv[2], sys.argv[3]
def fail(why):
    sys.exit(f"FAIL: {label}: {why}")
if out[0].split() != "set-up ticks missed min_us median_us p99_us max_us rt exits/s others exits/s".split():
    fail(f"header: {out[0]!r}")
rows = {}
for line in out[1:4]:
    m = re.match(r"^(shared|pinned|pinned, quiet) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$", line)
    if not m:
        fail(f"row: {line!r}")
    rows[m[1]] = list(map(int, m.groups()[1:]))
if list(rows) != ["shared", "pinned", "pinned, quiet"]:
    fail(f"rows {list(rows)}")
for name, (ticks, missed, mn, med, p99, mx, rt_x, others_x) in rows.items():
    if ticks < 20000 or missed > ticks or not (mn <= med <= p99 <= mx) or rt_x <= 0:
        fail(f"{name}: {rows[name]}")
    if (others_x == 0) != (name == "pinned, quiet"):
        fail(f"{name}: the noise's exits/s {others_x}")
if not re.match(r"^rt p99 shared / pinned: \d+\.\d\d x \(the median of 1 rounds, side by side\)$", out[4]):
    fail(f"ratio line: {out[4]!r}")
if len(out) != 5:
    fail(f"{len(out)} lines")
root = ET.parse(svg).getroot()
texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
for name in rows:
    if name not in texts:
        fail(f"the SVG has no panel {name!r}: {texts[:6]}")
if len(list(root.iter("{http://www.w3.org/2000/svg}rect"))) < 4:
    fail("the SVG draws no bars")
PY
done

mistake() { # message args...
	want=$1
	shift
	run_status "$VMSCOPE" cells "$@" >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 2 ] || fail "cells $*: status $status"
	[ "$(head -n 1 "$TMP/err")" = "$want" ] || fail "cells $*: said $(head -n 1 "$TMP/err")"
}
mistake "vmscope cells: --compare and --svg need --until CELL: the control loop to measure" --compare 1 cells/rt-noise.cell
mistake "vmscope cells: --svg draws what --compare measures" --until rt --svg "$TMP/x.svg" cells/rt-noise.cell
mistake "vmscope cells: --until x: no cell of that name in cells/rt-noise.cell" --until x cells/rt-noise.cell
echo PASS
