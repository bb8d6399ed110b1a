#!/bin/sh
# Stepping at L2 in the full-screen view (`vmscope run --nested 1`, the
# software CPU): from L1's run doorbell just before L2's first 'H', i
# steps L2's next instruction - not L1's - and l runs to L2's next exit
# (saying why: L2 is in its last layer function); each stop's panels show
# L2: the exit log's level, the CPU panel's title, registers and RIP with
# L2's symbols, the Flow's stack unwound through L2's page tables and its
# dispatch row (reflected: L0's UART not lit), the Nesting panel's rule.
# After the reflection i steps L1 again.  Stops are numbered apart from
# the exits (N.1).
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux

# From the tracer: L2's first 'H' ($h_exit) and L1's run doorbell just
# before it ($d_exit), after L2's IN that L1 answered.
tui_nested_points

# The CPU panel: the bottom right of a 120x40 screen (Stats' place).
cpu_rows() {
	tui_screen | sed -n '32,38p' | cut -c68-119 | sed 's/ *$//'
}

tui_open_nested 120x40
tui_break exits:$d_exit
tui_keys C
tui_wait "paused at exit $d_exit"
tui_wait "CPU: L1"
cpu_rows | grep -q "^rip 0x[0-9a-f]*  start_program+0x[0-9a-f]*  cpl 0$" ||
	fail "the CPU panel is not at L1's doorbell: $(cpu_rows)"
tui_keys b
tui_wait "break on: _"
tui_keys -l "clear"
tui_keys Enter
tui_wait "cleared; breakpoints: none"

# One instruction: L2's `test al, 0x20` after the IN L1 answered.
tui_step i
tui_wait "paused at stop $d_exit.1 (vmscope's, after exit $d_exit)"
screen=$(tui_screen)
echo "$screen" | grep -q "CPU: L2" || fail "the CPU panel is not L2's at $d_exit.1"
cpu_rows | head -n 1 | grep -qx "rip 0x1007a3  uart_putc+0x13  cpl 0" ||
	fail "L2's RIP after one instruction: $(cpu_rows | head -n 1)"
cpu_rows | grep -q "^rax 0000000000000060  " ||
	fail "L2's RAX is not the LSR L1 answered: $(cpu_rows)"
echo "$screen" | grep -qE "[│x] $d_exit\.1 +\+[0-9.]+[um]?s L2 DEBUG\(4\) uart_putc\+0x13 +je 0x1007a0 " ||
	fail "the log has no L2 stop $d_exit.1 at uart_putc+0x13"
echo "$screen" | grep -q "stop $d_exit.1 (vmscope's, after exit $d_exit): DEBUG(4)  hardware: none (software CPU)" ||
	fail "the stop's detail: $(echo "$screen" | grep "stop $d_exit.1")"
echo "$screen" | grep -q "next: L2 runs, from L0's shadow of the block" ||
	fail "the Nesting panel does not say L2 runs"
echo "$screen" | grep -q "stack: user_start > main > printf > vfprintf > write | int 0x80 | trap > syscall_entry" ||
	fail "the stop's stack is not L2's"
echo "$screen" | grep -q "libc printf/write  .*printf > vfprintf > write" ||
	fail "the Flow does not light L2's printf"

tui_step i
tui_wait "paused at stop $d_exit.2"
cpu_rows | head -n 1 | grep -qx "rip 0x1007a5  uart_putc+0x15  cpl 0" ||
	fail "L2's RIP after two instructions: $(cpu_rows | head -n 1)"

# To L2's next exit: the 'H', reflected to L1.  l too: L2 stands in
# uart_putc, its last layer function, so l runs to L2's next exit and
# says so (test_tui_nested_layers.sh walks L2's layers).
tui_step l
tui_wait "paused at exit $h_exit"
tui_wait "l: no layer function below this one: running to the next exit"
screen=$(tui_screen)
echo "$screen" | grep -q "CPU: L2" || fail "the CPU panel is not L2's at exit $h_exit"
cpu_rows | head -n 1 | grep -qx "rip 0x1007ac  uart_putc+0x1c  cpl 0" ||
	fail "L2's RIP at its OUT: $(cpu_rows | head -n 1)"
cpu_rows | grep -q "^rax 0000000000000048  " || fail "L2's RAX is not the 'H'"
echo "$screen" | grep -q "exit $h_exit L2 IO_INSTRUCTION(30): reflected to L1" ||
	fail "the Nesting panel's rule is not exit $h_exit's"
echo "$screen" | grep -qE "[│x] +$h_exit +\+[0-9.]+[um]?s L2 IO\(2\) +uart_putc\+0x1c .*data=0x48 'H'" ||
	fail "the log has no L2 exit $h_exit"
# the Flow's host half: the rule sent the OUT to L1, L0's UART never saw it
echo "$screen" | grep -q "\[\*\] \* vmscope dispatch .*nesting rule: reflected to L1" ||
	fail "the Flow's dispatch does not say the exit was reflected"
echo "$screen" | grep -qE "\[ \]   UART model  " ||
	fail "the Flow lights L0's UART model for a reflected exit"

# The reflection hands the CPU to L1: i steps L1's code.
tui_step i
tui_wait "paused at stop $h_exit.1"
tui_wait "CPU: L1"
tui_screen | grep -qE "[│x] $h_exit\.1 +\+[0-9.]+[um]?s L1 DEBUG\(4\) " ||
	fail "the stop after the reflection is not L1's"
tui_keys q
tui_wait "DONE-"
echo "PASS"
