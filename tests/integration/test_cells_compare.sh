# `vmscope cells --compare N --until rt --svg FILE`: the control loop in
# three set-ups in one run of the tool (CPUs shared, pinned, pinned with
# the noise cell stopped): a table whose rows add up (every tick counted,
# min <= median <= p99 <= max, the noise's exits only where it ran), each
# set-up's lateness row followed by vmscope's injection delay row, the
# legend and ratio lines, and an SVG picture with the three histograms,
# each with both measures.  On every
# backend; no figure is asserted, only what must hold on any machine.
# Usage mistakes: --compare or --svg without --until, --svg alone, --svg
# in a missing folder (before anything runs); --svg on a full disk.
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
if out[0].split() != "set-up measure ticks missed min_us median_us p99_us max_us rt exits/s others exits/s".split():
    fail(f"header: {out[0]!r}")
rows, inject = {}, {}
for line in out[1:7]:
    m = re.match(r"^(shared|pinned|pinned, quiet) +lateness +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$", line)
    i = re.match(r"^(shared|pinned|pinned, quiet) +injection +(\d+) +- +(\d+) +(\d+) +(\d+) +(\d+) +- +-$", line)
    if m:
        rows[m[1]] = list(map(int, m.groups()[1:]))
    elif i and i[1] in rows and i[1] not in inject:
        inject[i[1]] = list(map(int, i.groups()[1:]))
    else:
        fail(f"row: {line!r}")
if list(rows) != ["shared", "pinned", "pinned, quiet"] or list(inject) != list(rows):
    fail(f"rows {list(rows)}, {list(inject)}")
for name, (ticks, missed, mn, med, p99, mx, rt_x, others_x) in rows.items():
    if ticks < 20000 or missed > ticks or not (mn <= med <= p99 <= mx) or rt_x <= 0:
        fail(f"{name}: {rows[name]}")
    if (others_x == 0) != (name == "pinned, quiet"):
        fail(f"{name}: the noise's exits/s {others_x}")
for name, (ticks, mn, med, p99, mx) in inject.items():
    if ticks == 0 or not (mn <= med <= p99 <= mx):
        fail(f"{name}: injection {inject[name]}")
if out[7] != "lateness: the loop's own, from its TSC; injection: vmscope's, from each tick's deadline to its injection (the exit stream)":
    fail(f"legend: {out[7]!r}")
if not re.match(r"^rt p99 shared / pinned: \d+\.\d\d x \(the median of 1 rounds, side by side\)$", out[8]):
    fail(f"ratio line: {out[8]!r}")
if len(out) != 9:
    fail(f"{len(out)} lines")
root = ET.parse(svg).getroot()
texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
for name in rows:
    if name not in texts:
        fail(f"the SVG has no panel {name!r}: {texts[:6]}")
rects = list(root.iter("{http://www.w3.org/2000/svg}rect"))
if len([r for r in rects if r.get("fill") == "steelblue"]) < 3:
    fail("the SVG draws no bars of the lateness")
if len([r for r in rects if r.get("stroke") == "darkorange"]) < 3:
    fail("the SVG draws no bars of the injection delay")
if sum(1 for t in texts if t and t.startswith("injection: median ")) != 3:
    fail("the SVG's panels do not give the injection delay")
PY
done

usage_mistake "vmscope cells: --compare and --svg need --until CELL: the control loop to measure" cells --compare 1 cells/rt-noise.cell
usage_mistake "vmscope cells: --svg draws what --compare measures" cells --until rt --svg "$TMP/x.svg" cells/rt-noise.cell
usage_mistake "vmscope cells: --until x: no cell of that name in cells/rt-noise.cell" cells --until x cells/rt-noise.cell
# A picture that cannot be written is refused before the rounds (it was
# said only after them), and a full disk is said as one (it was "Input/
# output error").
usage_mistake "vmscope cells: --svg $TMP/nodir/x.svg: No such file or directory" \
	cells --backend soft --compare 1 --until rt --svg "$TMP/nodir/x.svg" cells/rt-noise.cell
run_status "$VMSCOPE" cells --backend soft --compare 1 --until rt --svg /dev/full cells/rt-noise.cell >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 1 ] || fail "--svg /dev/full: status $status"
[ "$(tail -n 1 "$TMP/err")" = "vmscope cells: --svg /dev/full: No space left on device" ] ||
	fail "--svg /dev/full: said '$(tail -n 1 "$TMP/err")'"
echo PASS
