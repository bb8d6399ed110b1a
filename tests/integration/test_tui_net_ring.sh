#!/bin/sh
# The Network panel's ring page (d) on the real guest, in tmux at 80x24
# (the smallest screen: the panel is the 32-column slot).  Before the
# guest runs the queue is not set up; netrx then runs to its end on the
# emulated path, and the ring's used index equals the frames the tracer's
# summary counts for the same run, the last chain's byte count equals
# the summary's bytes copied per frame (a 12-byte header and a 1500-byte
# frame); the owner map shows all 64 descriptors (4 rows of 16); d again
# gives the counters, whose frames row says the same number.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux

summary=$("$VMSCOPE" trace --backend soft --net gen:1500 netrx 2>&1) ||
	fail "trace failed: $summary"
frames=$(echo "$summary" | awk '$1 == "frames" && $2 == "received" { print $3 }')
copied=$(echo "$summary" | awk '$1 == "bytes" && $2 == "copied" { print $3 }')
[ -n "$frames" ] && [ "$frames" -gt 1000 ] || fail "no frame count in: $summary"
per=$((copied / frames))
[ "$per" -eq 1512 ] || fail "bytes copied per frame $per, not 1512"

tui_open_network 80x24 gen:1500 netrx "path emulated"
tui_keys d
tui_wait_last_row "d counters"
tui_wait "rx ring, size 0 (d: counters)"
tui_wait "The driver has not set the"
tui_keys C
tui_wait "ended at exit"
tui_wait "rx ring, size 64 (d: counters)"
tui_wait_grep E "used idx $frames( |x)"
tui_wait_grep E "last chain [0-9]+,[0-9]+: $per bytes"
tui_wait_grep E " 48 [UPD.]{16}"
tui_keys d
tui_wait_last_row "d ring"
tui_wait_grep E "frames +$frames +0 +0"
tui_keys q
tui_wait "DONE-0"
echo "PASS"
