#!/bin/sh
# A lesson at a plain terminal numbers its exits as the tracer and the TUI
# do (core/exit_number.h): a stop of vmscope's is "N.K", the K-th stop
# after the guest's exit N, and the guest's exits keep their numbers.
# Step by step: the guest's exits 1-9; two single steps after exit 9 (its
# OUT is still at RIP: the first step finishes it and stops after it, as
# KVM's single step does) and the guest's exit 10; then a step with a machine of its own, whose two
# stops are the first two lines `vmscope trace --step-insn` prints for the
# same guest, and its exit 1 the first line of `vmscope trace`.  Lines are compared whole but for the time since the previous
# exit.  The lesson steps instructions, so it runs on the software CPU.
. tests/integration/lib.sh
set -e

cat >"$TMP/numbers.lesson" <<'LESSON'
lesson numbers
title Numbers
requires backend=soft
boot hello
limit 400 exits
step to-h
  run-until io-out where io.port == 0x3f8 and sym == "uart_putc"
step stepped
  step-insn 2
  step-exit 1
step fresh
  boot hello --backend soft
  step-insn 2
  step-exit 1
LESSON

# the time column, which differs from run to run, as T
untimed() { sed -E 's/ +\+[0-9.]+(us|ms|s) / T /'; }

run_status "$VMSCOPE" lesson --backend soft "$TMP/numbers.lesson" \
	</dev/null >"$TMP/out" 2>&1
cat "$TMP/out"
[ "$status" -eq 0 ] || fail "the lesson: status $status"

sed -n '/^-- step to-h /,/^== step to-h /p' "$TMP/out" | sed '1d;$d' |
	cut -c1-6 >"$TMP/to-h"
printf '     %s\n' 1 2 3 4 5 6 7 8 9 | diff - "$TMP/to-h" ||
	fail "the guest's exits 1-9 are not numbered 1-9"

sed -n '/^-- step stepped /,/^== step stepped /p' "$TMP/out" | sed '1d;$d' |
	untimed >"$TMP/stepped"
cat >"$TMP/want" <<'EOF'
   9.1 T L1 DEBUG(4) -                   uart_putc+0x1d     pop rbp     exception=1 pc=0x1007ad
   9.2 T L1 DEBUG(4) -                   uart_putc+0x1e     ret         exception=1 pc=0x1007ae
    10 T L1 IO(2)    -                   uart_putc+0x10     in al, dx   port=0x3fd in size=1 data=0x60
EOF
diff "$TMP/want" "$TMP/stepped" || fail "the stops after exit 9"

sed -n '/^-- step fresh /,/^== step fresh /p' "$TMP/out" | sed '1d;$d' |
	untimed >"$TMP/fresh"
{
	yes '' 2>/dev/null | "$VMSCOPE" trace --backend soft --step-insn hello \
		2>/dev/null | grep -E '^ *[0-9]' | head -n 2
	"$VMSCOPE" trace --backend soft hello 2>/dev/null |
		grep -E '^ *[0-9]' | head -n 1
} | untimed >"$TMP/trace"
diff "$TMP/trace" "$TMP/fresh" ||
	fail "a fresh machine's stops are not numbered as the tracer numbers them"
grep -q '^   0\.1 T ' "$TMP/fresh" || fail "the first stop of a fresh machine is not 0.1"
echo "PASS"
