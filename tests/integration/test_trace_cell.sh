# `vmscope trace --cell FILE`: every cell of a configuration at once, each
# exit traced with its cell's name, on every backend.  Each cell's lines,
# the label taken off, are exactly the lines `vmscope trace` prints for
# its guest alone (the time since the previous exit aside); the consoles,
# labelled, go to stderr; the end is `vmscope cells`'s table.  --max-exits
# stops each cell after N exits.  What is for one guest is refused (a
# GUEST besides --cell, --json, --keys), and a wrong file as `vmscope cells
# --check` refuses it.
. tests/integration/lib.sh
set -e
"$VMSCOPE" trace --backend soft hello >"$TMP/alone" 2>"$TMP/alone.console"
grep -v '^vmscope: ' "$TMP/alone.console" >"$TMP/hello.console" || true
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend "$backend" --cell cells/two-hellos.cell >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: status $status: $(cat "$TMP/err")"
	python3 - "$TMP/out" "$TMP/alone" "$backend" <<'PY' || exit 1
import re, sys
out, alone, label = open(sys.argv[1]).read().splitlines(), open(sys.argv[2]).read().splitlines(), sys.argv[3]
def fail(why):
    sys.exit(f"FAIL: {label}: {why}")
def exits(lines):  # the trace lines, the time since the previous exit taken out
    return [re.sub(r"^( *\d+) +\+\S+ ", r"\1 ", l) for l in lines]
want = exits(alone[2:alone.index("")])
if out[:2] != alone[:2]:
    fail(f"header {out[:2]}")
for cell in ("left", "right"):
    got = exits([l[len(cell) + 3:] for l in out if l.startswith(f"[{cell}] ")])
    if got != want:
        diff = next((i, g, w) for i, (g, w) in enumerate(zip(got + [""] * 200, want + [""] * 200)) if g != w)
        fail(f"{cell}'s trace is not hello's alone: line {diff[0]}: {diff[1]!r} != {diff[2]!r}")
rest = [l for l in out[2:] if not l.startswith("[")]
if rest[0] != "cell       cpu        exits    exits/s  seconds  end" or len(rest) != 6:
    fail(f"the end: {rest}")
for cell, row in (("left", rest[1]), ("right", rest[2])):
    if not re.match(rf"^{cell} +none +94 +\d+ +[\d.]+  guest exited with status 0$", row):
        fail(f"{cell}'s row: {row!r}")
if rest[3:] != ["left: exits IO 94", "right: exits IO 94",
                "right: unclaimed ports: 0 reads, 8 writes (0x3d4, 0x3d5), 8 outside the cell"]:
    fail(f"the cells' exits: {rest[3:]}")
PY
	sed -n 's/^\[left\] //p' "$TMP/err" | diff "$TMP/hello.console" - || fail "$backend: left's console"
	sed -n 's/^\[right\] //p' "$TMP/err" | diff "$TMP/hello.console" - || fail "$backend: right's console"

	run_status "$VMSCOPE" trace --backend "$backend" --max-exits 3 --cell cells/two-hellos.cell >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: --max-exits: status $status"
	for cell in left right; do
		[ "$(grep -c "^\[$cell\] " "$TMP/out")" -eq 3 ] || fail "$backend: --max-exits 3: $cell: $(cat "$TMP/out")"
		grep -Eq "^$cell +none +3 +[0-9]+ +[0-9.]+  stopped after --max-exits$" "$TMP/out" ||
			fail "$backend: --max-exits: $cell's row"
	done
done

usage_mistake "vmscope trace: --cell cells/two-hellos.cell runs the cells of the file: no GUEST besides it" trace --cell cells/two-hellos.cell hello
usage_mistake "vmscope trace: --json is for one GUEST, not --cell" trace --json --cell cells/two-hellos.cell
for one in --pic --step --step-insn; do
	usage_mistake "vmscope trace: $one is for one GUEST, not --cell" trace $one --cell cells/two-hellos.cell
done
usage_mistake "vmscope trace: --keys shapes one guest's machine; with --cell each cell is the machine its file describes" trace --keys x --cell cells/two-hellos.cell
# --clock insn too: the cells keep host time (it was taken and ignored)
usage_mistake "vmscope trace: --clock shapes one guest's machine; with --cell each cell is the machine its file describes" trace --backend soft --clock insn --cell cells/two-hellos.cell
usage_mistake "vmscope trace: GUEST missing" trace --backend soft
printf 'cell a\n\trma 1\n' >"$TMP/bad.cell"
usage_mistake "$TMP/bad.cell:2: unknown key 'rma'" trace --cell "$TMP/bad.cell"
echo PASS
