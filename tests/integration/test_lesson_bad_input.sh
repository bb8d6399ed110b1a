# Lesson files a person got wrong, read by the real binary: each refused
# with file:line and status 2 by --lint and by --check alike, never half
# run (docs/LESSONS.md).  An empty file is at line 1 (it said line 0); a
# FIFO as the lesson, its boot image or --answers is refused at once (the
# open waited for a writer for ever); a
# time bound past what the runner counts in nanoseconds is refused (it
# wrapped around to ~0.45 ms, and the step failed as "not reached within
# its time bound"), while the longest one it can count runs to the end.
. tests/integration/lib.sh
set -e

refused() { # file expected-line
	for mode in --lint "--check --backend soft"; do
		# shellcheck disable=SC2086 # mode is two words
		run_status timeout 60 "$VMSCOPE" lesson $mode "$1" >"$TMP/out" 2>"$TMP/err"
		[ "$status" -eq 2 ] || fail "lesson $mode $1: exit status $status, expected 2"
		[ "$(cat "$TMP/err")" = "$2" ] ||
			fail "lesson $mode $1: said '$(cat "$TMP/err")', not '$2'"
	done
}

: >"$TMP/empty.lesson"
refused "$TMP/empty.lesson" "$TMP/empty.lesson:1: a lesson file starts with \`lesson <id>\`"

# A FIFO is no lesson, no answer file and no boot image: refused at once
# (open(2) waited for a writer for ever), as /dev/null is.
mkfifo "$TMP/fifo"
refused "$TMP/fifo" "$TMP/fifo: not a regular file"
refused /dev/null "/dev/null: not a regular file"
printf 'lesson b\ntitle T\nboot %s\nstep a\n  run-until end within 5 s\n' "$TMP/fifo" >"$TMP/boot.lesson"
refused "$TMP/boot.lesson" "$TMP/boot.lesson:3: boot: $TMP/fifo: not a regular file"
run_status timeout 60 "$VMSCOPE" lesson --check --backend soft --answers "$TMP/fifo" printf >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "--answers FIFO: exit status $status, expected 2"
[ "$(cat "$TMP/err")" = "vmscope lesson: $TMP/fifo: not a regular file" ] ||
	fail "--answers FIFO: said '$(cat "$TMP/err")'"

bounded() { # file bound [boot option]
	printf 'lesson wrap\ntitle T\nrequires backend=any\nboot portloop %s\n\nstep one\n  say run to the end\n  run-until end within %s\n' "${3:-}" "$2" >"$1"
}
bounded "$TMP/wrap.lesson" "9223372036855 ms"
refused "$TMP/wrap.lesson" "$TMP/wrap.lesson:8: within: 9223372036855 ms is more than vmscope can count (at most 9223372036854 ms)"
bounded "$TMP/wrap_s.lesson" "9223372037 s"
refused "$TMP/wrap_s.lesson" "$TMP/wrap_s.lesson:8: within: 9223372037 s is more than vmscope can count (at most 9223372036 s)"

# The longest bound: the deadline's sum with the clock is held at the end
# of time rather than wrapped (the step failed at once).
# Under --clock insn it is a deadline of the machine's own, less than 2^63
# ns ahead (one further was taken for past: the machine's time stopped and
# the run spun for ever).
for clock in host insn; do
	bounded "$TMP/longest.lesson" "9223372036854 ms" "--clock $clock"
	run_status timeout 120 "$VMSCOPE" lesson --check --backend soft "$TMP/longest.lesson" >"$TMP/out" 2>&1
	[ "$status" -eq 0 ] || fail "the longest bound, --clock $clock: status $status: $(cat "$TMP/out")"
	grep -q '^== step one == OK' "$TMP/out" || fail "the longest bound, --clock $clock: $(cat "$TMP/out")"
done
echo "PASS"
