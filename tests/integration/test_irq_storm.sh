# An interrupt storm with the line held high (tests/guests/irq_storm.S):
# the handler sets IF again at once, and every injection must come through
# the interrupt window vmscope asks for at the previous injection, since
# the guest makes no other exit.  The nesting overflows the stack into page
# 0 after exactly 85 frames: the 86th injection triple-faults.  On every
# backend; a guard of 60 s turns the old hang into a failure.
. tests/integration/lib.sh
set -e
for backend in $(backends); do
	run_status timeout 60 "$VMSCOPE" trace --json --backend $backend \
		"$BUILD/tests/guests/irq_storm.elf" >"$TMP/trace" 2>"$TMP/err"
	[ "$status" -ne 124 ] || fail "$backend: the storm hung (an interrupt waits for a window nobody asked for)"
	[ "$status" -eq 1 ] || fail "$backend: exit status $status, expected 1: $(head -3 "$TMP/err")"
	grep -q '^vmscope: guest crashed: SHUTDOWN(8): the guest triple-faulted$' "$TMP/err" ||
		fail "$backend: not a triple fault: $(head -3 "$TMP/err")"
	grep -q 'rip 0x[0-9a-f]* <storm_handler+0x1>' "$TMP/err" ||
		fail "$backend: the crash is not in the handler's spin: $(head -3 "$TMP/err")"
	python3 - "$TMP/trace" "$backend" <<'PY' || exit 1
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"seq"')]
backend = sys.argv[2]
def count(pred):
    return sum(1 for r in recs if pred(r))
injected = count(lambda r: r.get("inject") == {"irq": 4, "vector": 0x24})
windows = count(lambda r: r["reason"] == "IRQ_WINDOW_OPEN")
io = count(lambda r: r["reason"] == "IO")
got = (io, windows, injected, len(recs), recs[-1]["reason"])
want = (11, 86, 86, 98, "SHUTDOWN")
if got != want:
    sys.exit(f"FAIL: {backend}: (IO, windows, injections, exits, last) = {got}, expected {want}")
PY
done
echo PASS
