#!/bin/sh
# Selecting an older exit in the log shows its call chain as it was at that
# exit (recorded when it happened, not unwound again later): for each of
# the first 9 exits of hello, the detail's stack line is the tracer's
# `--stack` line for the same exit.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
for backend in $(backends); do
	"$VMSCOPE" trace --backend $backend --stack hello >"$TMP/trace" 2>/dev/null
	tui_start_shell 200 60
	tui_wait 'PROMPT$'
	tui_run "$VMSCOPE" run --backend $backend --until io:0x3f8=0x48 hello
	tui_wait "break: io:0x3f8=0x48"
	seq=9
	while [ $seq -ge 1 ]; do
		want=$(awk -v n=$seq '$1 == n && $2 ~ /^\+/ { getline; sub(/^ *stack: /, ""); print; exit }' "$TMP/trace")
		[ -n "$want" ] || fail "$backend: the trace has no stack for exit $seq"
		tui_wait "exit $seq: IO(2)"
		# the detail's stack line, below the "exit N:" line (the Flow
		# panel has a stack line of its own, for the newest exit)
		got=$(tui_screen | awk -v h="exit $seq: IO(2)" '
			index($0, h) { f = 1 }
			f && /stack: / { sub(/^.*stack: /, ""); sub(/ *[│x]$/, ""); print; exit }')
		[ "$got" = "$want" ] ||
			fail "$backend: exit $seq shows stack '$got', the trace '$want'"
		seq=$((seq - 1))
		tui_keys Up
	done
	tui_keys q
	tui_wait "DONE-0"
	tmux_cmd kill-server
done
echo "PASS"
