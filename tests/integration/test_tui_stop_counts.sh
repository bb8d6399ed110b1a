#!/bin/sh
# The counts a student steps by do not shift when l or i add DEBUG exits:
# those stops are counted apart ("7.3": the third stop after the guest's
# exit 7), so walking to the first 'H' with l still finds it as exit 9, the
# Flow panel counts 9 exits through the UART driver, and the status bar
# says how many stops there were.  A stop's line shows its own payload.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux
tui_open_hello 120x40
n=0
while ! tui_screen | grep -q "data=0x48 'H'"; do
	n=$((n + 1))
	[ $n -gt 40 ] && fail "40 l presses and no 'H'"
	tui_step l
done
screen=$(tui_screen)
echo "$screen" | grep -q "[│x] *9 .* IO(2) .*port=0x3f8 out size=1 data=0x48 'H'" ||
	fail "the 'H' is not exit 9 after l: $(echo "$screen" | grep "'H'")"
echo "$screen" | grep -q "paused at exit 9 " || fail "the status bar is not at exit 9"
echo "$screen" | grep -qE "[0-9]+ stops counted apart" || fail "the stops are not counted apart"
echo "$screen" | grep -q "UART driver  *9  uart_putc" || fail "the UART driver's count shifted"
echo "$screen" | grep -q "VM exit  *9  IO(2)" || fail "the VM exit count shifted"
echo "$screen" | grep -qE "[│x] *7\.8 .* DEBUG\(4\) uart_putc .*pc=0x[1-9a-f]" ||
	fail "the stop at uart_putc is not 7.8 (the 8th after exit 7) with its pc"
# one instruction: a stop after exit 9, and the next exit is 10
tui_step i
tui_wait "paused at stop 9.1 (vmscope's, after exit 9)"
tui_step s
tui_wait "paused at exit 10"
tui_keys q
tui_wait "DONE-0"
echo "PASS"
