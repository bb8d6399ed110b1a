#!/bin/sh
# Terminals the full-screen view cannot draw on are refused before the
# guest runs, with a message that names TERM and offers --batch: one curses
# does not know (TERM=nosuchterm) and one that cannot place the cursor
# (TERM=dumb, which used to get a garbled screen).  Then a shrink below the
# minimum and back leaves no stray character: the "too small" screen holds
# only its message, and the view comes back as it was.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
TUI_UTF8=1

# The screen once two captures a tenth of a second apart agree (the frame
# after a resize drawn), the exit rate masked: it decays while paused.
steady_screen() {
	prev=$(tui_screen | sed 's#[0-9]*/s#N/s#')
	for i in $(seq 50); do
		sleep 0.1
		now=$(tui_screen | sed 's#[0-9]*/s#N/s#')
		[ "$now" = "$prev" ] && break
		prev=$now
	done
	echo "$now"
}

tui_start_shell 100 30
tui_wait 'PROMPT$'
for term in dumb nosuchterm; do
	tmux_cmd send-keys -t t "clear" Enter
	tui_wait 'PROMPT$'
	tui_run TERM=$term "$VMSCOPE" run --backend soft hello
	tui_wait_grep E "DONE-[0-9]"
	screen=$(tui_screen | tr -d '\n')   # the message may wrap
	echo "$screen" | grep -q "vmscope run: TERM=$term " ||
		fail "TERM=$term: no message: $screen"
	echo "$screen" | grep -q -- "--batch prints the panels as text" ||
		fail "TERM=$term: no --batch offered: $screen"
	echo "$screen" | grep -q "DONE-1" || fail "TERM=$term: status is not 1"
	echo "$screen" | grep -q "Flow" && fail "TERM=$term: panels drawn"
done
tmux_cmd kill-server

for size in 120x40 80x24; do
	tui_open_hello "$size"
	tui_step_until "data=0x48 'H'"
	steady_screen >"$TMP/before"
	tmux_cmd resize-window -t t -x 60 -y 20
	tui_wait "terminal too small (need 80x24)"
	# the message, "q quits", and nothing else
	[ "$(steady_screen | tr -d ' \n')" = "terminaltoosmall(need80x24)qquits" ] ||
		{ tui_screen | cat -A; fail "${size}: stray characters when too small"; }
	tmux_cmd resize-window -t t -x "$w" -y "$h"
	tui_wait "? help  q quit"
	steady_screen >"$TMP/after"
	cmp -s "$TMP/before" "$TMP/after" ||
		fail "${size}: the screen differs after a shrink and back: $(diff "$TMP/before" "$TMP/after")"
	tui_keys q
	tui_wait "DONE-0"
	tmux_cmd kill-server
done
echo "PASS"
