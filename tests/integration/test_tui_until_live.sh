#!/bin/sh
# `vmscope run --until EVENT` without --batch: the live view runs the guest
# to the event at the start and stops there, with the break in place (as
# --batch does, and as `b` then `C` would).
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
for backend in $(backends); do
	tui_start_shell 120 40
	tui_wait 'PROMPT$'
	tui_run "$VMSCOPE" run --backend $backend --until exits:5 hello
	tui_wait "paused at exit 5"
	tui_wait "break: exits:5"
	tui_screen | grep -q "[│x] *5 .* IO(2) .*uart_init" ||
		fail "$backend: exit 5 is not in the log"
	tui_screen | grep -q "[│x] *6 " && fail "$backend: ran past exit 5"
	# the break stays: space steps on, one exit at a time
	tui_step ' '
	tui_wait "paused at exit 6"
	tui_keys q
	tui_wait "DONE-0"
	tmux_cmd kill-server

	# a bad --until is refused before the screen opens
	run_status "$VMSCOPE" run --backend $backend --until io:nonsense hello \
		>/dev/null 2>"$TMP/err"
	[ $status -eq 2 ] || fail "$backend: bad --until exited $status, not 2"
	grep -q "use exit, exits:N" "$TMP/err" || fail "$backend: bad --until not explained"
done
echo "PASS"
