# An exit of L2's shows one reason and one hardware reason in every view,
# the tracer's (hello as L2 under the mini-hypervisor, software CPU, the
# full-screen view's text twin `run --batch`).  L2's first exit, a shadow
# fault L0 resolves, has vmscope's own reason HANDLED_IN_L0(vmscope) - no
# KVM_RUN would return it - beside the hardware's EPT_VIOLATION(48): in the
# Flow's VM exit and dispatch rows, the exit log, the detail, the Stats
# panel and the explanation (vmscope's, not KVM_EXIT_UNKNOWN's "the guest
# cannot continue").  L2's 'H', reflected to L1, is IO(2) with the
# hardware's IO_INSTRUCTION(30) in the Flow as in the detail.
. tests/integration/lib.sh
set -e

"$VMSCOPE" trace --nested 1 --backend soft hello >"$TMP/trace" 2>"$TMP/err" ||
	fail "the trace failed: $(tail -n 3 "$TMP/err")"
# "REASON HARDWARE" of the trace's line for exit $1.
trace_fields() {
	awk -v n="$1" '$1 == n && $2 ~ /^\+/ { print $4, $5; exit }' "$TMP/trace"
}
batch() {
	"$VMSCOPE" run --batch --nested 1 --backend soft --until "exits:$1" \
		hello >"$TMP/batch" 2>&1 || true
}
has() { grep -qxF -- "$1" "$TMP/batch" || fail "exit $2: no line: $1"; }
has_re() { grep -qxE -- "$1" "$TMP/batch" || fail "exit $2: no line like: $1"; }

[ "$(trace_fields 173)" = "HANDLED_IN_L0(vmscope) EPT_VIOLATION(48)" ] ||
	fail "the trace's exit 173: $(trace_fields 173)"
batch 173
has '[*] v VM exit               173  HANDLED_IN_L0(vmscope)  EPT_VIOLATION(48)' 173
has '[*] * vmscope dispatch      173  HANDLED_IN_L0(vmscope)' 173
has_re ' +173 +\+[0-9.]+[mun]?s L2 HANDLED_IN_L0\(vmscope\) _start .*' 173
has_re 'exit 173: HANDLED_IN_L0\(vmscope\)  hardware: EPT_VIOLATION\(48\)  cpl 0  handled in [0-9.]+us' 173
has_re '  HANDLED_IN_L0\(vmscope\) +1  avg +[0-9.]+us' 173
has "L2 - the guest L1's hypervisor runs - touched a page L1's nested page table maps but L0's shadow of that table did not" 173
grep -qF "L0 walked L1's table and put the page in its shadow, and L2 runs the instruction again" "$TMP/batch" ||
	fail "exit 173: the explanation does not say what L0 did"
if grep -qE 'UNKNOWN|cannot continue' "$TMP/batch"; then
	fail "exit 173 is still shown as unknown: $(grep -E 'UNKNOWN|cannot continue' "$TMP/batch")"
fi

[ "$(trace_fields 203)" = "IO(2) IO_INSTRUCTION(30)" ] ||
	fail "the trace's exit 203: $(trace_fields 203)"
batch 203
has '[*] v VM exit               203  IO(2)  IO_INSTRUCTION(30)' 203
has_re 'exit 203: IO\(2\)  hardware: IO_INSTRUCTION\(30\)  cpl 0  handled in [0-9.]+us' 203
echo PASS
