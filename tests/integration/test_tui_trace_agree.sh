#!/bin/sh
# The TUI and the tracer show the same fields for the same exit.  For every
# exit reason the guests produce (hello, exits, fault, echo and shell typed
# at, the VGA window as MMIO, the interrupt-driven console, the triple-fault
# and unsupported-instruction test guests), `vmscope run --batch --until
# reason:NAME` stops at the first such exit, and every exit its log and
# detail show is compared field by field with `vmscope trace`'s line for
# it (tui_trace_agree.py says how).  On every backend.
. tests/integration/lib.sh
set -e
CHECK="python3 tests/integration/tui_trace_agree.py"

# One trace and one batch stopped at the first exit with reason $1; $2 =
# exact|shifted, the rest: options and guest.  Status as tui_trace_agree.py.
compare() {
	reason=$1 mode=$2; shift 2
	# (the crashing guests end with status 1)
	"$VMSCOPE" trace --backend "$backend" "$@" >"$TMP/trace" 2>/dev/null || true
	"$VMSCOPE" run --backend "$backend" --batch --until "reason:$reason" \
		"$@" >"$TMP/batch" 2>/dev/null || true
	$CHECK "$TMP/trace" "$TMP/batch" "$reason" "$mode" >"$TMP/diff"
}

# Every reason the guest's trace shows; $1 = exact|shifted, the rest:
# options and guest.  A pair of runs that went different ways (status 3,
# the PIT's ticks) is run again, up to 10 times; a field that differs fails.
agree() {
	mode=$1; shift
	"$VMSCOPE" trace --backend "$backend" "$@" >"$TMP/trace" 2>/dev/null || true
	# INTR is a kick from vmscope's timer thread, on host time: no two
	# runs have it at the same exit, so it cannot be lined up
	reasons=$(sed -n 's/^ *[0-9][0-9]* .* L[0-9]* \([A-Z_]*\)([0-9]*) .*/\1/p' \
		"$TMP/trace" | grep -vx INTR | sort -u)
	[ -n "$reasons" ] || fail "$backend $*: the trace shows no exit"
	for reason in $reasons; do
		tries=0
		set +e
		compare "$reason" "$mode" "$@"
		status=$?
		while [ $status -eq 3 ] && [ $tries -lt 10 ]; do
			tries=$((tries + 1))
			compare "$reason" "$mode" "$@"
			status=$?
		done
		set -e
		[ $status -eq 0 ] ||
			fail "$backend $* (reason $reason): $(cat "$TMP/diff")"
		printf "ok: %s %s: %s (%d runs again)\n" "$backend" "$*" "$reason" $tries
	done
}

make_guests() {
	for g in triple_fault unsupported; do
		[ -f "$BUILD/tests/guests/$g.elf" ] || fail "no $BUILD/tests/guests/$g.elf"
	done
}
make_guests
for backend in $(backends); do
	agree exact hello
	agree exact exits
	agree exact fault
	agree exact --vga mmio hello
	agree exact "$BUILD/tests/guests/triple_fault.elf"
	agree exact "$BUILD/tests/guests/unsupported.elf"
	agree shifted --console irq hello
	agree shifted --keys 'hi\n\x04' echo
	agree shifted --keys 'help\nticks\ncpuid\nexit\n' shell
done
echo "PASS"
