#!/bin/sh
# The TUI's Console panel as a keyboard, on every backend: with the guest
# running flat out (echo waits in HLT for a key), Tab moves the focus to
# the Console; typed keys go through the i8042 (IRQ 1) to the guest's tty,
# which echoes them and hands the line to the program, which prints it
# back ("hellp", Backspace, "o": hello, twice); Ctrl-D ends the program.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
for backend in $(backends); do
	tui_start_shell 120 40
	tui_wait 'PROMPT$'
	tui_run "$VMSCOPE" run --backend $backend echo
	tui_wait "ready: press s"
	tui_keys C
	tui_wait "tty_read"
	tui_keys Tab Tab Tab
	tui_wait "Console (typing goes to the guest)"
	tui_keys -l "hellp"
	tui_keys BSpace
	tui_keys -l "o"
	tui_keys Enter
	# the tty's echo of the typed line, then the program's copy of it
	i=0
	while [ "$(tui_screen | grep -cE '^(x|│)hello  ')" -ne 2 ]; do
		i=$((i + 1))
		[ $i -le 150 ] || { tui_screen; fail "$backend: the line is not on the console twice"; }
		sleep 0.1
	done
	tui_keys C-d
	tui_wait "guest exited with status 0"
	tui_keys Tab q   # (with the Console focused, q would go to the guest)
	tui_wait "DONE-0"
	tmux_cmd kill-server 2>/dev/null || true
done
