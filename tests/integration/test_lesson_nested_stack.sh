#!/bin/sh
# A lesson watches an exit of L2's as L2's (`boot hello --nested 1`): at
# L2's first 'H' its `stack` is hello's printf path, unwound from L2's
# registers through L2's page tables and L1's nested table, and its
# registers are L2's (RAX the 'H', RIP the OUT's) - the tracer's --stack
# line and RIP for the same exit, not L1's, which is stopped at its run
# doorbell; at L1's exit that prints the byte on L1's own UART, the stack
# is L1's again.  And the layers: L2's COM1 exits, reflected to L1, never
# light L0's UART model (L1's model answers them), L1's own prints do.
# Software CPU (nesting runs there).
. tests/integration/lib.sh
set -e

"$VMSCOPE" trace --nested 1 --backend soft --stack hello >"$TMP/trace" 2>/dev/null
# The first exit line matching $1 and the stack line under it.
exit_and_stack() {
	awk -v re="$1" 'found { print; exit } $0 ~ re { print; found = 1 }' "$TMP/trace"
}
exit_and_stack "L2 IO\\(2\\) .* port=0x3f8 out size=1 data=0x48 'H'" >"$TMP/l2"
exit_and_stack "L1 IO\\(2\\) .* port=0x3f8 out size=1 data=0x48 'H'" >"$TMP/l1"
l2_stack=$(sed -n '2s/^ *stack: //p' "$TMP/l2")
l1_stack=$(sed -n '2s/^ *stack: //p' "$TMP/l1")
l2_sym=$(sed -n '1p' "$TMP/l2" | awk '{ print $6 }')
[ -n "$l2_stack" ] && [ -n "$l1_stack" ] && [ "$l2_sym" = "uart_putc+0x1c" ] ||
	fail "no L2 'H' and L1 'H' with stacks in the trace: $(cat "$TMP/l2" "$TMP/l1")"
# The exit's RIP, from the tracer's JSON for the same exit number.
l2_seq=$(sed -n '1p' "$TMP/l2" | awk '{ print $1 }')
l2_rip=$("$VMSCOPE" trace --nested 1 --backend soft --json hello 2>/dev/null |
	python3 -c 'import json, sys
for e in map(json.loads, sys.stdin):
    if e.get("seq") == int(sys.argv[1]):
        print(hex(e["rip"]))' "$l2_seq")
[ -n "$l2_rip" ] || fail "no exit $l2_seq in the tracer's JSON"
case "$l2_stack" in
"user_start > main > printf > "*) ;;
*) fail "the tracer's stack of L2's 'H' is not hello's: $l2_stack" ;;
esac

cat >"$TMP/l2stack.lesson" <<EOF
lesson l2-stack
title An exit of L2's, as L2 sees it
requires backend=soft
boot hello --nested 1
limit 3000 exits 60 s

step l2-h
  say hello's first 'H', written by L2's UART driver.
  run-until io-out where exit.level == 2 and io.port == 0x3f8 and io.data == 0x48 within 2000 exits
  expect sym == "uart_putc" "L2's symbol"
  expect stack == "$l2_stack" "L2's call chain, as the tracer unwinds it"
  expect reg.rax == 0x48 "L2's RAX holds the 'H'"
  expect rip == $l2_rip "the exit's RIP, in L2"
  expect reg.rip == $l2_rip "L2's RIP is the exit's"

step l1-h
  say L1 prints the byte on its own UART.
  run-until io-out where exit.level == 1 and io.port == 0x3f8 within 50 exits
  expect stack == "$l1_stack" "L1's call chain"

step reflected-skips-l0s-uart
  say L2's next byte: its UART accesses go to L1's model, never L0's.
  expect-never layer uart-model where exit.level == 2 "L0's UART model never sees L2's COM1 accesses"
  run-until io-out where exit.level == 2 and io.port == 0x3f8 within 100 exits
  expect nest.verdict == "reflected to L1" "L1's I/O bitmap has COM1"
  expect count(layer uart-model where exit.level == 1) > 0 "L1's own prints reach L0's UART"
EOF
"$VMSCOPE" lesson --check "$TMP/l2stack.lesson" >"$TMP/out" 2>&1 ||
	fail "the lesson failed: $(cat "$TMP/out")"
grep -q "^== step l2-h == OK" "$TMP/out" || fail "step l2-h: $(cat "$TMP/out")"
grep -q "^== step l1-h == OK" "$TMP/out" || fail "step l1-h: $(cat "$TMP/out")"
grep -q "^== step reflected-skips-l0s-uart == OK" "$TMP/out" ||
	fail "step reflected-skips-l0s-uart: $(cat "$TMP/out")"
echo "PASS"
