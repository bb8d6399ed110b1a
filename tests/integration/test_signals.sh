# Signals end a run and say which one did, with the shell's status for
# it: SIGTERM 143, SIGINT 130, SIGHUP 129 (docs/TRACE.md, "Exit status").
# The tracer and `run --batch` alike; Ctrl-C typed at the --step prompt
# stops at once, and so does the end of its input.  The shell guest runs
# until stopped: it waits for keys with its timer ticking.
. tests/integration/lib.sh
set -e
signal_run() { # [--pty] READY SIGNAL|KEYS -- command...: "status N" in $TMP/status
	(cd "$TMP" && python3 "$OLDPWD/tests/integration/signal_run.py" "$@") >"$TMP/status" ||
		fail "$*: $(cat "$TMP/status")"
}
expect() { # what status last-stderr-line
	[ "$(cat "$TMP/status")" = "status $2" ] || fail "$1: $(cat "$TMP/status"), expected $2"
	last=$(tail -n 1 "$TMP/err" | tr -d '\r')
	[ "$last" = "$3" ] || fail "$1: ended with '$last', expected '$3'"
}
V=$(cd "$(dirname "$VMSCOPE")" && pwd)/$(basename "$VMSCOPE")

for sig in TERM:143:'stopped by SIGTERM' INT:130:'stopped by Ctrl-C (SIGINT)' \
	   HUP:129:'stopped by SIGHUP (the terminal went away)'; do
	name=${sig%%:*} rest=${sig#*:}
	signal_run '$ ' $name -- "$V" trace --backend soft shell
	expect "trace, SIG$name" "${rest%%:*}" "vmscope: ${rest#*:}"
	grep -q '^ *[0-9]\+ .* L1 ' "$TMP/out" || fail "trace, SIG$name: no trace"
	grep -q 'exits reached vmscope' "$TMP/out" || fail "trace, SIG$name: no summary"
done

# run --batch: the panels show where the signal stopped the guest.  The
# note on the backend (auto, on any host) comes after the signals are
# blocked: one sent then waits until the run catches it.
signal_run 'vmscope: backend: ' TERM -- "$V" run --batch --backend auto shell
expect "run --batch, SIGTERM" 143 "vmscope: stopped by SIGTERM"
grep -q 'Exits' "$TMP/out" || fail "run --batch, SIGTERM: no panels printed"

# run --batch --cell: the same, the Cells panel first (it exited 0 with
# nothing said).
printf 'cell n\n\timage noise\n\tram 0x0 16M\n\tconsole none\n' >"$TMP/n.cell"
signal_run 'vmscope: backend: ' TERM -- "$V" run --batch --backend auto --cell "$TMP/n.cell"
expect "run --batch --cell, SIGTERM" 143 "vmscope: stopped by SIGTERM"
grep -q '^n  *[a-z]' "$TMP/out" || fail "run --batch --cell, SIGTERM: no panel: $(cat "$TMP/out")"

# --step: Ctrl-C at the prompt stops before the next exit
signal_run --pty 'quit] ' '\x03' -- "$V" trace --backend soft --step hello
expect "--step, Ctrl-C" 130 "vmscope: stopped by Ctrl-C (SIGINT)"
[ "$(grep -c '^ *[0-9]\+ .* L1 ' "$TMP/out")" -eq 1 ] || fail "--step, Ctrl-C: ran on past the prompt"

# --step: Ctrl-D (end of input) at the prompt stops too
signal_run --pty 'quit] ' '\x04' -- "$V" trace --backend soft --step hello
expect "--step, Ctrl-D" 0 "vmscope: stopped at the end of input (--step)"
[ "$(grep -c '^ *[0-9]\+ .* L1 ' "$TMP/out")" -eq 1 ] || fail "--step, Ctrl-D: ran on past the prompt"

# and so does </dev/null: nobody is there to press Enter
run_status "$VMSCOPE" trace --backend soft --step hello </dev/null >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 0 ] || fail "--step </dev/null: exit status $status"
[ "$(tail -n 1 "$TMP/err")" = "vmscope: stopped at the end of input (--step)" ] ||
	fail "--step </dev/null: ended with '$(tail -n 1 "$TMP/err")'"
[ "$(grep -c '^ *[0-9]\+ .* L1 ' "$TMP/out")" -eq 1 ] || fail "--step </dev/null: ran to the end"
echo "PASS: signals"
