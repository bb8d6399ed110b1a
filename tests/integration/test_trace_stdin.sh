# `vmscope trace` in a terminal without --keys: what the user types goes
# to the guest's keyboard (the shell guest runs `exit 3`), with the
# terminal's settings given back however the run ends (the guest's exit,
# Ctrl-C).  Without a terminal, stdin (a pipe, a file) is the keyboard,
# read only when the guest waits for a key and never waited for; its end
# is typed as Ctrl-D, and once the guest waits again (or --keys has typed
# its last) the run ends - echo and shell, their timer ticking, ran until
# killed.  `run --batch` reads stdin the same way.
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

# A pipe, a file, /dev/null: stdin's end is typed as the tty's end of file
# (Ctrl-D), so a program reading to the end finishes by itself - echo with
# status 0, the shell saying "exit" (a last line without its '\n' handed
# over first, as a terminal's Ctrl-D does); they were cut off waiting.
exited() { # what expected-console
	[ "$status" -eq 0 ] || fail "$1: status $status: $(cat "$TMP/err")"
	[ "$(cat "$TMP/err")" = "$(printf "$2")" ] ||
		fail "$1: the console was: $(cat "$TMP/err")"
}
printf 'hi\n' | { run_status timeout 60 "$VMSCOPE" trace --backend soft echo \
	>"$TMP/out" 2>"$TMP/err"; echo "$status" >"$TMP/status"; }
status=$(cat "$TMP/status")
exited "a pipe" 'hi\nhi\nvmscope: guest exited with status 0'
BANNER='vmscope shell: type help for the commands\n$ '
printf 'echo a b\necho c' >"$TMP/keys"
run_status timeout 60 "$VMSCOPE" trace --backend soft shell <"$TMP/keys" >"$TMP/out" 2>"$TMP/err"
exited "a file" "${BANNER}echo a b\na b\n\$ echo cc\n\$ exit\nvmscope: guest exited with status 0"
# a line per wait for a key, as a person types at the prompt: a line
# longer than the guest's tty ring (256 bytes) is cut there, as typed, and
# the lines after it still arrive whole (typed ahead all at once, they
# found the ring full and lost their start: "it 7", status 0)
printf 'echo %0300d\necho second\nexit 7\n' 0 >"$TMP/keys"
run_status timeout 60 "$VMSCOPE" trace --backend soft shell <"$TMP/keys" >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 7 ] || fail "a long line: status $status: $(tail -3 "$TMP/err")"
[ "$(tail -n 4 "$TMP/err")" = "$(printf '$ echo second\nsecond\n$ exit 7\nvmscope: guest exited with status 7')" ] ||
	fail "a long line: the console ended: $(tail -n 4 "$TMP/err")"
printf 'echo a b\nexit 4\n' >"$TMP/keys"
run_status timeout 60 "$VMSCOPE" trace --backend soft shell <"$TMP/keys" >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 4 ] || fail "a file: status $status: $(cat "$TMP/err")"
grep -qx 'a b' "$TMP/err" || fail "a file: shell did not echo 'a b': $(cat "$TMP/err")"
run_status timeout 60 "$VMSCOPE" trace --backend soft shell </dev/null >"$TMP/out" 2>"$TMP/err"
exited "</dev/null" "${BANNER}exit\nvmscope: guest exited with status 0"
# a closed stdin is no keyboard, as /dev/null (it was "stdin: Bad file
# descriptor", status 1)
run_status timeout 60 "$VMSCOPE" trace --backend soft shell <&- >"$TMP/out" 2>"$TMP/err"
exited "<&-" "${BANNER}exit\nvmscope: guest exited with status 0"
# once --keys has typed its last and the guest waits, nothing ever comes:
# the run ends, status 0
run_status timeout 60 "$VMSCOPE" trace --backend soft --keys 'hi\n' echo </dev/null >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 0 ] || fail "--keys: status $status: $(cat "$TMP/err")"
[ "$(tail -n 1 "$TMP/err")" = "vmscope: guest halted waiting for a key: --keys has typed its last" ] ||
	fail "--keys: ended with '$(tail -n 1 "$TMP/err")'"
# a read error is said and fails the run
run_status timeout 60 "$VMSCOPE" trace --backend soft echo </ >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 1 ] || fail "stdin a folder: status $status: $(cat "$TMP/err")"
[ "$(tail -n 1 "$TMP/err")" = "vmscope: stdin: Is a directory" ] ||
	fail "stdin a folder: ended with '$(tail -n 1 "$TMP/err")'"

