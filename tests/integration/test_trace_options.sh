# The tracer's options: --max-exits bounds the run, --step waits for Enter
# after each exit and 'q' stops, --step-insn stops after every
# instruction, and bad usage exits 2 with a message.  On every backend.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	run_status "$VMSCOPE" trace --backend $backend --max-exits 5 --serial /dev/null hello \
		>"$TMP/trace" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "$backend: --max-exits: exit status $status"
	[ "$(grep -c '^ *[0-9]\+ .* L0 ' "$TMP/trace")" -eq 5 ] || fail "$backend: --max-exits 5 did not print 5 exits"
	grep -q 'stopped after 5 exits' "$TMP/err" || fail "$backend: --max-exits: no note"

	printf '\n\nq\n' >"$TMP/keys"
	run_status "$VMSCOPE" trace --backend $backend --step --serial /dev/null hello \
		<"$TMP/keys" >"$TMP/trace" 2>"$TMP/err"
	[ "$(grep -c '^ *[0-9]\+ .* L0 ' "$TMP/trace")" -eq 3 ] || fail "$backend: --step: q after 3 exits did not stop at 3"
	[ "$(grep -o 'Enter: next exit' "$TMP/err" | wc -l)" -eq 3 ] || fail "$backend: --step: not one prompt per exit"

	printf '\n\nq\n' >"$TMP/keys"
	run_status "$VMSCOPE" trace --backend $backend --step-insn --serial /dev/null hello \
		<"$TMP/keys" >"$TMP/trace" 2>"$TMP/err"
	[ "$(grep -c ' L0 DEBUG(4) .* exception=1 pc=0x10' "$TMP/trace")" -eq 3 ] ||
		fail "$backend: --step-insn: not 3 single-step DEBUG exits in the kernel"
done

for bad in "trace" "trace --bogus hello" "trace --max-exits abc hello" \
	   "trace --backend bogus hello" "trace hello extra" "nosuchcommand"; do
	run_status "$VMSCOPE" $bad >/dev/null 2>"$TMP/err"
	[ "$status" -eq 2 ] || fail "'vmscope $bad': exit status $status, expected 2"
	[ -s "$TMP/err" ] || fail "'vmscope $bad': no message"
done
