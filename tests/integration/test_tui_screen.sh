#!/bin/sh
# The full-screen view in tmux at 120x40 and 80x24: the start screen shows
# its panels; stepping to the first 'H' shows it in the exit log, the lit
# path in the flow panel and the byte in the console; q gives the terminal
# back (alternate screen left, the shell's prompt and the status there),
# and so do a guest crash (its report after the view) and SIGTERM.  The
# panels on every backend.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux

check_size() { # width height panels...
	w=$1 h=$2
	shift 2
	tui_start_shell "$w" "$h"
	tui_wait 'PROMPT$'
	tui_run "$VMSCOPE" run --backend "$backend" hello
	tui_wait "ready: press s"
	for p in "$@"; do
		tui_screen | grep -qF " $p " || fail "$backend ${w}x$h: no $p panel"
	done
	tui_screen | grep -q "space runs the guest" || fail "no start hint"
	tui_step_until "data=0x48 'H'"
	screen=$(tui_screen)
	echo "$screen" | grep -q " 9[ +].*port=0x3f8 out size=1 data=0x48 'H'" ||
		fail "$backend ${w}x$h: exit 9 is not the 'H'"
	for layer in "user program" "libc printf/write" "int 0x80" \
		     "kernel sys_write" "UART driver" "VM exit"; do
		echo "$screen" | grep -q "\[\*\] v $layer " ||
			fail "$backend ${w}x$h: '$layer' not lit"
	done
	# the console's one line: a frame, the H, blanks to the frame
	echo "$screen" | grep -qE "(x|│)H {20,}(x|│)" ||
		fail "$backend ${w}x$h: console lacks 'H'"
	[ "$(tmux_cmd display -p -t t '#{alternate_on}')" = 1 ] ||
		fail "$backend ${w}x$h: not on the alternate screen"
	tui_keys q
	tui_wait "DONE-0"
	[ "$(tmux_cmd display -p -t t '#{alternate_on}')" = 0 ] ||
		fail "$backend ${w}x$h: q left the alternate screen on"
	tui_screen | grep -qF "? help  q quit" && fail "$backend ${w}x$h: the view is still shown"
	tmux_cmd kill-server
}

for backend in $(backends); do
	check_size 120 40 Flow CPU Exits Console Stats
	# 80x24: the exit log, the flow and the slot panel, Tab brings the others
	check_size 80 24 Flow Exits Console
done

# a guest crash: the view says so; at q the terminal is back, then the
# crash report, and status 1
tui_start_shell 120 40
tui_wait 'PROMPT$'
tui_run "$VMSCOPE" run --backend auto "$BUILD/tests/guests/triple_fault.elf"
tui_wait "ready: press s"
tui_keys C
tui_wait "guest CRASHED"
tui_keys q
tui_wait "DONE-1"
[ "$(tmux_cmd display -p -t t '#{alternate_on}')" = 0 ] ||
	fail "a crash left the alternate screen on"
tui_screen | grep -q "SHUTDOWN" || fail "no crash report after the view"
tui_screen | grep -qF "? help  q quit" && fail "the view is still shown after a crash"
tmux_cmd kill-server

# a fatal signal: curses ends, the terminal is back, the signal's status
tui_start_shell 120 40
tui_wait 'PROMPT$'
tui_run "$VMSCOPE" run --backend auto hello
tui_wait "ready: press s"
pid=$(pgrep -P "$(tmux_cmd display -p -t t '#{pane_pid}')")
[ -n "$pid" ] || fail "cannot find vmscope's pid"
kill -TERM "$pid"
tui_wait "DONE-143"
[ "$(tmux_cmd display -p -t t '#{alternate_on}')" = 0 ] ||
	fail "SIGTERM left the alternate screen on"
echo "PASS"
