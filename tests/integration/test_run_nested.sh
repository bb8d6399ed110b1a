#!/bin/sh
# `vmscope run --nested 1 hello` as docs/NESTING.md says: with the default
# backend (auto: the one that can run an L2, saying which) hello runs as
# L2 to its end, status 0; the panels show L2's text marked by level, L2's
# exits with their level and rule, the last one the exit port L0 handles
# as the tracer says it; stopped at L2's first 'H', the exit log shows it
# reflected to L1.  Bad input gets a clear message and status 2; no
# terminal, status 1.  (The full-screen view itself: test_tui_nesting.sh.)
. tests/integration/lib.sh
set -e

"$VMSCOPE" trace --nested 1 --backend soft hello >"$TMP/trace" 2>/dev/null ||
	fail "the trace failed"
last=$(grep -E '^ +[0-9]+ ' "$TMP/trace" | tail -n 1)
n=$(echo "$last" | awk '{ print $1 }')
rule=${last#*→ }

run_status "$VMSCOPE" run --nested 1 --batch hello >"$TMP/out" 2>"$TMP/err"
[ $status -eq 0 ] || fail "run --nested 1 exited $status: $(cat "$TMP/err")"
grep -q "^vmscope: backend: soft (auto: " "$TMP/err" ||
	fail "auto does not say which backend: $(cat "$TMP/err")"
grep -qx "vmscope: guest exited with status 0" "$TMP/err" ||
	fail "no status line: $(cat "$TMP/err")"
sed -n '/^== Console ==$/,/^$/p' "$TMP/out" >"$TMP/console"
cat >"$TMP/want" <<'EOF'
== Console ==
[L1] hv: running hello as L2 in 32 MiB at L1-physical 0x2000000
[L2] Hello, world!
[L2] 2 + 40 = 42, in hex 0x2a

EOF
diff "$TMP/want" "$TMP/console" || fail "the console is not L2's text, marked"
grep -q "^ ended at exit $n: guest exited with status 0 |" "$TMP/out" ||
	fail "the status bar does not end at exit $n"
grep -qx "exit $n L2 IO_INSTRUCTION(30): $rule" "$TMP/out" ||
	fail "the Nesting panel's last rule is not the tracer's ($rule)"
grep -qE "^ +$n +\+[0-9.]+[um]?s L2 IO\(2\) +shutdown\+0x12 .*port=0xf4 out size=1 data=0x0  → handled in L0" "$TMP/out" ||
	fail "the exit log's last line is not L2's exit port, handled in L0"

h=$(grep -m 1 -E " L2 IO\(2\) .*data=0x48 'H'" "$TMP/trace" | awk '{ print $1 }')
run_status "$VMSCOPE" run --nested 1 --backend soft --batch --until "exits:$h" \
	hello >"$TMP/out" 2>"$TMP/err"
grep -qE "^ +$h +\+[0-9.]+[um]?s L2 IO\(2\) +uart_putc\+0x1c .*data=0x48 'H'  → reflected to L1" "$TMP/out" ||
	fail "the exit log has no L2 'H' reflected to L1 at exit $h"
grep -q "^== CPU: L2 ==$" "$TMP/out" || fail "the CPU panel is not L2's at exit $h"

# bad input: the option and why, status 2, nothing run
bad() { # message-pattern args...
	pattern=$1
	shift
	run_status "$VMSCOPE" run "$@" >"$TMP/out" 2>"$TMP/err"
	[ $status -eq 2 ] || fail "run $*: status $status, not 2"
	grep -qE "$pattern" "$TMP/err" || fail "run $*: said $(cat "$TMP/err")"
	[ ! -s "$TMP/out" ] || fail "run $*: printed panels"
}
bad "^vmscope run: --nested '9': out of range \(0 to [0-9]\)$" --nested 9 --batch hello
bad "^vmscope run: --nested 'one': not a number" --nested one --batch hello
bad "^vmscope run: --hypervisor hv: only with --nested 1 \(it runs the guest as its L2\)$" \
	--hypervisor hv --batch hello
bad "^vmscope run: --hypervisor nosuch: no built-in guest of that name$" \
	--nested 1 --hypervisor nosuch --batch hello
run_status "$VMSCOPE" run --nested 1 hello </dev/null >"$TMP/out" 2>"$TMP/err"
[ $status -eq 1 ] || fail "run --nested 1 without a terminal: status $status"
grep -q "not a terminal: use --batch for text" "$TMP/err" ||
	fail "run --nested 1 without a terminal said: $(cat "$TMP/err")"
echo "PASS"
