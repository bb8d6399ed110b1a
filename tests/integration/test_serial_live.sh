# A --serial file holds the guest's console as the guest writes it, not
# only when the run ends (`tail -f` on it shows the console live): the
# shell guest prints its banner and prompt, then waits for a key that
# never comes (stdin is an open pipe nobody writes to), ticking its
# timer - the run cannot end by itself.  While the process provably still runs,
# the file must come to hold the banner and the open prompt "$ " (no
# newline after it: a batch ends when the guest goes on to wait, not only
# at a line's end).  Then SIGTERM stops it (status 128 + 15).
. tests/integration/lib.sh
set -e
expected="$TMP/expected"
printf 'vmscope shell: type help for the commands\n$ ' >"$expected"

# stdin a FIFO this script holds open and never writes: no key comes,
# and stdin never ends (at its end the run would end)
mkfifo "$TMP/keys"
exec 3<>"$TMP/keys"
"$VMSCOPE" trace --backend soft --serial "$TMP/console" shell \
	<"$TMP/keys" >"$TMP/trace" 2>"$TMP/err" &
pid=$!
i=0
until cmp -s "$TMP/console" "$expected"; do
	kill -0 "$pid" 2>/dev/null ||
		fail "vmscope ended before the console reached the file: $(cat "$TMP/err")"
	i=$((i + 1))
	[ $i -le 1200 ] || { kill -TERM "$pid"; wait "$pid" || true
		fail "the guest ran 120 s and the --serial file holds '$(cat "$TMP/console")'"; }
	sleep 0.1
done
kill -0 "$pid" 2>/dev/null || fail "vmscope had ended: the bytes may have come at the end"
kill -TERM "$pid"
run_status wait "$pid"
[ "$status" -eq 143 ] || fail "exit status $status after SIGTERM, expected 143"
grep -qx 'vmscope: stopped by SIGTERM' "$TMP/err" ||
	fail "stderr: $(cat "$TMP/err")"
cmp -s "$TMP/console" "$expected" || fail "the file changed after the stop: '$(cat "$TMP/console")'"
echo "PASS: serial live"
