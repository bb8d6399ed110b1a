#!/bin/sh
# `--display sdl` with an X display nobody serves: one line saying SDL's
# video could not start, status 1 - and, run by tests/run-one.sh under the
# sanitizers, no LeakSanitizer report: the buffer libdbus keeps after SDL's
# failed video start is suppressed, with its reason, in
# tests/sanitizer/lsan.supp (it failed every such run of the sanitized
# binary).  Skipped, saying why, where SDL2 is not installed.
. tests/integration/lib.sh
set -e
dead=:99
[ ! -e /tmp/.X11-unix/X99 ] || { echo "SKIP: an X server serves $dead here"; exit 77; }
for cmd in "trace" "run --batch"; do
	# shellcheck disable=SC2086 # cmd is one or two words
	run_status env -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER DISPLAY=$dead \
		"$VMSCOPE" $cmd --backend soft --display sdl hello >"$TMP/out" 2>"$TMP/err"
	if grep -q 'SDL2 is not installed' "$TMP/err"; then
		echo "SKIP: $(cat "$TMP/err")"
		exit 77
	fi
	[ "$status" -eq 1 ] || fail "$cmd: exit status $status, expected 1: $(cat "$TMP/err")"
	grep -qE "^vmscope( [a-z]+)?: (hello: )?--display sdl: cannot start SDL's video: " "$TMP/err" ||
		fail "$cmd with a dead display said: $(cat "$TMP/err")"
done
echo "PASS"
