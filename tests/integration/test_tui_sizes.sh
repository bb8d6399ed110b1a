#!/bin/sh
# The full-screen view at the sizes people use - 80x24, 100x30, 120x40 and
# 200x60: `? help` and `q quit` are always in the key bar, no panel's text
# is cut in the middle of a word (screen_check.py), at the start, at the
# first 'H' with every panel brought into view (Tab), and at the guest's
# end; at 80x24 the selected exit's detail is there; at the end the exit
# log fills its panel (no empty row in it).
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
TUI_UTF8=1

# The rows between the Exits panel's top and bottom frame that hold nothing.
empty_exits_rows() {
	tui_screen | awk '/^┌─ Exits /{on=1; next} on && /^└/{exit}
		on && /^│ *│$/{n++} END{print n+0}'
}

for size in 80x24 100x30 120x40 200x60; do
	tui_open_hello "$size"
	tui_check_screen "start"
	tui_step_until "data=0x48 'H'"
	tui_wait_grep E "^│exit [0-9]+: IO\(2\)"   # the exit's detail
	tui_check_screen "at the 'H'"
	for tab in 1 2 3 4 5 6; do   # every panel in the slot, the focus back
		# each Tab's own key bar says its frame is drawn: the focus in
		# a panel of the slot, in the Console, back in the exit log
		tui_key_changes Tab
		case $tab in
		3) tui_wait_last_row "Tab leave" ;;
		6) tui_wait_last_row "Up/Down select" ;;
		*) tui_wait_last_row "Tab panel" ;;
		esac
		[ $tab = 3 ] && continue   # the Console: q goes to the guest
		tui_check_screen "after $tab Tab"
	done
	tui_keys C
	tui_wait "ended at exit"
	tui_check_screen "at the end"
	[ "$(empty_exits_rows)" = 0 ] ||
		{ tui_screen; fail "${w}x$h: the exit log leaves empty rows"; }
	tui_keys q
	tui_wait "DONE-0"
	tmux_cmd kill-server
done
echo "PASS"
