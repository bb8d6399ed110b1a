#!/bin/sh
# The SDL window as a student meets it.  Without a display, `--display sdl`
# says so in one line - not with Wayland's "XDG_RUNTIME_DIR is invalid or
# not set" noise first.  And when the guest ends, the tracer keeps the
# window open (on SDL's offscreen driver here, asked for by name) so what
# hello wrote on its screen can be read: it says so and waits; Ctrl-C (or
# closing the window) ends the wait, with the guest's own status.
. tests/integration/lib.sh
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

# the tracer, the guest ended: the window stays until Ctrl-C or closed
env SDL_VIDEODRIVER=offscreen "$VMSCOPE" trace --backend soft --display sdl \
	hello >"$TMP/out" 2>"$TMP/err" &
pid=$!
i=0
until grep -q "the SDL window stays" "$TMP/err"; do
	i=$((i + 1))
	if [ $i -gt 150 ] || ! kill -0 $pid 2>/dev/null; then
		kill $pid 2>/dev/null || true
		fail "the tracer did not keep the window: $(cat "$TMP/err")"
	fi
	sleep 0.1
done
grep -q "guest exited with status 0" "$TMP/err" || fail "no end note: $(cat "$TMP/err")"
kill -0 $pid || fail "the tracer ended with the window open"
kill -INT $pid
status=0
wait $pid || status=$?
[ $status -eq 0 ] || fail "Ctrl-C at the kept window: status $status, not the guest's 0"
echo "PASS"
