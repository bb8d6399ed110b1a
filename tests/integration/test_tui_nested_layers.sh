#!/bin/sh
# Layer stops and breakpoints in L2's code (`vmscope run --nested 1`, the
# software CPU).  From L2's last exit before main ($p_exit, a shadow fault
# L0 handled: L2 runs on), l stops where hello's printf path enters L2's
# layer functions - main, printf - then at L2's next exit ($u_exit), then
# at write: each stop L2's (the log's level, the CPU panel's title, RIP
# with L2's symbol), after the exit the tracer's stop follows, and the
# same instruction `vmscope trace --step-insn` stops at in L2 (level,
# reason, symbol, instruction, pc).  Then b: a bare `printf` is L1's, and
# L1 has none; `L2:printf` is listed as L2's and stops L2 at both of
# hello's printf calls, after the exits the tracer's stops follow.  At
# --nested 2 the prompt names L3: as well, and `L3:printf` is hello's
# (the text twin).
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux

tui_nested_points

# The tracer's stops at L2's main, printf, write, printf, write, under
# --step-insn (a stop at every instruction, of whichever level runs):
# "199.1  +107.6us L2 DEBUG(4) -   main   push rbp    exception=1 pc=0x400d10"
yes '' 2>/dev/null |
	"$VMSCOPE" trace --nested 1 --backend soft --step-insn hello 2>/dev/null |
	tr '\r' '\n' | sed 's/^\[Enter: next exit, q: quit\] *//' |
	awk '/ L2 DEBUG\(4\) +- +(main|printf|write) /{print; n++} n == 5{exit}' \
		>"$TMP/stops"
[ "$(wc -l <"$TMP/stops")" -eq 5 ] || fail "the tracer's L2 stops: $(cat "$TMP/stops")"

# A log line's fields after its number and time, one space apart, without
# the tracer's hardware column ("-" on the software CPU; the TUI's log
# leaves it to the detail) and the panel's borders.
fields() {
	sed -E 's/^[│x]? *[0-9.]+ +\+[0-9.]+[um]?s //; s/ *[│x]$//; s/ +/ /g; s/ - / /'
}
# The tracer's stop $1 (1-5): its fields; the exit it follows; its pc.
trace_stop() { sed -n "${1}p" "$TMP/stops" | fields; }
trace_after() { sed -n "${1}p" "$TMP/stops" | sed -E 's/^ *([0-9]+)\..*/\1/'; }
trace_pc() { sed -n "${1}p" "$TMP/stops" | sed -E 's/.* pc=0x([0-9a-f]+)$/\1/'; }
# The TUI's log line for stop $1 (N.K), its fields.
tui_log() { tui_screen | grep -E "^[│x] +$(echo "$1" | sed 's/\./\\./') +\+" | fields; }
# The CPU panel's first row: the bottom right of a 120x40 screen.
cpu_rip() { tui_screen | sed -n '32p' | cut -c68-119 | sed 's/ *$//'; }

# Is the TUI at stop $1 the tracer's stop $2 of function $3, in L2?
at_stop() { # N.K tracer-stop function
	tui_wait "paused at stop $1 (vmscope's, after exit ${1%.*})"
	tui_wait "CPU: L2"
	[ "$(trace_after "$2")" = "${1%.*}" ] ||
		fail "the tracer stops at $3 after exit $(trace_after "$2"), the TUI after ${1%.*}"
	[ "$(tui_log "$1")" = "$(trace_stop "$2")" ] ||
		fail "stop $1: the log says '$(tui_log "$1")', the tracer '$(trace_stop "$2")'"
	[ "$(cpu_rip)" = "rip 0x$(trace_pc "$2")  $3  cpl 3" ] ||
		fail "stop $1: the CPU panel says '$(cpu_rip)'"
}

