# `vmscope trace` in a terminal without --keys: what the user types goes
# to the guest's keyboard (the shell guest runs `exit 3`), with the
# terminal's settings given back however the run ends (the guest's exit,
# Ctrl-C).  Without a terminal nothing is read: --step's prompt and
# </dev/null runs behave as before (test_signals, test_trace_options).
. tests/integration/lib.sh
set -e
V=$(cd "$(dirname "$VMSCOPE")" && pwd)/$(basename "$VMSCOPE")
type_at() { # ready keys -- command: "status N" and the terminal's fate in $TMP/result
	(cd "$TMP" && python3 "$OLDPWD/tests/integration/tty_type.py" "$@") >"$TMP/result" ||
		fail "$*: $(cat "$TMP/result")"
}
type_at '$ ' 'exit 3\r' -- "$V" trace --backend soft shell
[ "$(cat "$TMP/result")" = "status 3
terminal restored" ] || fail "typing exit 3: $(cat "$TMP/result"); the terminal: $(cat "$TMP/err")"
grep -q "what you type here goes to the guest's keyboard" "$TMP/err" || fail "no note on typing"
grep -q 'port=0x60 in ' "$TMP/out" || fail "no keyboard reads in the trace"

type_at '$ ' '\x03' -- "$V" trace --backend soft shell
[ "$(cat "$TMP/result")" = "status 130
terminal restored" ] || fail "Ctrl-C: $(cat "$TMP/result")"
# one terminal for the trace, the console and the keys: the shell's
# prompt, a line left open, shows while it waits for the user, on a line
# of its own between trace lines
type_at --stdout-too '$ ' 'exit 3\r' -- "$V" trace --backend soft shell
[ "$(cat "$TMP/result")" = "status 3
terminal restored" ] || fail "one terminal: $(cat "$TMP/result")"
tr -d '\r' <"$TMP/err" | grep -qx '\$ ' || fail "one terminal: the prompt is not a line of its own"
echo "PASS: trace reads the terminal's keys"
