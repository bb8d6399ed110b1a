# The JSON summary says how the run ended ("end"): exited with the
# guest's status, halted, crashed with the reason, stopped (by the exit
# limit, or by a signal, with its number).
. tests/integration/lib.sh
set -e
end_of() { # expected-end-object vmscope-args...
	want=$1
	shift
	"$VMSCOPE" trace --backend soft --json "$@" >"$TMP/out" 2>"$TMP/err" || true
	got=$(tail -n 1 "$TMP/out" | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["summary"]["end"], separators=(",", ":")))')
	[ "$got" = "$want" ] || fail "$*: end $got, expected $want"
}
end_of '{"state":"exited","status":0,"reason":"guest exited with status 0"}' hello
end_of '{"state":"stopped","reason":"stopped after 5 exits (--max-exits)"}' --max-exits 5 hello
end_of '{"state":"halted","reason":"guest halted (HLT with interrupts off)"}' exits
end_of '{"state":"crashed","reason":"SHUTDOWN(8): the guest triple-faulted"}' "$BUILD/tests/guests/triple_fault.elf"

V=$(cd "$(dirname "$VMSCOPE")" && pwd)/$(basename "$VMSCOPE")
(cd "$TMP" && python3 "$OLDPWD/tests/integration/signal_run.py" '$ ' TERM -- "$V" trace --backend soft --json shell) >"$TMP/status" ||
	fail "SIGTERM: $(cat "$TMP/status")"
grep -qx 'status 143' "$TMP/status" || fail "SIGTERM: $(cat "$TMP/status"), not status 143"
got=$(tail -n 1 "$TMP/out" | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["summary"]["end"], separators=(",", ":")))')
[ "$got" = '{"state":"stopped","signal":15,"reason":"stopped by SIGTERM"}' ] || fail "SIGTERM: end $got"
echo "PASS: JSON end state"
