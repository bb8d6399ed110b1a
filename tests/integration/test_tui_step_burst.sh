#!/bin/sh
# Step keys that come in one burst (a paste, or keys typed faster than the
# guest steps) are each one step: nine s sent at once stop at exit 9, three
# spaces after them at exit 12, and --stats-file counts 12 exits at q.  The
# vCPU thread once took every posted command in one go, each s restarting
# the step the one before had begun: the burst was one step.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
tui_start_shell 120 40
tui_wait 'PROMPT$'
tui_run "$VMSCOPE" run --backend soft --stats-file "$TMP/stats" hello
tui_wait "ready: press s"

tui_keys sssssssss
tui_wait "paused at exit 9"
tui_keys '   '
tui_wait "paused at exit 12"
tui_keys q
tui_wait "DONE-0"
grep -qx "exits 12" "$TMP/stats" ||
	fail "12 step keys, and --stats-file says: $(cat "$TMP/stats")"
echo "PASS: a burst of step keys is that many steps"
