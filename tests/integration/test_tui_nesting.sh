#!/bin/sh
# The Nesting panel of `vmscope run --nested 1` (hello as L2 under the
# mini-hypervisor), in tmux: before any run, at L2's first exit reflected
# to L1 (exit 179, an OUT to COM1) with the rule, the counters and the
# block as L1 and L0 hold it; at a stop just before L1's next run
# doorbell, where L1 has stepped L2's RIP in its block and L0's copy
# still has the old one (marked *); L2's exits coloured apart in the exit
# log; and at 80x24, the panel in the slot Tab brings it to.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux

# L1's run doorbell (in start_program, its `out dx, eax` to 0x510),
# from the tracer's JSON: the address a breakpoint stops at.
doorbell=$("$VMSCOPE" trace --nested 1 --backend soft --json hello 2>/dev/null |
	python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    if e.get("level") == 1 and e.get("io", {}).get("port") == 0x510:
        print(hex(e["rip"]))
        break')
[ -n "$doorbell" ] || fail "no run doorbell in the trace"

# The panel's rows: what lies between the frame's borders, right of
# the Flow panel (the top right of a 120x40 screen).
nesting_rows() {
	tui_screen | sed -n '2,17p' | cut -c68-119 | sed 's/ *$//'
}

tui_open_nested 120x40
tui_wait "Nesting"
nesting_rows >"$TMP/start"
cat >"$TMP/want" <<'EOF'
No exit of L2's yet: L0 decides each, handled in L0
or reflected to L1.
next: L1 runs; it has not rung the run doorbell yet
shadow_faults 0  pages_mapped 0  shadow_reused 0
shadow_rebuilt 0  invalidates 0  pages_dropped 0
runs 0  l2_exits 0  reflected 0  handled_l0 0
EOF
head -n 6 "$TMP/start" | diff "$TMP/want" - || fail "the Nesting panel before any run"

tui_break exits:179
tui_keys C
tui_wait "paused at exit 179"
nesting_rows >"$TMP/at179"
cat >"$TMP/want" <<'EOF'
exit 179 L2 IO_INSTRUCTION(30): reflected to L1
(L1's I/O bitmap has port 0x3f9)
next: L1 runs; L2 waits for L1's run doorbell
shadow_faults 6  pages_mapped 6  shadow_reused 0
shadow_rebuilt 0  invalidates 0  pages_dropped 0
runs 1  l2_exits 7  reflected 1  handled_l0 6
block at L1-physical 10e000: 0 fields differ
field (hex)         L1 wrote       L0's shadow
rax                 0              0
rsp                 106010         106010
rip                 10074f         10074f
cr3                 10000          10000
nested_root         111000         111000
exit_reason         1e             1e
exit_qualification  3f90000        3f90000
exit_insn_len       1              1
EOF
diff "$TMP/want" "$TMP/at179" || fail "the Nesting panel at exit 179"

# Stop where L1 is about to ring the doorbell again: it has stepped past
# L2's OUT in its block (RIP + exit_insn_len); L0's shadow is the copy it
# took at the last doorbell, with the OUT's own RIP.
tui_break "*$doorbell"
tui_keys C
tui_wait "paused at stop 179.1"
nesting_rows >"$TMP/before_doorbell"
grep -qx "block at L1-physical 10e000: 1 field differs (\*)" "$TMP/before_doorbell" ||
	fail "no differing field counted before the doorbell: $(cat "$TMP/before_doorbell")"
grep -qx "rip                 100750         10074f \*" "$TMP/before_doorbell" ||
	fail "L1's new RIP is not marked beside L0's copy: $(cat "$TMP/before_doorbell")"
tmux_cmd capture-pane -t t -p -e | grep "100750 .*10074f \*" |
	grep -q "$(printf '\033')\[33m" || fail "the differing row is not highlighted"

# The ring: L1's doorbell is the next exit, and L0 copies the block anew.
tui_step s
tui_wait "paused at exit 180"
nesting_rows | grep -qx "block at L1-physical 10e000: 0 fields differ" ||
	fail "the block and the shadow differ after the doorbell's copy"
nesting_rows | grep -qx "next: L2 runs, from L0's shadow of the block" ||
	fail "the panel does not say L2 runs next"

# L2's exit 179, no longer selected, is coloured apart from L1's 180.
esc=$(printf '\033')
colours=$(tmux_cmd capture-pane -t t -p -e | grep -E " 1(79|80) +\+[0-9.]+[um]?s L[12] ")
echo "$colours" | grep " 179 " | grep -q "${esc}\[35m" ||
	fail "L2's exit 179 is not coloured: $(echo "$colours" | cat -v)"
echo "$colours" | grep " 180 " | grep -q "${esc}\[35m" &&
	fail "L1's exit 180 has L2's colour"
tui_keys q
tui_wait "DONE-"

# 80x24: the panel is one of the slot's, and Tab brings it there.
tui_open_nested 80x24
n=0
while ! tui_screen | grep -q "Nesting  (Tab: "; do
	n=$((n + 1))
	[ $n -gt 8 ] && fail "Tab never brought the Nesting panel"
	tui_key_changes Tab
	tui_wait_last_row "help"
done
tui_screen | grep -q "Nesting  (Tab: Console, CPU," ||
	fail "the slot's title does not name the others"
tui_wait "next: L1 runs; it has not rung"
tui_keys q
tui_wait "DONE-0"

# Below 80x24: the message, and q still quits.
tui_start_shell 79 24
tui_wait 'PROMPT$'
tui_run "$VMSCOPE" run --nested 1 --backend soft hello
tui_wait "terminal too small (need 80x24)"
tui_keys q
tui_wait "DONE-0"
echo "PASS"
