#!/bin/sh
# The TUI and the tracer show the same fields for the same exit.  For every
# exit reason the guests produce (hello, exits, fault, echo and shell typed
# at, the VGA window as MMIO, the interrupt-driven console, the triple-fault
# and unsupported-instruction test guests), `vmscope run --batch --until
# reason:NAME` stops at the first such exit, and every exit its log and
# detail show is compared field by field with `vmscope trace`'s line for
# it (tui_trace_agree.py says how).  On the software CPU both run with
# --clock insn (the machine's time counted in instructions,
# docs/SOFTCPU.md): a guest that takes the PIT's ticks takes them at the
# same instructions in both runs, so each pair is run once and compared
# once.  On KVM, whose time is the host's, the guests that take no tick
# before they end.
. tests/integration/lib.sh
set -e
CHECK="python3 tests/integration/tui_trace_agree.py"

# Every reason the guest's trace shows but INTR (an INTR exit ends a run
# at a tick's deadline on the instruction clock, and --until reason:INTR
# would also stop at a kick of the TUI's own); the options and guest in
# "$@", the backend and its clock in $backend and $clock.
agree() {
	"$VMSCOPE" trace --backend "$backend" --clock "$clock" "$@" \
		>"$TMP/trace" 2>/dev/null || true   # (crashing guests: status 1)
	reasons=$(sed -n 's/^ *[0-9][0-9]* .* L[0-9]* \([A-Z_]*\)([0-9]*) .*/\1/p' \
		"$TMP/trace" | grep -vx INTR | sort -u)
	[ -n "$reasons" ] || fail "$backend $*: the trace shows no exit"
	for reason in $reasons; do
		"$VMSCOPE" run --backend "$backend" --clock "$clock" --batch \
			--until "reason:$reason" "$@" >"$TMP/batch" 2>/dev/null || true
		$CHECK "$TMP/trace" "$TMP/batch" "$reason" >"$TMP/diff" ||
			fail "$backend $* (reason $reason): $(cat "$TMP/diff")"
		echo "ok: $backend $*: $reason"
	done
}

make_guests() {
	for g in triple_fault unsupported; do
		[ -f "$BUILD/tests/guests/$g.elf" ] || fail "no $BUILD/tests/guests/$g.elf"
	done
}
make_guests
for backend in $(backends); do
	clock=host
	[ "$backend" = soft ] && clock=insn
	agree hello
	agree exits
	agree fault
	agree --vga mmio hello
	agree "$BUILD/tests/guests/triple_fault.elf"
	agree "$BUILD/tests/guests/unsupported.elf"
	if [ "$clock" = host ]; then
		echo "note: $backend: the guests that take the PIT's ticks are compared on the soft backend only (--clock insn; here ticks come on host time)"
		continue
	fi
	agree --console irq hello
	agree --keys 'hi\n\x04' echo
	agree --keys 'help\nticks\ncpuid\nexit\n' shell
done
echo "PASS"
