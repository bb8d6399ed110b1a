# `vmscope trace` in a terminal without --keys: what the user types goes
# to the guest's keyboard (the shell guest runs `exit 3`), with the
# terminal's settings given back however the run ends (the guest's exit,
# Ctrl-C).  Without a terminal, stdin (a pipe, a file) is the keyboard,
# read only when the guest waits for a key; once it has ended (or --keys
# has typed its last) and the guest waits for a key, the run ends - echo
# and shell, their timer ticking, ran until killed.
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

# A pipe, a file, /dev/null, --keys: the same end, status 0.
ended() { # what stdin-or-keys-note
	[ "$status" -eq 0 ] || fail "$1: status $status: $(cat "$TMP/err")"
	[ "$(tail -n 1 "$TMP/err")" = "vmscope: guest halted waiting for a key: $2" ] ||
		fail "$1: ended with '$(tail -n 1 "$TMP/err")'"
}
printf 'hi\n' | { run_status timeout 60 "$VMSCOPE" trace --backend soft echo \
	>"$TMP/out" 2>"$TMP/err"; echo "$status" >"$TMP/status"; }
status=$(cat "$TMP/status")
ended "a pipe" "stdin has ended"
[ "$(cat "$TMP/err")" = "$(printf 'hi\nhi\nvmscope: guest halted waiting for a key: stdin has ended')" ] ||
	fail "a pipe: the piped line was not typed: $(cat "$TMP/err")"
printf 'echo a b\nexit 4\n' >"$TMP/keys"
run_status timeout 60 "$VMSCOPE" trace --backend soft shell <"$TMP/keys" >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 4 ] || fail "a file: status $status: $(cat "$TMP/err")"
grep -qx 'a b' "$TMP/err" || fail "a file: shell did not echo 'a b': $(cat "$TMP/err")"
run_status timeout 60 "$VMSCOPE" trace --backend soft shell </dev/null >"$TMP/out" 2>"$TMP/err"
ended "</dev/null" "stdin has ended"
run_status timeout 60 "$VMSCOPE" trace --backend soft --keys 'hi\n' echo </dev/null >"$TMP/out" 2>"$TMP/err"
ended "--keys" "--keys has typed its last"
# a guest that reads no key leaves stdin to what comes after
printf 'line\n' | { "$VMSCOPE" trace --backend soft hello >/dev/null 2>&1; cat; } >"$TMP/rest"
[ "$(cat "$TMP/rest")" = "line" ] || fail "hello read stdin: '$(cat "$TMP/rest")' was left"
echo "PASS: trace reads the terminal's keys"
