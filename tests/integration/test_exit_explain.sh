#!/bin/sh
# The exit detail's paragraph is true for the backend and for an exit
# reflected to L1: on the software CPU an IO exit is explained without
# KVM_RUN (the software CPU's run() returned), and L2's 'H', reflected to
# L1, was L1's device model's to handle - not vmscope's bus.  It said "KVM
# saw the port was not its own and returned from KVM_RUN to vmscope, which
# handed the access to the device on the bus" under "hardware: none
# (software CPU)", and for the reflected exit too.  The paragraph is read
# from the batch's text twin, its wrapped lines joined.
. tests/integration/lib.sh
set -e

# the detail's explanation, one line: from "The guest" to the next panel
explained() {
	sed -n '/^The guest /,/^$/p' "$1" | tr '\n' ' '
}

what="soft hello exit 9"
"$VMSCOPE" run --backend soft --batch --until exits:9 hello >"$TMP/out" 2>/dev/null
explained "$TMP/out" >"$TMP/text"
grep -q "stopped at the instruction and returned from its run() to vmscope's loop: no KVM_RUN" "$TMP/text" ||
	fail "$what: $(cat "$TMP/text")"
grep -q "from KVM_RUN\|KVM saw" "$TMP/text" && fail "$what: KVM's words: $(cat "$TMP/text")"
grep -q "vmscope handed the access to the device on the bus" "$TMP/text" ||
	fail "$what: the bus: $(cat "$TMP/text")"

what="soft --nested 1 hello at L2's 'H'"
"$VMSCOPE" run --backend soft --batch --nested 1 --until io:0x3f8=0x48 hello >"$TMP/out" 2>/dev/null
grep -q "^exit [0-9]*: IO(2) .*$" "$TMP/out" || fail "$what: no exit detail"
grep -q "^at .* data=0x48 'H'  → reflected to L1 " "$TMP/out" || fail "$what: not L2's reflected 'H': $(grep '^at ' "$TMP/out")"
explained "$TMP/out" >"$TMP/text"
grep -q "vmscope, as L0, reflected it .* L1's own device model, not vmscope's bus" "$TMP/text" ||
	fail "$what: $(cat "$TMP/text")"
grep -q "handed the access to the device on the bus" "$TMP/text" &&
	fail "$what: vmscope's bus: $(cat "$TMP/text")"
echo PASS
