#!/bin/sh
# printf.lesson's first step names the ports uart_init writes as the step
# shows them: from 0x3f8 (the divisor latch's low byte, DLL, while LCR's
# DLAB bit is set) to 0x3fc.  It said "ports 0x3f9 to 0x3fc" above an
# exit 3 at port 0x3f8.  On the software CPU; the step runs first.
. tests/integration/lib.sh
set -e

run_status "$VMSCOPE" lesson --backend soft printf </dev/null >"$TMP/out" 2>&1
sed -n '/^-- step uart-init /,/^== step uart-init /p' "$TMP/out" >"$TMP/step"
grep -qx "== step uart-init == OK" "$TMP/step" ||
	fail "uart-init did not pass: $(tail -3 "$TMP/step")"
said=$(awk '/^ +[0-9]+ /{exit} {print}' "$TMP/step" | tr '\n' ' ' |
	sed -n 's/.*ports \(0x[0-9a-f]*\) to \(0x[0-9a-f]*\).*/\1 \2/p')
[ -n "$said" ] || fail "the step names no 'ports A to B': $(cat "$TMP/step")"
shown=$(sed -n 's/.* port=\(0x[0-9a-f]*\) out .*/\1/p' "$TMP/step" |
	sort -u | sed -n '1p;$p' | tr '\n' ' ' | sed 's/ $//')
[ "$said" = "$shown" ] ||
	fail "the step says ports $said, its exits are at $shown"
grep -q "DLAB" "$TMP/step" || fail "the step does not say what DLAB does"
echo "PASS: ports $shown"
