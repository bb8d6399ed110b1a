#!/bin/sh
# The card's rows in the trace's summary say what each counts: netecho's
# polling driver never acknowledges an interrupt (InterruptACK), so its
# line goes up at the first used-ring notification and stays up, and the
# second notification raises nothing - 2 notifications, 1 rise of the
# line.  The rows said "interrupts 2  raised for the used ring" beside
# "irq by vmscope 1  interrupts whose line vmscope's vCPU thread raised",
# as if they added up; then "interrupts 2  used-ring notifications", a
# name the TUI's Network panel used too beside its "irq vCPU" rises.
# Exact row text; rises never more than notifications
# on vmscope's chip.
. tests/integration/lib.sh
set -e

run_status "$VMSCOPE" trace --backend soft --net gen netecho >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 0 ] || fail "trace: status $status: $(tail -2 "$TMP/err")"
sed -n '/^The network card/,/ wire errors /p' "$TMP/out" >"$TMP/card"
# NAME's row of the card as "COUNT|WHAT"
row() { sed -n "s/^ *$1  *\([0-9][0-9]*\)   \(.*\)\$/\1|\2/p" "$TMP/card"; }
said() { # NAME WHAT
	got=$(row "$1")
	[ "${got#*|}" = "$2" ] || fail "row '$1' says '$got', not '$2'"
}
said notifications "used-ring notifications: InterruptStatus bit 0 set"
said suppressed "notifications not made: the driver asked for none (EVENT_IDX)"
said "irq by vmscope" "rises of the card's line vmscope applied (none while it is up)"
said "irq by irqfd" "rises by the worker's irqfd, no vmscope thread (again at an EOI if up)"
n=$(row notifications | cut -d'|' -f1)
r=$(row "irq by vmscope" | cut -d'|' -f1)
[ "$r" -ge 1 ] && [ "$r" -le "$n" ] ||
	fail "$r rises of the line for $n notifications"
echo PASS
