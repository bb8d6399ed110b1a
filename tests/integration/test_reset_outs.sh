# A reset the guest asks for with a string OUT (tests/guests/reset_outs.S:
# 'B' on COM1, then outsb of the i8042's "pulse reset" command) is a fresh
# machine on every backend: each boot writes one 'B' and resets at the
# outsb, and nothing after the outsb ever runs.  On KVM the outsb runs in
# KVM's emulator, which finishes it at the next KVM_RUN: vmscope must let
# it finish before it writes the fresh state, or the old RIP comes back
# and the guest writes 'X' and ends with status 3 (never run here: no
# /dev/kvm; the kvm variant skips with the probe's reason).  The trace
# says the restart only when it comes: not when the run ends at the
# outsb's exit (--max-exits, q at the --step prompt); --json marks the
# outsb's exit "reset" either way.
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
	# each shows the exit as it was, before the machine restarts: the
	# byte the outsb wrote, and (--stack) the stack of the old machine
	run_status "$VMSCOPE" trace --backend $backend --max-exits 3 --stack \
		--serial /dev/null "$BUILD/tests/guests/reset_outs.elf" \
		>"$TMP/trace" 2>"$TMP/err"
	grep -A2 -m1 ' reset_here ' "$TMP/trace" >"$TMP/lines"
	grep -q 'reset_here *outsb dx, byte ptr \[rsi\] port=0x64 out size=1 data=0xfe$' "$TMP/lines" ||
		fail "$backend: the outsb's line: $(cat "$TMP/lines")"
	[ "$(sed -n 2p "$TMP/lines")" = "       stack: reset_here" ] ||
		fail "$backend: the outsb's stack: $(cat "$TMP/lines")"
	[ "$(sed -n 3p "$TMP/lines")" = "       reset   the guest pulsed the reset line: the machine restarts" ] ||
		fail "$backend: no reset after the outsb: $(cat "$TMP/lines")"
	# stopped at the outsb (--max-exits 2): no restart follows, none said
	run_status "$VMSCOPE" trace --backend $backend --max-exits 2 \
		--serial /dev/null "$BUILD/tests/guests/reset_outs.elf" \
		>"$TMP/trace" 2>"$TMP/err"
	grep -q ' reset_here ' "$TMP/trace" ||
		fail "$backend: --max-exits 2 did not reach the outsb: $(cat "$TMP/trace")"
	! grep -q 'pulsed the reset line' "$TMP/trace" ||
		fail "$backend: a restart said after the last exit: $(cat "$TMP/trace")"
	# ... and --json says the outsb pulsed the reset line, as a fact
	run_status "$VMSCOPE" trace --backend $backend --json --max-exits 2 \
		--serial /dev/null "$BUILD/tests/guests/reset_outs.elf" \
		>"$TMP/trace" 2>"$TMP/err"
	[ "$(grep -c '"reset":true' "$TMP/trace")" -eq 1 ] &&
		grep -q '^{"seq":2,.*"sym":"reset_here",.*"reset":true}$' "$TMP/trace" ||
		fail "$backend: --json: no reset on the outsb alone: $(cat "$TMP/trace")"
	# --step: q at the outsb's prompt ends the run there - no restart,
	# none said; Enter there restarts the machine, said before the new
	# machine's first exit (and not after exit 4, where q comes)
	printf '\nq\n' >"$TMP/keys"
	run_status "$VMSCOPE" trace --backend $backend --step \
		--serial /dev/null "$BUILD/tests/guests/reset_outs.elf" \
		<"$TMP/keys" >"$TMP/trace" 2>"$TMP/err"
	grep -q '^ *2 .* reset_here ' "$TMP/trace" ||
		fail "$backend: --step, q: the outsb not reached: $(cat "$TMP/trace")"
	! grep -q 'pulsed the reset line' "$TMP/trace" ||
		fail "$backend: --step, q at the outsb: a restart said: $(cat "$TMP/trace")"
	printf '\n\n\nq\n' >"$TMP/keys"
	run_status "$VMSCOPE" trace --backend $backend --step \
		--serial /dev/null "$BUILD/tests/guests/reset_outs.elf" \
		<"$TMP/keys" >"$TMP/trace" 2>"$TMP/err"
	awk '/^ +[0-9]+ /{ print $1, (/ reset_here / ? "outsb" : "-") }
	     /^       reset /{ print "reset" }' "$TMP/trace" >"$TMP/lines"
	printf '%s\n' '1 -' '2 outsb' 'reset' '3 -' '4 outsb' | diff - "$TMP/lines" ||
		fail "$backend: --step, Enter at the outsb: $(cat "$TMP/trace")"
done
echo PASS
