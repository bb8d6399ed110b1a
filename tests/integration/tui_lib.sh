# tests/integration/tui_lib.sh - driving `vmscope run` in tmux, for the
# test_tui_*.sh screen tests (sourced after lib.sh).
#
# Each test gets a tmux server of its own (-L), killed at exit.  Waits poll
# the pane until the text shows, with a timeout, never a fixed sleep.
TMUX_SOCK="vmscope-test-${TMP##*/}"
TMUX_SERVERS=0

# TUI_UTF8=1 before tui_start_shell: the pane runs in a UTF-8 locale with
# ncurses drawing boxes as Unicode (NCURSES_NO_UTF8_ACS), so captures show
# borders as │ and ─, never as letters screen_check.py could mistake.
TUI_UTF8=
# Shell commands the EXIT trap runs too, before $TMP goes (an umount).
TUI_AT_EXIT=

tmux_cmd() {
	if [ -n "$TUI_UTF8" ]; then
		LANG=C.UTF-8 tmux -u -L "$TMUX_SOCK" "$@"
	else
		tmux -L "$TMUX_SOCK" "$@"
	fi
}

# Skip unless tmux is installed.
require_tmux() {
	if ! command -v tmux >/dev/null 2>&1; then
		echo "SKIP: tmux is not installed (apt-get install tmux)"
		exit 77
	fi
}

# Start a shell pane of the given size; $1 = width, $2 = height.  Each
# call gets a new server: a socket being torn down cannot be reused at once.
# The socket is named after the test's own temporary folder, not its PID:
# a test killed before its EXIT trap ran leaves its server behind, and a
# later test given the same PID would find that server's session "t"
# ("duplicate session: t").  A test interrupted by a signal runs the trap.
tui_start_shell() {
	# the previous server, if the test left it up: only the last one is
	# reachable (tmux_cmd) and killed by the EXIT trap
	[ "$TMUX_SERVERS" -eq 0 ] || tmux_cmd kill-server 2>/dev/null || true
	TMUX_SERVERS=$((TMUX_SERVERS + 1))
	TMUX_SOCK="vmscope-test-${TMP##*/}-$TMUX_SERVERS"
	trap 'tmux_cmd kill-server 2>/dev/null || true; eval "$TUI_AT_EXIT"; rm -rf "$TMP"' EXIT
	trap 'exit 130' INT TERM HUP
	utf8=
	[ -n "$TUI_UTF8" ] && utf8="LANG=C.UTF-8 NCURSES_NO_UTF8_ACS=1"
	tmux_cmd -f /dev/null new-session -d -s t -x "$1" -y "$2" \
		"env PS1='PROMPT\$ ' $utf8 TERM=xterm-256color sh"
	tmux_cmd set-option -t t status off >/dev/null
	tmux_cmd resize-window -t t -x "$1" -y "$2" 2>/dev/null || true
}

