#!/bin/sh
# The SDL window as a student meets it.  Without a display, `--display sdl`
# says so in one line - not with Wayland's "XDG_RUNTIME_DIR is invalid or
# not set" noise first.  And when the guest ends, the tracer keeps the
# window open (on SDL's offscreen driver here, asked for by name) so what
# hello wrote on its screen can be read: it says so and waits; Ctrl-C (or
# closing the window) ends the wait, with the guest's own status.  Only
# with a person at a terminal (here a tmux pane): run from a script, the
# window closes at once, saying so, instead of waiting forever.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e

for cmd in "trace" "run --batch"; do
	run_status env -u DISPLAY -u WAYLAND_DISPLAY -u XDG_RUNTIME_DIR \
		-u SDL_VIDEODRIVER "$VMSCOPE" $cmd --backend soft --display sdl \
		hello >"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 1 ] || fail "$cmd: exit status $status, expected 1"
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$cmd without a display said: $(cat "$TMP/err")"
	grep -qE '^vmscope( [a-z]+)?: (hello: )?--display sdl: cannot open a window: no display found \(\$DISPLAY and \$WAYLAND_DISPLAY are not set\)$' \
		"$TMP/err" || fail "$cmd without a display said: $(cat "$TMP/err")"
done

# the tracer, the guest ended, a person at the terminal (a tmux pane): the
# window stays until Ctrl-C (or closed), then the guest's status
require_tmux
tui_start_shell 120 30
tui_wait 'PROMPT$'
tui_run SDL_VIDEODRIVER=offscreen "$VMSCOPE" trace --backend soft \
	--display sdl hello ">$TMP/out" "2>$TMP/err"
i=0
until grep -q "the SDL window stays" "$TMP/err" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 150 ] && fail "the tracer did not keep the window: $(cat "$TMP/err")"
	sleep 0.1
done
grep -q "guest exited with status 0" "$TMP/err" || fail "no end note: $(cat "$TMP/err")"
tui_screen | grep -qE "DONE-[0-9]" && fail "the tracer ended with the window open"
tui_keys C-c
tui_wait_grep E "DONE-[0-9]"
tui_screen | grep -q "DONE-0" ||
	fail "Ctrl-C at the kept window: $(tui_screen | grep -oE 'DONE-[0-9]+'), not the guest's 0"

# nobody at a terminal (stdin not one, as in a script): the window closes
# at once with a note, instead of waiting forever
env SDL_VIDEODRIVER=offscreen "$VMSCOPE" trace --backend soft --display sdl \
	hello </dev/null >"$TMP/out" 2>"$TMP/err" &
pid=$!
i=0
while kill -0 $pid 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 300 ]; then
		kill $pid
		fail "without a terminal the tracer waits at the window"
	fi
	sleep 0.1
done
status=0
wait $pid || status=$?
[ $status -eq 0 ] || fail "without a terminal: status $status, not the guest's 0"
grep -q "the SDL window closes (no terminal to wait at)" "$TMP/err" ||
	fail "without a terminal it said: $(cat "$TMP/err")"
echo "PASS"
