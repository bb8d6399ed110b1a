# A reset the guest asks for with a string OUT (tests/guests/reset_outs.S:
# 'B' on COM1, then outsb of the i8042's "pulse reset" command) is a fresh
# machine on every backend: each boot writes one 'B' and resets at the
# outsb, and nothing after the outsb ever runs.  On KVM the outsb runs in
# KVM's emulator, which finishes it at the next KVM_RUN: vmscope must let
# it finish before it writes the fresh state, or the old RIP comes back
# and the guest writes 'X' and ends with status 3 (never run here: no
# /dev/kvm; the kvm variant skips with the probe's reason).
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend --max-exits 9 \
		--serial "$TMP/serial.$backend" \
		"$BUILD/tests/guests/reset_outs.elf" >"$TMP/trace" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: exit status $status: $(tail -2 "$TMP/err")"
	[ "$(cat "$TMP/serial.$backend")" = "BBBBB" ] ||
		fail "$backend: console '$(cat "$TMP/serial.$backend")', expected BBBBB"
	[ "$(grep -c 'reset   the guest pulsed the reset line' "$TMP/trace")" -eq 4 ] ||
		fail "$backend: not 4 resets: $(cat "$TMP/trace")"
	[ "$(grep -c ' reset_here ' "$TMP/trace")" -eq 4 ] ||
		fail "$backend: the resets are not at the outsb: $(cat "$TMP/trace")"
done
echo PASS
