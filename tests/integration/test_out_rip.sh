# At an OUT exit the software CPU leaves RIP on the OUT, as hardware KVM
# does (Linux's kvm_fast_pio_out: the OUT is skipped when the next KVM_RUN
# completes the exit), so every view shows one address: hello's exit 9 is
# uart_putc+0x1c's `out dx, al` (0x1007ac).  The TUI's CPU panel prints
# the register and its symbol (run --batch), a lesson's {rip} and
# {reg.rip} agree, and the trace's closing registers (--json) are at the
# last exit's OUT - the exit port's, which ends the run: that OUT never
# retires (hello runs 5008 instructions, not 5009).  At an IN exit RIP is
# on the IN as before (exit 8, 0x1007a0).
. tests/integration/lib.sh
set -e
run_status "$VMSCOPE" run --batch --backend soft --until exits:9 hello >"$TMP/out" 2>"$TMP/err"
[ "$status" -eq 0 ] || fail "run --batch: status $status: $(tail -2 "$TMP/err")"
grep -qx "rip 0x1007ac  uart_putc+0x1c  cpl 0" "$TMP/out" ||
	fail "exit 9's CPU panel: $(grep '^rip' "$TMP/out")"
run_status "$VMSCOPE" run --batch --backend soft --until exits:8 hello >"$TMP/out" 2>"$TMP/err"
grep -qx "rip 0x1007a0  uart_putc+0x10  cpl 0" "$TMP/out" ||
	fail "exit 8's CPU panel: $(grep '^rip' "$TMP/out")"

cat >"$TMP/rip.lesson" <<'LESSON'
lesson rip
title RIP at an OUT exit
requires backend=soft
boot hello
limit 400 exits
step at-the-h
  run-until io-out where io.port == 0x3f8 and sym == "uart_putc"
  say rip {rip} reg.rip {reg.rip}
  expect rip == 0x1007ac "the exit is uart_putc's OUT"
  expect reg.rip == 0x1007ac "RIP is at the OUT, where the exit happened"
LESSON
run_status "$VMSCOPE" lesson --backend soft "$TMP/rip.lesson" </dev/null >"$TMP/out" 2>&1
[ "$status" -eq 0 ] || fail "the lesson: status $status: $(cat "$TMP/out")"
grep -q "rip 1050540 reg.rip 1050540" "$TMP/out" ||
	fail "the lesson's {rip} and {reg.rip}: $(grep 'rip' "$TMP/out")"

trace_summary --backend soft hello
python3 - "$TMP/summary" <<'PY' || exit 1
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
got = (s["final_regs"]["rip"], s["counters"]["instructions"])
if got != (0x1008c2, 5008):
    sys.exit(f"FAIL: closing rip, instructions = {got}, expected (0x1008c2, 5008)")
PY
echo "PASS: out rip"