# A new pane WxH (e.g. 80x24, in $w and $h) showing `vmscope run` of hello
# on the soft CPU, ready at its start.
tui_open_hello() {
	w=${1%x*} h=${1#*x}
	tui_start_shell "$w" "$h"
	tui_wait 'PROMPT$'
	tui_run "$VMSCOPE" run --backend soft hello
	tui_wait "ready: press s"
}

# The same with --nested 1: hello as L2 under the mini-hypervisor.
tui_open_nested() {
	w=${1%x*} h=${1#*x}
	tui_start_shell "$w" "$h"
	tui_wait 'PROMPT$'
	tui_run "$VMSCOPE" run --nested 1 --backend soft hello
	tui_wait "ready: press s"
}

# The points of hello's run as L2 (--nested 1) the nesting tests stop at,
# read from the tracer's JSON by nested_points.py (its header lists them:
# doorbell_rip, block, r, h_exit, d_exit ...), set as shell variables.
tui_nested_points() {
	"$VMSCOPE" trace --nested 1 --backend soft --json --stack hello \
		2>/dev/null |
		python3 tests/integration/nested_points.py >"$TMP/points" ||
		fail "no points to stop at in the trace"
	. "$TMP/points"
}

# A new pane WxH ($1) showing `vmscope run --backend soft --net $2 $3`,
# ready at its start, the Network panel focused (Exits -> Flow, CPU,
# Console, Stats, Network) and its page named ($4: "path emulated", ...).
tui_open_network() {
	w=${1%x*} h=${1#*x}
	tui_start_shell "$w" "$h"
	tui_wait 'PROMPT$'
	tui_run "$VMSCOPE" run --backend soft --net "$2" "$3"
	tui_wait "ready: press s"
	tui_keys Tab Tab Tab Tab Tab
	tui_wait_last_row "n next path"
	tui_wait "$4 (n: next)"
}

# Add a breakpoint with b ($1: what is typed at the prompt) and wait
# until the key bar lists the breakpoints, the new one among them.
tui_break() {
	tui_keys b
	tui_wait "break on: _"
	tui_keys -l "$1"
	tui_keys Enter
	tui_wait "breakpoints: "
	tui_screen | grep -F "breakpoints: " | grep -qF -- " $1" ||
		fail "the breakpoint $1 is not listed"
}

# A new 120x40 pane: `vmscope run ARGS...` (a guest among them), quit
# with q at its start; returns once the shell said how it ended (DONE-N).
tui_run_quit() {
	tui_start_shell 120 40
	tui_wait 'PROMPT$'
	tui_run "$VMSCOPE" run "$@"
	tui_wait "ready: press s"
	tui_keys q
	# a number: the command line typed shows "DONE-$?"
	tui_wait_grep E '^DONE-[0-9]+$'
}

# Run vmscope in the pane; the shell says how it ended.
tui_run() {
	tmux_cmd send-keys -t t "$* ; echo \"DONE-\$?\"" Enter
}

tui_keys() {
	tmux_cmd send-keys -t t "$@"
}

tui_screen() {
	tmux_cmd capture-pane -t t -p
}

# Run the command every 0.1 s until it succeeds; after 15 s show the
# screen and fail, saying what never came.
tui_poll() { # what command [args...]
	poll_what=$1
	shift
	i=0
	while ! "$@"; do
		i=$((i + 1))
		if [ $i -gt 150 ]; then
			echo "--- screen:"
			tui_screen
			fail "timed out waiting for $poll_what"
		fi
		sleep 0.1
	done
}

tui_screen_has() { # grep's pattern kind, text
	tui_screen | grep -q"$1" -- "$2"
}

tui_last_row_has() { # text
	tui_screen | tail -n 1 | grep -qF -- "$1"
}

# The screen with its colours and attributes differs from $1.
tui_screen_differs() {
	[ "$(tmux_cmd capture-pane -t t -p -e)" != "$1" ]
}

# Wait until the screen shows the text; fail after 15 s.  $1: grep's
# pattern kind (F fixed, E extended), $2 the text.
tui_wait_grep() {
	tui_poll ": $2" tui_screen_has "$1" "$2"
}

tui_wait() {
	tui_wait_grep F "$1"
}

# Wait until the screen's last row shows the text; fail after 15 s.  The
# key bar is that row, and curses draws a frame from the top down: once the
# key bar a state has reads so, the whole frame of that state is drawn.
tui_wait_last_row() {
	tui_poll "'$1' in the last row" tui_last_row_has "$1"
}

# Press a key on a screen at rest and wait until the screen shows a change
# (in its text or only in its colours, as a key that moves the focus makes
# on a wide screen); fail after 15 s.  The change may be the first rows
# of the new frame: wait for its last row too (tui_wait_last_row).
tui_key_changes() {
	before=$(tmux_cmd capture-pane -t t -p -e)
	tui_keys "$1"
	tui_poll "a change after '$1'" tui_screen_differs "$before"
}

# No panel's text cut in the middle of a word on the $w x $h screen
# (screen_check.py; the pane in UTF-8: TUI_UTF8=1), $1 saying when.  It
# waits for the key bar first: the last row a frame draws, so the screen
# checked is a whole frame, never one half drawn.
tui_check_screen() { # what
	tui_wait_last_row "? help  q quit"
	screen=$(tui_screen)
	if ! cuts=$(echo "$screen" | python3 tests/integration/screen_check.py "$w"); then
		echo "$screen"
		fail "${w}x$h $1: $cuts"
	fi
}

# Wait until the screen no longer shows the text.
tui_wait_gone() {
	i=0
	while tui_screen | grep -qF -- "$1"; do
		i=$((i + 1))
		if [ $i -gt 150 ]; then
			tui_screen
			fail "timed out waiting for '$1' to go"
		fi
		sleep 0.1
	done
}

# The status bar's stop: "ready: press s" before the first exit, then
# "paused at exit N", or "paused at stop N.K" at a DEBUG stop (l, i, b).
tui_stop() {
	tui_screen | grep -oE 'ready: press s|paused at (exit [0-9]+|stop [0-9.]+)' || true
}

# Wait until the guest is stopped (ready, or paused at an exit or a stop).
tui_wait_stopped() {
	tui_wait_grep E 'ready: press s|paused at (exit [0-9]+|stop [0-9.]+)'
}

# Press a key that steps (space, l, i) and wait until the guest stops
# again, at a later exit; fail after 5 s.
tui_step() {
	tui_wait_stopped
	before=$(tui_stop)
	tui_keys "$1"
	j=0
	# "running to the next exit" shows no stop: wait for a new one
	while now=$(tui_stop); [ -z "$now" ] || [ "$now" = "$before" ]; do
		j=$((j + 1))
		[ $j -gt 100 ] && fail "'$1' did not step (at '$before')"
		sleep 0.05
	done
}

# Press space until the exit log shows the text.
tui_step_until() {
	n=0
	while ! tui_screen | grep -qF -- "$1"; do
		n=$((n + 1))
		[ $n -gt 40 ] && fail "40 steps and no '$1'"
		tui_step ' '
	done
}
