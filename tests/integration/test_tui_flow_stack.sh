#!/bin/sh
# The Flow panel's stack line is the tracer's --stack text for the same
# exit, also when the chain is deeper than the unwinder walks: the
# deep_calls guest's POST exit is 41 calls deep, so both start "... > "
# (one formatter, core/unwind.c's unwind_format, serves both).  On every
# backend.
. tests/integration/lib.sh
set -e
guest="$BUILD/tests/guests/deep_calls.elf"
[ -f "$guest" ] || fail "no $guest"

for backend in $(backends); do
	"$VMSCOPE" trace --backend "$backend" --stack "$guest" 2>/dev/null |
		sed -n '/ port=0x80 /{n;s/^ *stack: //p;q}' >"$TMP/traced"
	"$VMSCOPE" run --backend "$backend" --batch --until io:0x80 "$guest" \
		>"$TMP/batch" 2>/dev/null || true
	# the Flow panel's stack line, its wrapped rows joined again
	sed -n '/^== Flow ==$/,/^== /p' "$TMP/batch" |
		sed -n '/^stack: /,/^$/p' | tr '\n' ' ' |
		sed 's/^stack: //;s/ *$//' >"$TMP/flow"
	traced=$(cat "$TMP/traced") flow=$(cat "$TMP/flow")
	case "$traced" in
	"... > descend > "*) ;;
	*) fail "$backend: the trace's chain is not cut: '$traced'" ;;
	esac
	[ "$flow" = "$traced" ] ||
		fail "$backend: Flow shows '$flow', the trace '$traced'"
	echo "ok: $backend"
done
echo "PASS"
