# A guest that ends the bare-metal way - cli; hlt (tests/guests/step_hlt.S)
# - ends the run as halted with --irqchip kernel too, on every backend.
# With KVM's in-kernel irqchip the HLT never exits to vmscope (the
# in-kernel LAPIC keeps it); vmscope's look every 100 ms (a kick) finds
# the vCPU halted (KVM_GET_MP_STATE) with interrupts off and ends the run
# as at a HLT exit.  It used to wait for ever; a guard of 60 s turns that
# into a failure.  (Never run on KVM here: no /dev/kvm; the kvm variant
# skips with the probe's reason.)
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	run_status timeout 60 "$VMSCOPE" trace --irqchip kernel --backend $backend \
		"$BUILD/tests/guests/step_hlt.elf" </dev/null >"$TMP/trace" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: exit status $status: $(tail -2 "$TMP/err")"
	grep -q 'vmscope: guest halted (HLT with interrupts off)$' "$TMP/err" ||
		fail "$backend: the run did not end at the HLT: $(tail -2 "$TMP/err")"
done
echo PASS
