#!/bin/sh
# `vmscope run --cell FILE`: the Cells view in a real terminal (tmux): one
# line per cell with its state and CPU; Tab goes into the selected cell's
# usual panels - here right's, whose Stats panel counts the VGA CRTC
# writes outside its cell (left owns the CRTC, so left's would not) -
# and v comes back; q quits with the cells' status.  A terminal too small
# for the view gets a message and q still quits.  The --batch twin prints
# the same table (its exact text: tests/unit/test_panel_cells.c).
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
TUI_UTF8=1

tui_start_shell 200 60
tui_wait 'PROMPT$'
tui_run "$VMSCOPE" run --backend soft --cell cells/two-hellos.cell
tui_wait "Cells of cells/two-hellos.cell"
tui_wait_last_row "Up/Down: a cell  Tab: into its panels (v: back here)  q: quit"
tui_wait_grep E "^left +exited with status 0 +none +[0-9]+ +- +-$"
tui_wait_grep E "^right +exited with status 0 +none +[0-9]+ +- +-$"
tui_screen_has E "^cell +state +cpu +exits/s +latency now +p99$" ||
	fail "no table header: $(tui_screen)"
tui_keys Down
tui_keys Tab
tui_wait_last_row "? help  q quit"
tui_wait "unclaimed ports: 0 reads, 8 writes (0x3d4, 0x3d5)"
tui_wait "Hello, world!"
tui_keys '?'
tui_wait "v          back to the Cells view"
tui_keys Escape
tui_wait_last_row "? help  q quit"
tui_keys v
tui_wait "Cells of cells/two-hellos.cell"
tui_keys q
tui_wait "DONE-0"

# a terminal too small: a message, and q quits
tui_start_shell 40 10
tui_wait 'PROMPT$'
tui_run "$VMSCOPE" run --backend soft --cell cells/two-hellos.cell
# curses draws the message from the top down: its last line says it is all
# there (checking at once after the first line raced the drawing)
tui_wait_grep E "^q quits$"
tui_screen_has F "terminal too small for the Cells view" ||
	fail "no message: $(tui_screen)"
tui_screen_has F "(need 80x7)" || fail "the size needed: $(tui_screen)"
tui_keys q
tui_wait "DONE-0"

# the text twin
run_status "$VMSCOPE" run --backend soft --batch --cell cells/two-hellos.cell >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 0 ] || fail "--batch: status $status: $(cat "$TMP/err")"
python3 - "$TMP/out" <<'PY' || exit 1
import re, sys
out = open(sys.argv[1]).read().splitlines()
if len(out) != 3 or out[0].split() != "cell state cpu exits/s latency now p99".split():
    sys.exit(f"FAIL: --batch: {out}")
for cell, line in zip(("left", "right"), out[1:]):
    if not re.match(rf"^{cell} +exited with status 0 +none +\d+ +- +-$", line):
        sys.exit(f"FAIL: --batch: {cell}: {line!r}")
PY
usage_mistake "vmscope run: --until is for one GUEST, not --cell" run --until end --cell cells/two-hellos.cell
usage_mistake "vmscope run: --cell cells/two-hellos.cell runs the cells of the file: no GUEST besides it" run --cell cells/two-hellos.cell hello
echo PASS
