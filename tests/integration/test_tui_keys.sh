#!/bin/sh
# Terminal manners of the full-screen view: the help overlay lists every
# key; below 80x24 a message replaces the panels (q still works) and they
# come back on the way up; Tab moves the focus and the slot panel; b sets
# a break; NO_COLOR=1 draws without colour escapes, while the default
# draws with them; --stats-file holds the view's figures, or is reported
# with status 1 when it cannot be opened (a FIFO with no reader too) or
# written whole.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
# Terminal manners do not depend on the backend: auto runs everywhere.

# SGR colour parameters: 30-38 foreground, 40-48 background, 90-97 and
# 100-107 bright (39 and 49, "default colour", are what tmux writes for
# uncoloured cells, so they do not count).
has_colour() {
	tmux_cmd capture-pane -t t -p -e |
		grep -qE "$(printf '\033')\[([0-9]+;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9]+)*m"
}

tui_start_shell 120 40
tui_wait 'PROMPT$'
tui_run "$VMSCOPE" run --backend auto --stats-file "$TMP/stats" hello
tui_wait "ready: press s"
has_colour || fail "colour run shows no colour escapes (the check cannot fail)"

tui_keys '?'
tui_wait "Help: keys"
for key in "space, s" "l   " "i   " "c   " "C   " "p, Ctrl-C" "b   " \
	   "r   " "Tab" "?, F1" "Ctrl-L" "q   "; do
	tui_screen | grep -qF -- "$key" || fail "help lacks '$key'"
done
tui_keys x
tui_wait_gone "Help: keys"

tmux_cmd resize-window -t t -x 60 -y 20
tui_wait "terminal too small (need 80x24)"
tui_screen | grep -q "ready: press s" && fail "panels shown below 80x24"
tmux_cmd resize-window -t t -x 120 -y 40
tui_wait "ready: press s"
tui_wait " Stats "

# b: a break on the first LSR read, then flat out stops there
tui_keys b
tui_wait "break on: "
tui_keys "io:0x3fd" Enter
tui_wait "break on io:0x3fd"
tui_keys C
tui_wait "break: io:0x3fd"
tui_screen | grep -q " 8[ +].*port=0x3fd in" || fail "break did not stop at exit 8"

# small screen: Tab walks the focus, the slot follows it
tmux_cmd resize-window -t t -x 80 -y 24
# (the title names the others as far as they fit: Interrupts is cut)
tui_wait "Console  (Tab: CPU, Stats,"
tui_keys Tab Tab
tui_wait "CPU  (Tab: Console, Stats,"
tui_keys Tab Tab
tui_wait "Stats  (Tab: Console, CPU,"
tui_keys Tab
tui_wait "Interrupts  (Tab: Console,"

# too small, q still quits
tmux_cmd resize-window -t t -x 40 -y 10
tui_wait "terminal too small"
tui_keys q
tui_wait "DONE-0"
tmux_cmd kill-server
# --stats-file: the view's figures at quit, the exits those of the break
grep -qx "exits 8" "$TMP/stats" || fail "--stats-file: $(cat "$TMP/stats")"
grep -qE "^frames [1-9][0-9]*$" "$TMP/stats" || fail "--stats-file: no frames"
# the time the frames drawn while the guest ran took (bench/tui_bench.sh)
grep -qE "^frame_ns_running [0-9]+$" "$TMP/stats" ||
	fail "--stats-file: no frame time: $(cat "$TMP/stats")"

# NO_COLOR: the same screen, no colour escapes
tui_start_shell 120 40
tui_wait 'PROMPT$'
tui_run NO_COLOR=1 "$VMSCOPE" run --backend auto --stats-file "$TMP/no/stats" hello
tui_wait "ready: press s"
tui_keys ' '
tui_wait "paused at exit 1"
has_colour && fail "NO_COLOR=1 still draws colour escapes"
tui_keys q
tui_wait "DONE-1"
# a --stats-file that cannot be written is said, once the screen is gone,
# and is lost output: status 1 (it was 0)
tui_screen | grep -qF "vmscope run: --stats-file $TMP/no/stats: No such file or directory" ||
	fail "an unwritable --stats-file was not reported"

# ... and so is one that cannot be written whole (a full disk)
tui_run_quit --backend auto --stats-file /dev/full hello
tui_wait "DONE-1"
tui_screen | grep -qF "vmscope run: --stats-file /dev/full: No space left on device" ||
	fail "a --stats-file on a full disk was not reported"

# ... and so is a FIFO nobody reads (open(2) waited for its reader for
# ever once the screen was gone)
mkfifo "$TMP/fifo"
tui_run_quit --backend auto --stats-file "$TMP/fifo" hello
tui_wait "DONE-1"
tui_screen | grep -qF "vmscope run: --stats-file $TMP/fifo: a FIFO with no reader (start its reader first)" ||
	fail "a --stats-file FIFO with no reader was not reported"
echo "PASS"
