#!/bin/sh
# The Nesting panel of `vmscope run --nested 1` (hello as L2 under the
# mini-hypervisor), in tmux: before any run; at L2's first exit reflected
# to L1 (an OUT to COM1) with the rule in the tracer's words, the counters
# as the trace's lines count them and the block as L1 and L0 hold it; at a
# stop just before L1's next run doorbell, where L1 has stepped L2's RIP
# in its block and L0's copy still has the old one (marked *); L2's exits
# coloured apart in the exit log; at 80x24, the panel in the slot Tab
# brings it to; below 80x24, the message.
. tests/integration/lib.sh
. tests/integration/tui_lib.sh
set -e
require_tmux

# Where to stop, from the tracer: L1's run doorbell, the block's address,
# L2's first exit reflected to L1 ($r) and the counters up to it.
tui_nested_points

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

tui_break "exits:$r"
tui_keys C
tui_wait "paused at exit $r"
nesting_rows >"$TMP/at_r"
# the rule's rows, joined: the tracer's words for the same exit
rule=$(sed '/^next: /,$d' "$TMP/at_r" | tr '\n' ' ')
echo "${rule% }" >"$TMP/rule"
echo "exit $r L2 IO_INSTRUCTION(30): reflected to L1 ($r_rule)" |
	diff - "$TMP/rule" || fail "the Nesting panel's rule at exit $r"
sed -n '/^next: /,$p' "$TMP/at_r" | grep -v "^nested_root " >"$TMP/rest"
qual=${r_port#0x}0000
cat >"$TMP/want" <<EOF
next: L1 runs; L2 waits for L1's run doorbell
shadow_faults $shadow_faults  pages_mapped $shadow_faults  shadow_reused 0
shadow_rebuilt 0  invalidates 0  pages_dropped 0
runs $runs  l2_exits $l2_exits  reflected $reflected  handled_l0 $handled_l0
block at L1-physical $block: 0 fields differ
field (hex)         L1 wrote       L0's shadow
rax                 0              0
rsp                 106010         106010
rip                 $r_rip         $r_rip
cr3                 10000          10000
exit_reason         1e             1e
exit_qualification  $qual        $qual
exit_insn_len       1              1
EOF
diff "$TMP/want" "$TMP/rest" || fail "the Nesting panel at exit $r"
grep -qE "^nested_root +([0-9a-f]+) +\1$" "$TMP/at_r" ||
	fail "no nested_root row, the same on both sides"

# Stop where L1 is about to ring the doorbell again: it has stepped past
# L2's OUT in its block (RIP + exit_insn_len); L0's shadow is the copy it
# took at the last doorbell, with the OUT's own RIP.  (Under --nested a
# breakpoint says whose code it is in: L1's.)
tui_break "L1:*$doorbell_rip"
tui_keys C
tui_wait "paused at stop $r.1"
nesting_rows >"$TMP/before_doorbell"
grep -qx "block at L1-physical $block: 1 field differs (\*)" "$TMP/before_doorbell" ||
	fail "no differing field counted before the doorbell: $(cat "$TMP/before_doorbell")"
stepped=$(printf '%x' $((0x$r_rip + 1)))
grep -qx "rip                 $stepped         $r_rip \*" "$TMP/before_doorbell" ||
	fail "L1's new RIP is not marked beside L0's copy: $(cat "$TMP/before_doorbell")"
tmux_cmd capture-pane -t t -p -e | grep "$stepped .*$r_rip \*" |
	grep -q "$(printf '\033')\[33m" || fail "the differing row is not highlighted"

# The ring: L1's doorbell is the next exit, and L0 copies the block anew.
tui_step s
tui_wait "paused at exit $((r + 1))"
nesting_rows | grep -qx "block at L1-physical $block: 0 fields differ" ||
	fail "the block and the shadow differ after the doorbell's copy"
nesting_rows | grep -qx "next: L2 runs, from L0's shadow of the block" ||
	fail "the panel does not say L2 runs next"

# L2's exit $r, no longer selected, is coloured apart from L1's after it.
esc=$(printf '\033')
colours=$(tmux_cmd capture-pane -t t -p -e |
	grep -E " ($r|$((r + 1))) +\+[0-9.]+[um]?s L[12] ")
echo "$colours" | grep " $r " | grep -q "${esc}\[35m" ||
	fail "L2's exit $r is not coloured: $(echo "$colours" | cat -v)"
echo "$colours" | grep " $((r + 1)) " | grep -q "${esc}\[35m" &&
	fail "L1's exit $((r + 1)) has L2's colour"
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