# l from L2's last exit before main, hello's printf path in L2's code.
tui_open_nested 120x40
tui_break "exits:$p_exit"
tui_keys C
tui_wait "paused at exit $p_exit"
tui_keys b
tui_wait "break on: _"
tui_keys -l "clear"
tui_keys Enter
tui_wait "cleared; breakpoints: none"
tui_step l
at_stop "$p_exit.1" 1 main
tui_step l
at_stop "$p_exit.2" 2 printf
tui_screen | grep -qE "stack: user_start > main > printf( |$)" ||
	fail "the stack at L2's printf is not hello's"
# printf's next layer is write; L2's next exit (L0's) comes first
tui_step l
tui_wait "paused at exit $u_exit"
tui_screen | grep -qE "^[│x] +$u_exit +\+[0-9.]+[um]?s L2 " ||
	fail "exit $u_exit is not L2's in the log"
tui_step l
at_stop "$u_exit.1" 3 write
tui_keys q
tui_wait "DONE-"
tmux_cmd kill-server

# b: L1's symbols unless L2: says otherwise.
tui_open_nested 120x40
tui_keys b
tui_wait "break on: _"
tui_wait "L1: or L2: FUNCTION or *ADDR"
tui_keys -l "printf"
tui_keys Enter
tui_wait "b: no function 'printf' in L1's symbols (L1:NAME is L1's, L2:NAME L2's)"
tui_break "L2:printf"
tui_wait "breakpoints: 1 L2:printf"
tui_screen | grep -q "| break 1 L2:printf |" ||
	fail "the status bar does not list the breakpoint as L2's"
tui_keys C
at_stop "$p_exit.1" 2 printf
tui_wait "break: L2:printf"
tui_keys C
at_stop "$(trace_after 4).1" 4 printf
tui_keys q
tui_wait "DONE-"

# --nested 2: the prompt names L3: too, and a bare name L1 lacks is
# answered with all three levels.
tui_start_shell 120 40
tui_wait 'PROMPT$'
tui_run "$VMSCOPE" run --nested 2 --backend soft hello
tui_wait "ready: press s"
tui_keys b
tui_wait "break on: _"
tui_wait "(exit, exits:N, reason:NAME, io:PORT[=DATA], L1:, L2: or L3: FUNCTION or *ADDR, list, clear [N])"
tui_keys -l "printf"
tui_keys Enter
tui_wait "b: no function 'printf' in L1's symbols (L1:NAME is L1's, L2:NAME L2's, L3:NAME L3's)"
tui_keys q
tui_wait "DONE-"
tmux_cmd kill-server

# --nested 2: hello is L3, L2 the hypervisor again.  L3:printf stops
# hello's printf (the same image: the same address as L2's above), in
# L3's context; the hypervisor has no printf of its own.
"$VMSCOPE" run --batch --nested 2 --backend soft --until L3:printf hello \
	>"$TMP/l3" 2>&1 || fail "--until L3:printf: $(tail -n 1 "$TMP/l3")"
grep -qE "^ *[0-9]+\.1 +\+[0-9.]+[um]?s L3 DEBUG\(4\) printf +push rbp +exception=1 pc=0x$(trace_pc 2)$" "$TMP/l3" ||
	fail "--nested 2: no stop of L3's at printf: $(grep DEBUG "$TMP/l3")"
grep -qx "rip 0x$(trace_pc 2)  printf  cpl 3" "$TMP/l3" || fail "--nested 2: the CPU panel at L3's printf"
grep -q "^== CPU: L3 ==$" "$TMP/l3" || fail "--nested 2: the CPU panel is not L3's"
"$VMSCOPE" run --batch --nested 2 --backend soft --until L2:printf hello \
	>"$TMP/l2" 2>&1 && fail "--nested 2: L2:printf accepted"
grep -qx "vmscope run: --until printf: no function of that name in L2's symbols" "$TMP/l2" ||
	fail "--nested 2: L2:printf refused with: $(cat "$TMP/l2")"
echo "PASS"