# An open pipe nobody writes to does not freeze the machine: the guest's
# timer goes on ticking while stdin is silent, so --max-exits ends the run
# (it waited in poll() for the pipe, the tick waking the HLT not taken).
mkfifo "$TMP/silent"
sleep 600 >"$TMP/silent" &
writer=$!
run_status timeout 120 "$VMSCOPE" trace --backend soft --clock insn --max-exits 3000 shell \
	<"$TMP/silent" >"$TMP/out" 2>"$TMP/err"
kill "$writer"
[ "$status" -eq 0 ] || fail "a silent pipe: status $status: $(tail -n 2 "$TMP/err")"
[ "$(tail -n 1 "$TMP/err")" = "vmscope: stopped after 3000 exits (--max-exits)" ] ||
	fail "a silent pipe: ended with '$(tail -n 1 "$TMP/err")'"

# A background job (`vmscope trace shell &`) never reads the terminal, the
# foreground job's: it was stopped by SIGTTIN at the guest's first read.
(cd "$TMP" && timeout 120 python3 "$OLDPWD/tests/integration/tty_background.py" \
	"$V" trace --backend soft --clock insn --max-exits 3000 shell) >"$TMP/result"
[ "$(cat "$TMP/result")" = "status 0
unread: b'typed\\n'" ] || fail "a background job: $(cat "$TMP/result")"
[ "$(tail -n 1 "$TMP/err")" = "vmscope: stopped after 3000 exits (--max-exits)" ] ||
	fail "a background job: ended with '$(tail -n 1 "$TMP/err")'"
# run --batch: nobody types there either, so stdin (or --keys) is the
# keyboard the same way (it ran for ever on </dev/null)
batch_end() { # what status last-line-of-stderr
	[ "$status" -eq "$2" ] || fail "run --batch $1: status $status: $(cat "$TMP/err")"
	[ "$(tail -n 1 "$TMP/err")" = "vmscope: $3" ] ||
		fail "run --batch $1: ended with '$(tail -n 1 "$TMP/err")'"
}
run_status timeout 60 "$VMSCOPE" run --batch --backend soft shell </dev/null >"$TMP/out" 2>"$TMP/err"
batch_end "</dev/null" 0 "guest exited with status 0"
grep -qx '\$ exit' "$TMP/out" || fail "run --batch </dev/null: the shell saw no end of file"
printf 'echo a b\nexit 5\n' >"$TMP/keys"
run_status timeout 60 "$VMSCOPE" run --batch --backend soft shell <"$TMP/keys" >"$TMP/out" 2>"$TMP/err"
batch_end "a file" 5 "guest exited with status 5"
grep -qx 'a b' "$TMP/out" || fail "run --batch a file: shell did not echo 'a b'"
run_status timeout 60 "$VMSCOPE" run --batch --backend soft --keys 'hi\n' echo </dev/null \
	>"$TMP/out" 2>"$TMP/err"
batch_end "--keys" 0 "guest halted waiting for a key: --keys has typed its last"
run_status timeout 60 "$VMSCOPE" run --batch --backend soft echo </ >"$TMP/out" 2>"$TMP/err"
batch_end "</" 1 "stdin: Is a directory"
# a terminal as stdin: nobody types at run --batch, so the guest's wait
# for a key stops the run, saying why (it waited for ever, deaf to typing)
type_at 'does not read' '' -- "$V" run --batch --backend soft shell
[ "$(cat "$TMP/result")" = "status 1
terminal restored" ] || fail "run --batch at a terminal: $(cat "$TMP/result")"
grep -q "vmscope: guest halted waiting for a key: stdin is a terminal, which run --batch does not read (type at vmscope trace, or give --keys or a pipe)" "$TMP/err" ||
	fail "run --batch at a terminal said: $(cat "$TMP/err")"

# a guest that reads no key leaves stdin to what comes after
printf 'line\n' | { "$VMSCOPE" trace --backend soft hello >/dev/null 2>&1; cat; } >"$TMP/rest"
[ "$(cat "$TMP/rest")" = "line" ] || fail "hello read stdin: '$(cat "$TMP/rest")' was left"
echo "PASS: trace reads the terminal's keys"
