#!/bin/sh
# --clock insn (core/vm_clock.h): the machine's time is the software CPU's
# instructions, so the same guest with the same input traced twice gives
# the same output, byte for byte - exits, registers, counters, times.
#   - tick_busy (tests/guests/tick_busy.S): 20 PIT ticks taken while the
#     guest loops without exits; each tick's handler writes the loop's
#     count and the TSC to port 0x80.  On host time the counts differ from
#     run to run (a tick comes when the host's alarm rings); here the
#     whole trace, text and JSON, must be the same twice.
#   - rt (the partitioning stage's control loop, 10 kHz for 2 s, its
#     latencies measured with the TSC): trace and console the same twice.
#   - tick_hlt (10 ticks of 54.9 ms taken in `sti; hlt`): each HLT jumps
#     to its tick's deadline - the time the PIT's count was loaded plus k
#     periods of 65536 pulses, to the nanosecond - instead of sleeping.
#   - shell, typed at: "ticks", three 100 ms pauses (--keys '\w': the
#     HLT waiting for the next key jumps to the pause's end), "ticks"
#     again: 0, then exactly 30 of the kernel's 100 Hz ticks; the same
#     twice.
#   - the refusals: --backend kvm and --nested, status 2 and why.
. tests/integration/lib.sh
set -e
for g in tick_busy tick_hlt; do
	[ -f "$BUILD/tests/guests/$g.elf" ] || fail "no $BUILD/tests/guests/$g.elf"
done

# twice NAME STATUS ARGS...: trace ARGS twice with --clock insn, stdout to
# $TMP/NAME.1 and .2, the console (--serial) to .1.con and .2.con; each
# run ends with STATUS and the two are the same byte for byte.
twice() {
	name=$1 want=$2; shift 2
	for i in 1 2; do
		run_status timeout 120 "$VMSCOPE" trace --backend soft --clock insn \
			--serial "$TMP/$name.$i.con" "$@" >"$TMP/$name.$i" 2>"$TMP/err"
		[ "$status" -eq "$want" ] ||
			fail "$name: run $i: status $status, not $want: $(tail -2 "$TMP/err")"
	done
	cmp "$TMP/$name.1" "$TMP/$name.2" >/dev/null ||
		fail "$name: two traces differ: $(diff "$TMP/$name.1" "$TMP/$name.2" | head -6)"
	cmp "$TMP/$name.1.con" "$TMP/$name.2.con" >/dev/null ||
		fail "$name: two consoles differ: $(diff "$TMP/$name.1.con" "$TMP/$name.2.con" | head -6)"
	echo "ok: $name: the same twice ($(wc -l <"$TMP/$name.1") lines)"
}

twice busy 42 "$BUILD/tests/guests/tick_busy.elf"
grep -q '^clock: the machine.s own, 1 ns per instruction retired' "$TMP/busy.1" ||
	fail "busy: the trace does not say which clock"
[ "$(grep -c 'INTR(10).*inc rbx\|INTR(10).*jmp' "$TMP/busy.1")" -eq 20 ] ||
	fail "busy: not 20 ticks ending a run in the loop: $(grep -c INTR "$TMP/busy.1")"
twice busy_json 42 --json "$BUILD/tests/guests/tick_busy.elf"
twice rt 0 rt
grep -q '^rt: hz 10000 due 20000 served 20000 handled 20000 missed 0 ' \
	"$TMP/rt.1.con" || fail "rt: $(tail -1 "$TMP/rt.1.con")"
twice shell 0 --keys 'ticks\n\w\w\wticks\nexit\n' shell
printf '$ ticks\n0\n$ ticks\n30\n$ exit\n' >"$TMP/want"
tail -n 5 "$TMP/shell.1.con" | cmp -s - "$TMP/want" ||
	fail "shell: three 100 ms pauses are not 30 ticks: $(cat "$TMP/shell.1.con")"

# Each HLT ends at its tick's deadline: the count was loaded at the last
# set-up OUT's exit (t_ns: time stands still while it is handled), and
# tick k is due 65536 * k pulses of 1.193182 MHz later, rounded up to the
# nanosecond (devices/pit8254.c).
run_status "$VMSCOPE" trace --backend soft --clock insn --json \
	"$BUILD/tests/guests/tick_hlt.elf" >"$TMP/hlt" 2>"$TMP/err"
[ "$status" -eq 42 ] || fail "tick_hlt: status $status: $(tail -2 "$TMP/err")"
python3 - "$TMP/hlt" <<'PY' || exit 1
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"seq"')]
load = recs[12]["t_ns"]          # the 13th set-up OUT: the count's MSB
hlts = [r for r in recs if r["reason"] == "HLT"]
got = [r["t_ns"] + r["handle_ns"] for r in hlts]
want = [load + -(-k * 65536 * 10**9 // 1193182) for k in range(1, 11)]
if got != want:
    sys.exit(f"FAIL: tick_hlt: HLTs end at {got}, deadlines {want}")
PY
echo "ok: tick_hlt: each HLT jumps to its tick's deadline"

# refusals
run_status "$VMSCOPE" trace --clock insn --backend kvm hello >/dev/null 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "--backend kvm: status $status, not 2"
grep -qx "vmscope trace: --clock insn: not with --backend kvm (KVM's time is the host's - the hardware TSC, KVM's timers - and it does not count instructions): use --backend soft" \
	"$TMP/err" || fail "--backend kvm: $(cat "$TMP/err")"
run_status "$VMSCOPE" run --batch --clock insn --backend kvm hello >/dev/null 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "run --backend kvm: status $status, not 2"
run_status "$VMSCOPE" trace --clock insn --nested 1 hello >/dev/null 2>"$TMP/err"
[ "$status" -eq 2 ] || fail "--nested: status $status, not 2"
grep -qx "vmscope trace: --clock insn: not with --nested (L2's CPU has no instruction budget yet)" \
	"$TMP/err" || fail "--nested: $(cat "$TMP/err")"
echo "ok: refused with KVM and with --nested"
echo "PASS"
