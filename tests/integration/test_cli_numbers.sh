# Numeric options read through one parser (core/number.c): a number that
# does not fit says "out of range", and a near miss (a leading space, a
# suffix, a sign, zero where at least 1 is needed) is refused with the
# reason, status 2, nothing on stdout and the guest never started.  The
# numbers inside --until's EVENT use the same parser.
. tests/integration/lib.sh
set -e
RANGE="out of range (1 to 18446744073709551615)"
NAN="not a number (digits only, or 0x and hex digits)"
refused() { # value reason
	run_status "$VMSCOPE" trace --backend soft --max-exits "$1" hello >"$TMP/out" 2>"$TMP/err"
	want="vmscope trace: --max-exits '$1': $2"
	[ "$status" -eq 2 ] || fail "--max-exits '$1': exit status $status, expected 2"
	[ "$(cat "$TMP/err")" = "$want" ] || fail "--max-exits '$1': said '$(cat "$TMP/err")', not '$want'"
	[ ! -s "$TMP/out" ] || fail "--max-exits '$1': printed on stdout (the guest ran?)"
}
refused 99999999999999999999 "$RANGE"
refused 18446744073709551616 "$RANGE"
refused 0 "$RANGE"
refused " 5" "$NAN"
refused "5x" "$NAN"
refused "-1" "$NAN"
refused "+5" "$NAN"
refused "" "$NAN"

# The same number in either spelling stops after the same exit.
for n in 3 0x3 003; do
	run_status "$VMSCOPE" trace --backend soft --max-exits $n --serial /dev/null hello \
		>"$TMP/out" 2>"$TMP/err"
	[ "$status" -eq 0 ] || fail "--max-exits $n: exit status $status"
	grep -q 'stopped after 3 exits' "$TMP/err" || fail "--max-exits $n: $(cat "$TMP/err")"
done

# --until exits:N goes through the same parser: " 5" is no number there either.
run_status "$VMSCOPE" run --batch --backend soft --until "exits: 5" hello >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "--until 'exits: 5': exit status $status, expected 2"
echo PASS
