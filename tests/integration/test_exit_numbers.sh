#!/bin/sh
# The tracer and the TUI number the same exits the same way after stepping:
# the guest's exits keep their numbers under --step-insn, vmscope's stops
# are N.K in the trace's lines, the TUI's log, its detail and status bar,
# and the summary and the Stats header count the guest's exits and the
# stops apart with the same words (exit_numbers.py says how).  On every
# backend.
. tests/integration/lib.sh
set -e

for backend in $(backends); do
	"$VMSCOPE" trace --backend "$backend" hello >"$TMP/plain" 2>/dev/null
	yes '' 2>/dev/null | "$VMSCOPE" trace --backend "$backend" \
		--step-insn hello >"$TMP/stepped" 2>/dev/null
	"$VMSCOPE" run --backend "$backend" --batch --until uart_putc hello \
		>"$TMP/batch" 2>/dev/null
	python3 tests/integration/exit_numbers.py "$TMP/plain" \
		"$TMP/stepped" "$TMP/batch" >"$TMP/diff" ||
		fail "$backend: $(cat "$TMP/diff")"
	echo "ok: $backend"
done
echo "PASS"
