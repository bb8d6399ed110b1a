#!/bin/sh
# bench/tui_bench.sh - does watching slow the machine down?
#
#   BENCH tui_speed_ratio[_soft]  the portloop guest's exit rate under the
#                          full-screen view running flat out (C, in a tmux
#                          pane) / its exit rate under `vmscope trace` to
#                          /dev/null
#   BENCH tui_frame_ms[_soft]  what a frame costs the view while the guest
#                          runs: its model update, layout and drawing, per
#                          frame.  The view draws at most 50 frames a
#                          second (frames per second would only show that
#                          cap); the time per frame shows the room left
#                          under the 20 ms a frame may take
#
# Rounds alternate the view and the tracer; each figure is the median of
# the rounds, with min-max.  The view reports its own figures
# (--stats-file): exits, the time the guest was let run, frames drawn while
# it ran and the time they took.  The tracer's time is its process's wall
# time, start-up included (a few ms of about two seconds).
# Usage: tui_bench.sh BUILD_DIR ROUNDS kvm|soft
set -u
build=$1
rounds=${2:-3}
backend=${3:-kvm}
suffix=""; [ "$backend" = soft ] && suffix=_soft
vmscope="$build/vmscope"
sock="vmscope-bench-$$"
tmp=$(mktemp -d)
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

if ! command -v tmux >/dev/null 2>&1; then
	echo "bench: tui figures skipped: tmux is not installed"
	exit 0
fi

now_ns() { date +%s%N; }

# Poll until the pane shows the text (fixed string), 60 s at most.
wait_screen() {
	i=0
	until tmux -L "$sock" capture-pane -t b -p 2>/dev/null | grep -qF -- "$1"; do
		i=$((i + 1))
		[ $i -gt 600 ] && { echo "bench: timed out waiting for '$1'" >&2; return 1; }
		sleep 0.1
	done
}

tui_round() { # prints "exits_per_s frame_ms"
	rm -f "$tmp/stats"
	tmux -L "$sock" -f /dev/null new-session -d -s b -x 120 -y 40 \
		"TERM=xterm-256color $vmscope run --backend $backend --stats-file $tmp/stats portloop"
	wait_screen "ready: press s" || return 1
	tmux -L "$sock" send-keys -t b C
	wait_screen "guest exited with status 0" || return 1
	tmux -L "$sock" send-keys -t b q
	i=0
	while [ ! -s "$tmp/stats" ] || tmux -L "$sock" has-session -t b 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
	awk '{ v[$1] = $2 } END {
		printf "%.1f %.3f\n", v["exits"] * 1e9 / v["run_ns"],
		       v["frame_ns_running"] / 1e6 / v["frames_running"] }' "$tmp/stats"
}

trace_round() { # prints exits_per_s
	t0=$(now_ns)
	"$vmscope" trace --backend "$backend" portloop >"$tmp/trace" 2>/dev/null || return 1
	t1=$(now_ns)
	exits=$(sed -n 's/^\([0-9]*\) exits reached vmscope.*/\1/p' "$tmp/trace")
	awk -v e="$exits" -v ns="$((t1 - t0))" 'BEGIN { printf "%.1f\n", e * 1e9 / ns }'
}

# "median min max" of the numbers on stdin
spread() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[1], v[NR] }'; }

: >"$tmp/ratios"
: >"$tmp/frame_ms"
for r in $(seq 1 "$rounds"); do
	tui=$(tui_round) || { echo "bench: tui round failed"; exit 1; }
	trace=$(trace_round) || { echo "bench: trace round failed"; exit 1; }
	echo "$tui $trace" | awk '{ printf "%.3f\n", $1 / $3 }' >>"$tmp/ratios"
	echo "$tui" | awk '{ print $2 }' >>"$tmp/frame_ms"
	echo "  round $r: tui $(echo "$tui" | cut -d' ' -f1) exits/s," \
	     "$(echo "$tui" | cut -d' ' -f2) ms a frame; trace $trace exits/s"
done
set -- $(spread <"$tmp/ratios")
echo "BENCH tui_speed_ratio$suffix $1 x"
echo "  the guest's exit rate with the full-screen view running flat out," \
     "over the tracer's: median of $rounds alternated rounds," \
     "min-max $2-$3 (goal >= 0.8)"
set -- $(spread <"$tmp/frame_ms")
echo "BENCH tui_frame_ms$suffix $1 ms"
echo "  the view's work per frame while the guest runs (update, layout," \
     "drawing): median of $rounds rounds, min-max $2-$3 (a frame may" \
     "take 20 ms at 50 frames a second)"
